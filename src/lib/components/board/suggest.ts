import { isoAt, minutesOf, VIEW_START } from './board-time';

/** One row of GET /api/calls/:id/candidates (contract 6). */
export type Candidate = {
	technicianId: string;
	name: string;
	distanceMeters: number | null;
	travelMinutes: number | null;
	freeFrom: string | null;
	freeUntil: string | null;
	skillsOk: boolean;
	missingSkills: string[];
	score: number;
	reasons: string[];
};

export type SuggestMode = 'best' | 'urgent';

/**
 * The candidates request for a call: "best" ranks by score from the board day's morning (or now,
 * if the board shows today and the morning has passed); "urgent" is the nearest free now.
 */
export function candidatesUrl(callId: string, opts: { mode: SuggestMode; day: string; now: Date; areaId: string; limit?: number }): string {
	const dayStart = isoAt(opts.day, VIEW_START);
	const at = opts.mode === 'urgent' || Date.parse(dayStart) < opts.now.getTime() ? opts.now.toISOString() : dayStart;
	const q = new URLSearchParams({ limit: String(opts.limit ?? 5), order: opts.mode === 'urgent' ? 'distance' : 'score', at });
	if (opts.areaId) q.set('area', opts.areaId);
	return `/api/calls/${callId}/candidates?${q}`;
}

/**
 * Where a one-click assignment lands: start = freeFrom, end = start + the call's estimated
 * minutes, as local minutes of the board day; null when there is no window or it is not on that day.
 */
export function proposedSlot(day: string, c: Pick<Candidate, 'freeFrom'>, estimatedMinutes: number): { startMin: number; endMin: number } | null {
	if (!c.freeFrom) return null;
	const startMin = minutesOf(day, c.freeFrom);
	const endMin = startMin + estimatedMinutes;
	if (startMin < 0 || endMin > 24 * 60) return null;
	return { startMin, endMin };
}
