import { Temporal } from 'temporal-polyfill';

/**
 * A technician's first free window on a day: shifts (weekly wall-clock segments; a break is the
 * gap between two segments), minus absences and existing assignments, where the technician can
 * first travel to the site and then work for the call's whole estimated duration.
 *
 * Choices, so the board and the candidates list agree:
 * - a job never spans a break or the end of a shift (it must fit in one continuous free stretch);
 * - travel happens inside the free stretch, before the job (from the end of the previous job, or
 *   from the start of the shift); the return trip is the next job's concern;
 * - adjacent or overlapping segments are one stretch; busy intervals may overlap each other.
 * Pure: times in, times out, no clock. Instants are epoch milliseconds.
 */
export type ShiftSegment = { weekday: number; start: string; end: string };
export type BusyInterval = { start: number; end: number };
export type FreeWindowQuery = {
	/** YYYY-MM-DD, a day in `timeZone`. */
	day: string;
	timeZone: string;
	shifts: readonly ShiftSegment[];
	busy: readonly BusyInterval[];
	/** No travel starts before this instant (the requested time, or now). */
	earliest: number;
	durationMinutes: number;
	travelMinutes: number;
};
/** from = when work can start on site (after travel); until = end of that free stretch. */
export type FreeWindow = { from: number; until: number };

const MINUTE = 60_000;

/*
 * A candidates list converts the same few shift times on the same day for every technician in it
 * (60 rows, ~120 conversions), and a time-zone conversion costs ~10 µs in the Temporal polyfill.
 * The answer depends only on its arguments, so it is remembered; the cache is emptied when it
 * grows past a bound so a long-running server does not keep every day it was ever asked about.
 */
const CACHE_LIMIT = 4096;
const instantCache = new Map<string, number>();
const weekdayCache = new Map<string, number>();

function remembered<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
	const hit = cache.get(key);
	if (hit !== undefined) return hit;
	if (cache.size >= CACHE_LIMIT) cache.clear();
	const value = compute();
	cache.set(key, value);
	return value;
}

/** Wall-clock "HH:MM[:SS]" on `day` in `timeZone` as an instant; "24:00" is the next midnight. */
export function wallClockInstant(day: string, time: string, timeZone: string): number {
	return remembered(instantCache, `${day} ${time} ${timeZone}`, () => computeWallClockInstant(day, time, timeZone));
}

function computeWallClockInstant(day: string, time: string, timeZone: string): number {
	const [h, m, s] = time.split(':').map(Number);
	const date = Temporal.PlainDate.from(day);
	if (h === 24) return date.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
	const wanted = new Temporal.PlainTime(h, m, s || 0);
	const zoned = date.toZonedDateTime({ timeZone, plainTime: wanted });
	// A time the spring change skips (02:30) becomes the change itself (03:00): the first instant
	// whose wall clock is at or after it. A time the autumn change repeats takes its first occurrence.
	if (!zoned.toPlainTime().equals(wanted)) return zoned.getTimeZoneTransition('previous')!.epochMilliseconds;
	return zoned.epochMilliseconds;
}

/** The day's working stretches as instants, sorted and merged where they touch. */
export function shiftStretches(day: string, timeZone: string, shifts: readonly ShiftSegment[]): BusyInterval[] {
	const weekday = remembered(weekdayCache, day, () => Temporal.PlainDate.from(day).dayOfWeek);
	const raw = shifts
		.filter((s) => s.weekday === weekday)
		.map((s) => ({ start: wallClockInstant(day, s.start, timeZone), end: wallClockInstant(day, s.end, timeZone) }))
		.filter((s) => s.end > s.start)
		.sort((a, b) => a.start - b.start);
	return mergeIntervals(raw);
}

function mergeIntervals(sorted: BusyInterval[]): BusyInterval[] {
	const out: BusyInterval[] = [];
	for (const i of sorted) {
		const last = out[out.length - 1];
		if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
		else out.push({ ...i });
	}
	return out;
}

/** Working stretches minus busy intervals: the free gaps of the day, in order. */
export function freeGaps(stretches: readonly BusyInterval[], busy: readonly BusyInterval[]): BusyInterval[] {
	const blocks = mergeIntervals([...busy].filter((b) => b.end > b.start).sort((a, b) => a.start - b.start));
	const gaps: BusyInterval[] = [];
	for (const stretch of stretches) {
		let cursor = stretch.start;
		for (const b of blocks) {
			if (b.end <= cursor || b.start >= stretch.end) continue;
			if (b.start > cursor) gaps.push({ start: cursor, end: b.start });
			cursor = Math.max(cursor, b.end);
		}
		if (cursor < stretch.end) gaps.push({ start: cursor, end: stretch.end });
	}
	return gaps;
}

export function firstFreeWindow(q: FreeWindowQuery): FreeWindow | null {
	const gaps = freeGaps(shiftStretches(q.day, q.timeZone, q.shifts), q.busy);
	const needed = (q.travelMinutes + q.durationMinutes) * MINUTE;
	for (const gap of gaps) {
		const leave = Math.max(gap.start, q.earliest);
		if (leave + needed <= gap.end) return { from: leave + q.travelMinutes * MINUTE, until: gap.end };
	}
	return null;
}
