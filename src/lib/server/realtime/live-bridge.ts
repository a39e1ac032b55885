import { logger } from '../logger';
import { redis, redisKey } from '../redis';

/**
 * Sessions end in whichever process served the request, but sockets may be open on any web
 * process; a Redis channel tells them all which sockets to close.
 */
export type SessionsEnded =
	| { kind: 'user'; userId: string; exceptSessionId?: string }
	| { kind: 'session'; sessionId: string };

export function sessionsEndedChannel(): string {
	return redisKey('sessions-ended');
}

function publish(message: SessionsEnded): void {
	redis()
		.publish(sessionsEndedChannel(), JSON.stringify(message))
		.catch((error) => logger().warn({ err: error, message }, 'could not announce ended sessions'));
}

/** All of a user's sessions ended (logout everywhere, reset, deactivation), or all but one. */
export function announceSessionsEnded(userId: string, exceptSessionId?: string): void {
	publish({ kind: 'user', userId, exceptSessionId });
}

export function announceSessionEnded(sessionId: string): void {
	publish({ kind: 'session', sessionId });
}

export function parseSessionsEnded(raw: string): SessionsEnded | null {
	try {
		const value = JSON.parse(raw) as SessionsEnded;
		if (value?.kind === 'user' && typeof value.userId === 'string') return value;
		if (value?.kind === 'session' && typeof value.sessionId === 'string') return value;
	} catch {
		/* ignore malformed messages */
	}
	return null;
}

/** Whether a connection of this user and session must close for the announcement. */
export function endsConnection(message: SessionsEnded, conn: { userId: string; sessionId: string }): boolean {
	if (message.kind === 'session') return conn.sessionId === message.sessionId;
	return conn.userId === message.userId && conn.sessionId !== message.exceptSessionId;
}
