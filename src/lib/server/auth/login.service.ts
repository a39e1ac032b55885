import { z } from 'zod';
import { db } from '../db/client';
import { UnauthorizedError, ValidationError } from '../errors';
import { audit } from './audit.service';
import { burnPasswordCheck, MAX_PASSWORD_LENGTH, verifyPassword } from './password';
import { createSession, invalidateSession, invalidateUserSessions, type SessionContext, type SessionUser } from './session.service';
import { assertLoginAllowed, clearAccountFailures, recordLoginFailure } from './throttle';
import { findUserByEmail } from './users.queries';
import { announceSessionEnded, announceSessionsEnded } from '../realtime/live-bridge';

export const loginInput = z.object({
	email: z.string().trim().toLowerCase().pipe(z.email({ message: 'invalid email' })),
	password: z.string().min(1, 'required').max(MAX_PASSWORD_LENGTH)
});

export type LoginResult = { user: SessionUser; token: string; cookieExpiresAt: Date };

/**
 * Logs a user in. The error for a wrong password and for an unknown or deactivated email is the
 * same, and takes the same time, so the endpoint cannot be used to find out who has an account.
 */
export async function login(input: unknown, context: SessionContext = {}): Promise<LoginResult> {
	const parsed = loginInput.safeParse(input);
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	const { email, password } = parsed.data;
	const ip = context.ip ?? null;

	await assertLoginAllowed(email, ip);
	const user = await findUserByEmail(db(), email);
	const ok = user && user.active ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
	if (!user || !ok) {
		await recordLoginFailure(email, ip);
		await audit({ action: 'login.failure', actorUserId: user?.id ?? null, subject: email, ip, details: { reason: user ? (user.active ? 'password' : 'inactive') : 'unknown-email' } });
		throw new UnauthorizedError();
	}
	await clearAccountFailures(email);
	const { token, session } = await createSession(user, context);
	await audit({ action: 'login.success', actorUserId: user.id, subject: user.email, ip });
	return {
		user: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale },
		token,
		cookieExpiresAt: session.cookieExpiresAt
	};
}

export async function logout(sessionId: string, userId: string, ip: string | null = null): Promise<void> {
	await invalidateSession(sessionId);
	await audit({ action: 'logout', actorUserId: userId, ip });
	announceSessionEnded(sessionId);
}

/** Ends every session of the user, on every device, and drops their live sockets. */
export async function logoutEverywhere(userId: string, ip: string | null = null): Promise<number> {
	const count = await invalidateUserSessions(userId);
	await audit({ action: 'logout.everywhere', actorUserId: userId, ip, details: { sessions: count } });
	announceSessionsEnded(userId);
	return count;
}
