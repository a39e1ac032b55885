import type { IncomingMessage } from 'node:http';
import { WALL_SCREEN_ROLE } from '$lib/domain/permissions';
import { sessionTokenFromCookieHeader } from '../auth/cookie';
import { validateSessionToken, type SessionUser } from '../auth/session.service';
import { activeWallScreens, authenticateWallToken, isWallSessionId, wallSessionId } from '../wall/wall.service';

export type HandshakeIdentity = { user: SessionUser; sessionId: string };

/**
 * A wall screen opens Socket.IO (never /yjs) with `?wall=<token>` instead of a cookie. It acts
 * as WALL_SCREEN_ROLE (the permission table's read-only supervisor view) and gets the pseudo
 * session id `wall:<screen id>`, so revoking the screen ends its sockets like a logout does.
 */
function wallTokenOf(req: IncomingMessage): string | null {
	if (!req.url?.startsWith('/socket.io/')) return null;
	return new URL(req.url, 'http://local').searchParams.get('wall');
}

/** Authenticates a WebSocket or Socket.IO handshake from the same session cookie as pages (or a wall token). */
export async function identifyHandshake(req: IncomingMessage): Promise<HandshakeIdentity | null> {
	const wallToken = wallTokenOf(req);
	if (wallToken !== null) {
		const screen = await authenticateWallToken(wallToken);
		if (!screen) return null;
		const id = wallSessionId(screen.id);
		return { user: { id, email: '', name: screen.name, role: WALL_SCREEN_ROLE, locale: 'it' }, sessionId: id };
	}
	const token = sessionTokenFromCookieHeader(req.headers.cookie);
	if (!token) return null;
	const result = await validateSessionToken(token);
	return result ? { user: result.user, sessionId: result.session.id } : null;
}

/** The periodic sweep's check: sessions by the session store, wall screens by their own table. */
export async function stillValidConnections(ids: string[], sessionsStillValid: (ids: string[]) => Promise<Set<string>>): Promise<Set<string>> {
	const walls = ids.filter(isWallSessionId);
	const [sessions, screens] = await Promise.all([sessionsStillValid(ids.filter((id) => !isWallSessionId(id))), activeWallScreens(walls.map((w) => w.slice('wall:'.length)))]);
	for (const id of screens) sessions.add(wallSessionId(id));
	return sessions;
}

/** Wall screens have no session to extend. */
export const extendableSessions = (ids: string[]) => ids.filter((id) => !isWallSessionId(id));
