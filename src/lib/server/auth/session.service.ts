import type { Role } from '$lib/domain/permissions';
import { cookieExpiry, evaluateSession, initialExpiry, policyFor } from '$lib/domain/session-expiry';
import { db, type Db } from '../db/client';
import * as queries from './session.queries';
import { generateSessionToken, isWellFormedToken, sessionIdFromToken } from './token';

export type SessionUser = { id: string; email: string; name: string; role: Role; locale: 'it' | 'en' };
export type ValidSession = { id: string; userId: string; cookieExpiresAt: Date };

export type SessionContext = { userAgent?: string | null; ip?: string | null };

export async function createSession(
	user: { id: string; role: Role },
	context: SessionContext = {},
	now = new Date(),
	database: Db = db()
): Promise<{ token: string; session: ValidSession }> {
	const token = generateSessionToken();
	const policy = policyFor(user.role);
	const id = sessionIdFromToken(token);
	const expiresAt = initialExpiry(policy, now);
	await queries.insertSession(database, {
		id,
		userId: user.id,
		createdAt: now,
		lastSeenAt: now,
		expiresAt,
		userAgent: context.userAgent?.slice(0, 400) ?? null,
		ip: context.ip ?? null
	});
	return { token, session: { id, userId: user.id, cookieExpiresAt: cookieExpiry(policy, { createdAt: now, expiresAt }) } };
}

/**
 * Resolves a cookie token to its session and user, sliding or ending it as the role's policy says.
 * Deactivated users' sessions are deleted on sight.
 */
export async function validateSessionToken(
	token: string,
	now = new Date(),
	database: Db = db()
): Promise<{ session: ValidSession; user: SessionUser } | null> {
	if (!isWellFormedToken(token)) return null;
	const id = sessionIdFromToken(token);
	const row = await queries.findSessionWithUser(database, id);
	if (!row) return null;
	const { session, user } = row;
	if (!user.active) {
		await queries.deleteSession(database, id);
		return null;
	}
	const policy = policyFor(user.role);
	const verdict = evaluateSession(policy, session, now);
	if (!verdict.valid) {
		await queries.deleteSession(database, id);
		return null;
	}
	let expiresAt = session.expiresAt;
	if (verdict.touch) {
		await queries.touchSession(database, id, verdict.lastSeenAt, verdict.expiresAt);
		expiresAt = verdict.expiresAt;
	}
	return {
		session: { id, userId: user.id, cookieExpiresAt: cookieExpiry(policy, { createdAt: session.createdAt, expiresAt }) },
		user: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale }
	};
}

export async function invalidateSession(sessionId: string, database: Db = db()): Promise<void> {
	await queries.deleteSession(database, sessionId);
}

export async function invalidateUserSessions(userId: string, exceptSessionId?: string, database: Db = db()): Promise<number> {
	return queries.deleteUserSessions(database, userId, exceptSessionId);
}

export async function deleteExpiredSessions(now = new Date(), database: Db = db()): Promise<number> {
	return queries.deleteExpiredSessions(database, now);
}

/** Of these sessions, the ones that still exist and have not expired (for long-lived sockets). */
export async function liveSessionIds(ids: string[], now = new Date(), database: Db = db()): Promise<Set<string>> {
	return new Set(await queries.findLiveSessionIds(database, ids, now));
}

/**
 * Socket traffic does not pass through the HTTP hook, so editing on the board would not count as
 * activity; the realtime layer calls this for sessions whose sockets sent edits or events.
 */
export async function extendSessions(ids: string[], now = new Date(), database: Db = db()): Promise<void> {
	for (const id of ids) {
		const row = await queries.findSessionWithUser(database, id);
		if (!row || !row.user.active) continue;
		const verdict = evaluateSession(policyFor(row.user.role), row.session, now);
		if (verdict.valid && verdict.touch) await queries.touchSession(database, id, verdict.lastSeenAt, verdict.expiresAt);
	}
}
