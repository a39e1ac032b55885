/** Messages between scripts/bench/board.ts and its client processes (scripts/bench/board-clients.ts). */
export type ClientsInit = {
	type: 'init';
	mode: 'yjs' | 'baseline';
	url: string;
	docName: string;
	day: string;
	/** Yjs: one session token per client of this process. */
	tokens: string[];
	count: number;
	/** This process's first client, as an index over all processes (spreads the ticks). */
	firstIndex: number;
	assignmentIds: string[];
	techIds: string[];
	seed: number;
};
export type ClientsGo = { type: 'go'; startAt: number; seconds: number; editsPerSecond: number; totalClients: number; firstIndex: number };
/**
 * Wait until every client holds the target, then report. Yjs: [clientID, end clock] of every
 * sender; baseline: [-1, number of edits] (every client receives every broadcast).
 */
export type ClientsDrain = { type: 'drain'; target: Array<[number, number]>; timeoutMs: number };
export type ParentMessage = ClientsInit | ClientsGo | ClientsDrain | { type: 'exit' };

export type ClientsReady = { type: 'ready'; clientIds: number[] };
/** Per client: [id, (edit id or end clock, sent at) pairs]. */
export type ClientsSent = { type: 'sent'; sent: Array<[number, Float64Array]> };
export type ClientsDone = {
	type: 'done';
	/** Per client, in init order: yjs (sender, clock, t) triples; baseline (edit id, t) pairs. */
	seen: Float64Array[];
	stateVectors: Array<Uint8Array | null>;
	cpuSeconds: number;
	loopP99Ms: number;
	gcTotalMs: number;
	gcMaxMs: number;
};
export type ChildMessage = ClientsReady | ClientsSent | ClientsDone;
