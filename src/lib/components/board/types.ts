/** A placed assignment as the lanes draw it: local wall-clock minutes of the board's day. */
export type LaneAssignment = { id: string; callId: string; technicianId: string; startMin: number; endMin: number; status: 'planned' | 'confirmed' };
export type LaneBlock = { id: string; technicianId: string; startMin: number; endMin: number; reason: string };
/** A block drawn where something would land: my drag, my keyboard pick, or a colleague's drag. */
export type Ghost = { key: string; technicianId: string; startMin: number; endMin: number; label: string; colour: string; mine: boolean; conflicts: string[] };
export type PeerMark = { name: string; colour: string };
/** Which calls the queue offers: unplanned only, also those planned on other days, or all. */
export type QueueScope = 'unplanned' | 'elsewhere' | 'all';
export type QueueSla = '' | 'overdue' | 'due-soon';
/** A job being dragged in the agenda, as local minutes of its day. */
export type AgendaDrag = { assignmentId: string; callId: string; technicianId: string; startMin: number; endMin: number };
