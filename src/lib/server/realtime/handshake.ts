import type { IncomingMessage } from 'node:http';
import { sessionTokenFromCookieHeader } from '../auth/cookie';
import { validateSessionToken, type SessionUser } from '../auth/session.service';

export type HandshakeIdentity = { user: SessionUser; sessionId: string };

/** Authenticates a WebSocket or Socket.IO handshake from the same session cookie as pages. */
export async function identifyHandshake(req: IncomingMessage): Promise<HandshakeIdentity | null> {
	const token = sessionTokenFromCookieHeader(req.headers.cookie);
	if (!token) return null;
	const result = await validateSessionToken(token);
	return result ? { user: result.user, sessionId: result.session.id } : null;
}
