/**
 * Test oracle for free-windows.ts: a minute-by-minute scan that decides "working" from each
 * minute's wall clock in the time zone, independently of the interval arithmetic under test.
 * Plans are minute-aligned; shift boundaries avoid the hour the autumn change repeats, where
 * "ends at 02:30" has two meanings (free-windows.ts takes the first).
 */
import type { BusyInterval, FreeWindow, FreeWindowQuery, ShiftSegment } from './free-windows';

const MINUTE = 60_000;

export function mulberry32(seed: number): () => number {
	let s = seed | 0;
	return () => {
		s = (s + 0x6d2b79f5) | 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** 0-3 segments on each weekday, minute-aligned, never starting or ending between 02:00 and 03:00. */
export function randomShifts(rand: () => number): ShiftSegment[] {
	const out: ShiftSegment[] = [];
	for (let weekday = 1; weekday <= 7; weekday++) {
		const n = Math.floor(rand() * 4);
		let cursor = Math.floor(rand() * 600);
		for (let i = 0; i < n && cursor < 1430; i++) {
			let start = cursor;
			let end = Math.min(1440, start + 15 + Math.floor(rand() * 300));
			if (start >= 120 && start < 180) start = 180 + (start - 120);
			if (end >= 120 && end < 180) end = 120;
			if (end > start) out.push({ weekday, start: hhmm(start), end: end === 1440 ? '24:00' : hhmm(end) });
			cursor = Math.max(end, start) + Math.floor(rand() * 120);
		}
	}
	return out;
}

/** 0-5 busy intervals around the day (UTC midnight +/- a few hours), minute-aligned, may overlap. */
export function randomBusy(rand: () => number, day: string): BusyInterval[] {
	const base = Date.parse(`${day}T00:00:00Z`) - 3 * 3_600_000;
	return Array.from({ length: Math.floor(rand() * 6) }, () => {
		const start = base + Math.floor(rand() * 30 * 60) * MINUTE;
		return { start, end: start + (5 + Math.floor(rand() * 240)) * MINUTE };
	});
}

const wallClocks = new Map<string, { date: string; weekday: number; minute: number }>();

function wallClock(instant: number, timeZone: string): { date: string; weekday: number; minute: number } {
	const key = `${timeZone}|${instant}`;
	const known = wallClocks.get(key);
	if (known) return known;
	const computed = computeWallClock(instant, timeZone);
	wallClocks.set(key, computed);
	return computed;
}

function computeWallClock(instant: number, timeZone: string): { date: string; weekday: number; minute: number } {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
			.formatToParts(new Date(instant))
			.map((p) => [p.type, p.value])
	);
	const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1;
	return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (t: string) => (t === '24:00' ? 1440 : Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)));

export function bruteForceFreeWindow(q: FreeWindowQuery): FreeWindow | null {
	// Every minute from 4 hours before UTC midnight to 28 hours after covers the local day.
	const from = Date.parse(`${q.day}T00:00:00Z`) - 4 * 3_600_000;
	const free: boolean[] = [];
	const instants: number[] = [];
	for (let t = from; t < from + 32 * 3_600_000; t += MINUTE) {
		const wall = wallClock(t, q.timeZone);
		const working = wall.date === q.day && q.shifts.some((s) => s.weekday === wall.weekday && toMinutes(s.start) <= wall.minute && wall.minute < toMinutes(s.end));
		free.push(working && !q.busy.some((b) => b.start <= t && t < b.end));
		instants.push(t);
	}
	const need = q.travelMinutes + q.durationMinutes;
	for (let i = 0; i < free.length; i++) {
		if (instants[i] < q.earliest) continue;
		let run = 0;
		while (i + run < free.length && free[i + run]) run++;
		if (run >= need) return { from: instants[i] + q.travelMinutes * MINUTE, until: instants[i] + run * MINUTE };
		// A run too short: later starts inside it are shorter still.
		i += run;
	}
	return null;
}
