import { Temporal } from 'temporal-polyfill';

/**
 * The board's read model as a pure function of the day doc. Raw entries come straight from the
 * Yjs maps and may be anything a client wrote; only well-formed entries inside the doc's day
 * (Europe/Rome unless configured) are projected, the rest are reported so the server can revert.
 */
export const BOARD_TIME_ZONE = 'Europe/Rome';

export type RawEntry = Record<string, unknown>;
export type RawPlan = { assignments: Record<string, RawEntry>; blocks: Record<string, RawEntry> };

export type ProjectedAssignment = {
	id: string;
	day: string;
	callId: string;
	technicianId: string;
	startsAt: string;
	endsAt: string;
	status: 'planned' | 'confirmed';
	note: string | null;
};

export type ProjectedBlock = {
	id: string;
	day: string;
	technicianId: string;
	startsAt: string;
	endsAt: string;
	reason: string;
};

export type InvalidEntry = { id: string; kind: 'assignment' | 'block'; reason: InvalidReason };
export type InvalidReason = 'bad-id' | 'missing-field' | 'bad-time' | 'end-not-after-start' | 'outside-day' | 'bad-status';

export type Projection = { assignments: ProjectedAssignment[]; blocks: ProjectedBlock[]; invalid: InvalidEntry[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** [start, end) of a calendar day in the zone, as epoch milliseconds (23 or 25 hours on DST days). */
export function dayBounds(day: string, timeZone = BOARD_TIME_ZONE): { start: number; end: number } {
	const date = Temporal.PlainDate.from(day);
	const start = date.toZonedDateTime({ timeZone }).epochMilliseconds;
	const end = date.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
	return { start, end };
}

/** ISO 8601 with an offset (or Z); returns epoch ms, or null for anything else. */
function instant(value: unknown): number | null {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
	try {
		return Temporal.Instant.from(value).epochMilliseconds;
	} catch {
		return null;
	}
}

function checkInterval(entry: RawEntry, bounds: { start: number; end: number }): InvalidReason | { start: number; end: number } {
	const start = instant(entry.start);
	const end = instant(entry.end);
	if (start === null || end === null) return 'bad-time';
	if (end <= start) return 'end-not-after-start';
	if (start < bounds.start || end > bounds.end) return 'outside-day';
	return { start, end };
}

export function projectPlan(day: string, plan: RawPlan, timeZone = BOARD_TIME_ZONE): Projection {
	const bounds = dayBounds(day, timeZone);
	const result: Projection = { assignments: [], blocks: [], invalid: [] };
	for (const [id, entry] of Object.entries(plan.assignments)) {
		if (!UUID.test(id)) {
			result.invalid.push({ id, kind: 'assignment', reason: 'bad-id' });
			continue;
		}
		if (typeof entry.callId !== 'string' || !UUID.test(entry.callId) || typeof entry.technicianId !== 'string' || !UUID.test(entry.technicianId)) {
			result.invalid.push({ id, kind: 'assignment', reason: 'missing-field' });
			continue;
		}
		const status = entry.status ?? 'planned';
		if (status !== 'planned' && status !== 'confirmed') {
			result.invalid.push({ id, kind: 'assignment', reason: 'bad-status' });
			continue;
		}
		const interval = checkInterval(entry, bounds);
		if (typeof interval === 'string') {
			result.invalid.push({ id, kind: 'assignment', reason: interval });
			continue;
		}
		result.assignments.push({
			id,
			day,
			callId: entry.callId,
			technicianId: entry.technicianId,
			startsAt: new Date(interval.start).toISOString(),
			endsAt: new Date(interval.end).toISOString(),
			status,
			note: typeof entry.note === 'string' && entry.note !== '' ? entry.note : null
		});
	}
	for (const [id, entry] of Object.entries(plan.blocks)) {
		if (!UUID.test(id)) {
			result.invalid.push({ id, kind: 'block', reason: 'bad-id' });
			continue;
		}
		if (typeof entry.technicianId !== 'string' || !UUID.test(entry.technicianId) || typeof entry.reason !== 'string' || entry.reason === '') {
			result.invalid.push({ id, kind: 'block', reason: 'missing-field' });
			continue;
		}
		const interval = checkInterval(entry, bounds);
		if (typeof interval === 'string') {
			result.invalid.push({ id, kind: 'block', reason: interval });
			continue;
		}
		result.blocks.push({
			id,
			day,
			technicianId: entry.technicianId,
			startsAt: new Date(interval.start).toISOString(),
			endsAt: new Date(interval.end).toISOString(),
			reason: entry.reason
		});
	}
	const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	result.assignments.sort(byId);
	result.blocks.sort(byId);
	result.invalid.sort(byId);
	return result;
}

export type RowDiff<T> = { upsert: T[]; remove: string[] };

/** What to write to go from the rows last written to the rows the doc now projects. */
export function diffRows<T extends { id: string }>(previous: ReadonlyMap<string, T>, next: readonly T[]): RowDiff<T> {
	const upsert: T[] = [];
	const seen = new Set<string>();
	for (const row of next) {
		seen.add(row.id);
		const old = previous.get(row.id);
		if (!old || JSON.stringify(old) !== JSON.stringify(row)) upsert.push(row);
	}
	const remove = [...previous.keys()].filter((id) => !seen.has(id)).sort();
	return { upsert, remove };
}
