/**
 * Socket.IO `/live` events, shared by client and server. Yjs carries what people edit together;
 * these carry facts the server announces.
 */
export type LiveIdentity = { userId: string; name: string; role: string };

/** A call was created or changed (status, times): boards and lists refresh that call. */
export type CallChanged = { id: string; number: string; status: string; change: 'created' | 'status' };

export interface ServerToClientEvents {
	'call:changed': (payload: CallChanged) => void;
	/** Sent once after connecting: who the server thinks you are. */
	'session:ready': (identity: LiveIdentity) => void;
	/** Your session was ended (logout everywhere, password reset, deactivation). */
	'session:ended': () => void;
}

export interface ClientToServerEvents {
	/** Round-trip check used by clients and health probes. */
	ping: (ack: (reply: { at: string }) => void) => void;
}

export const LIVE_NAMESPACE = '/live';

/** Socket.IO rooms: everyone of a role, one user. */
export const roomOfRole = (role: string) => `role:${role}`;
export const roomOfUser = (userId: string) => `user:${userId}`;
export const YJS_PATH_PREFIX = '/yjs/';

/** Board docs are one per company day; nothing else may be opened through /yjs. */
export const BOARD_DOC_PATTERN = /^board:(\d{4}-\d{2}-\d{2})$/;

/** `board:YYYY-MM-DD` naming a real calendar day (not 2026-02-30). */
export function isBoardDocName(name: string): boolean {
	const match = BOARD_DOC_PATTERN.exec(name);
	if (!match) return false;
	const day = new Date(`${match[1]}T12:00:00Z`);
	return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === match[1];
}
