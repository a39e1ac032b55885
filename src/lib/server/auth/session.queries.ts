import { and, eq, gt, inArray, lt, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';

export type NewSessionRow = typeof sessions.$inferInsert;

export async function insertSession(db: Db, row: NewSessionRow): Promise<void> {
	await db.insert(sessions).values(row);
}

export async function findSessionWithUser(db: Db, sessionId: string) {
	const rows = await db
		.select({
			session: sessions,
			user: { id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale, active: users.active }
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, sessionId))
		.limit(1);
	return rows[0] ?? null;
}

export async function touchSession(db: Db, sessionId: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
	await db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, sessionId));
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function deleteUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<number> {
	const where = exceptSessionId
		? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
		: eq(sessions.userId, userId);
	const deleted = await db.delete(sessions).where(where).returning({ id: sessions.id });
	return deleted.length;
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
	const deleted = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
	return deleted.length;
}

export async function countUserSessions(db: Db, userId: string): Promise<number> {
	const rows = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
	return rows.length;
}

export async function findLiveSessionIds(db: Db, ids: string[], now: Date): Promise<string[]> {
	if (ids.length === 0) return [];
	const rows = await db
		.select({ id: sessions.id })
		.from(sessions)
		.where(and(inArray(sessions.id, ids), gt(sessions.expiresAt, now)));
	return rows.map((r) => r.id);
}
