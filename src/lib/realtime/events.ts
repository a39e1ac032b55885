/**
 * Socket.IO `/live` events, shared by client and server. Yjs carries what people edit together;
 * these carry facts the server announces.
 */
export type LiveIdentity = { userId: string; name: string; role: string };

/** A call was created or changed (status, times): boards and lists refresh that call. */
export type CallChanged = { id: string; number: string; status: string; change: 'created' | 'status' };

/**
 * The plan of these calls changed on the board (another technician, another time, a second visit)
 * without changing their status. Only maps and wall screens listen: the board has the day doc,
 * and lists show no plan, so nobody else reloads for it.
 */
export type CallPlanned = { ids: string[] };

/** A technician's day changed on the board (the technician app refreshes and shows a notice). */
export type AssignmentChanged = { day: string; assignmentId: string; callId: string; change: 'added' | 'changed' | 'removed' | 'cancelled' };

/**
 * These customers' "has overdue receivables" flag changed (a receivables import or PUT): every
 * "Insoluti" badge on open pages (lists, call page, board) turns on or off without a reload.
 */
export type CustomerUnpaid = { customers: Array<{ id: string; unpaid: boolean }> };

/** Contract 2: a technician's device reports where it is (the server knows who from the session). */
export type PositionReport = { lat: number; lng: number; accuracy?: number; heading?: number; speed?: number; recordedAt: string };
export type PositionReportAck = { ok: true } | { ok: false; error: string };
/** Contract 3: a technician's current position changed (office rooms only). */
export type TechnicianPosition = {
	technicianId: string;
	lat: number;
	lng: number;
	accuracy: number | null;
	heading: number | null;
	speed: number | null;
	recordedAt: string;
	source: 'phone' | 'vehicle' | 'home_base';
};

export interface ServerToClientEvents {
	'call:changed': (payload: CallChanged) => void;
	/** The plan of calls changed without a status change (for maps; see CallPlanned). */
	'call:planned': (payload: CallPlanned) => void;
	/** Customers' unpaid flag changed (office rooms only; see CustomerUnpaid). */
	'customer:unpaid': (payload: CustomerUnpaid) => void;
	/** Sent once after connecting: who the server thinks you are. */
	'session:ready': (identity: LiveIdentity) => void;
	/** Your session was ended (logout everywhere, password reset, deactivation). */
	'session:ended': () => void;
	/** One of your assignments was added, changed or removed (sent to the technician's user room). */
	'assignment:changed': (payload: AssignmentChanged) => void;
	/** A technician's current position changed (speed in m/s, heading in degrees, accuracy in metres). */
	'technician:position': (payload: TechnicianPosition) => void;
}

export interface ClientToServerEvents {
	/** Round-trip check used by clients and health probes. */
	ping: (ack: (reply: { at: string }) => void) => void;
	/** A technician reports their own position; the ack says whether it was accepted and why not. */
	'position:report': (payload: PositionReport, ack: (result: PositionReportAck) => void) => void;
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
