import { Temporal } from 'temporal-polyfill';
import { BOARD_TIME_ZONE } from '$lib/domain/board-projection';
import { slaState, type CallStatus } from '$lib/domain/call-lifecycle';

/** The board's visible window, local wall-clock minutes after midnight: 07:00-20:00. */
export const VIEW_START = 7 * 60;
export const VIEW_END = 20 * 60;
export const VIEW_MINUTES = VIEW_END - VIEW_START;
export const SNAP = 15;

export function snap(minutes: number, step = SNAP): number {
	return Math.round(minutes / step) * step;
}

export function clamp(v: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, v));
}

/** ISO 8601 with the zone's offset of `day` at local `minutes` after midnight (e.g. 2026-12-03T09:00:00+01:00). */
export function isoAt(day: string, minutes: number, timeZone = BOARD_TIME_ZONE): string {
	const date = Temporal.PlainDate.from(day);
	const zdt = date.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from({ hour: Math.floor(minutes / 60) % 24, minute: minutes % 60 }) });
	const z = minutes >= 24 * 60 ? date.add({ days: 1 }).toZonedDateTime({ timeZone }) : zdt;
	return z.toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

/** Local wall-clock minutes after midnight of `day` for an instant (negative before, >= 1440 after). */
export function minutesOf(day: string, iso: string, timeZone = BOARD_TIME_ZONE): number {
	const zdt = Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone);
	const diffDays = zdt.toPlainDate().since(Temporal.PlainDate.from(day)).days;
	return diffDays * 24 * 60 + zdt.hour * 60 + zdt.minute;
}

/** "09:15" */
export function hhmm(minutes: number): string {
	const m = ((minutes % 1440) + 1440) % 1440;
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Percent from the left edge of the visible window (clipped to 0-100). */
export function pct(minutes: number): number {
	return (clamp(minutes, VIEW_START, VIEW_END) - VIEW_START) / VIEW_MINUTES * 100;
}

/** Minute of the window under a pointer at clientX in an element spanning [left, left+width), snapped. */
export function minutesAtX(clientX: number, left: number, width: number): number {
	const raw = VIEW_START + ((clientX - left) / width) * VIEW_MINUTES;
	return clamp(snap(raw), VIEW_START, VIEW_END);
}

export function addDays(day: string, n: number): string {
	return Temporal.PlainDate.from(day).add({ days: n }).toString();
}

/** Monday of the ISO week containing `day`. */
export function mondayOf(day: string): string {
	const d = Temporal.PlainDate.from(day);
	return d.subtract({ days: d.dayOfWeek - 1 }).toString();
}

/** Now, in minutes of `day` (company zone). */
export function nowMinutes(day: string, now = new Date(), timeZone = BOARD_TIME_ZONE): number {
	return minutesOf(day, now.toISOString(), timeZone);
}

/**
 * Where a call stands against its on-site due time, for colours and the countdown: judged as the
 * calls list and the map judge it (`slaState`: to the millisecond, met once on site), with whole
 * minutes for the text. `warningMinutes` is the admin's "due soon" window.
 */
export function slaInfo(onsiteDue: string | null, now: Date, warningMinutes: number, status: CallStatus = 'new'): { state: 'overdue' | 'due-soon' | 'on-time' | 'met' | 'none'; minutes: number } {
	const state = slaState({ status, onsiteDue, now, warningMinutes });
	if (!onsiteDue || state === null) return { state: 'none', minutes: 0 };
	const minutes = Math.round((Date.parse(onsiteDue) - now.getTime()) / 60_000);
	return { state, minutes: state === 'overdue' ? Math.min(minutes, -1) : minutes };
}

/** "2 g 3 h", "3 h 05 min", "45 min" for a count of minutes (absolute). */
export function duration(minutes: number): string {
	const m = Math.abs(minutes);
	if (m >= 24 * 60) return `${Math.floor(m / 1440)} g ${Math.floor((m % 1440) / 60)} h`;
	if (m >= 60) return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
	return `${m} min`;
}

const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/** Queue order: on-site due time ascending (none last), then priority high first, then number. */
export function byUrgency<T extends { onsiteDue: string | null; priority: 'low' | 'medium' | 'high'; number: string }>(a: T, b: T): number {
	const da = a.onsiteDue ? Date.parse(a.onsiteDue) : Infinity;
	const db = b.onsiteDue ? Date.parse(b.onsiteDue) : Infinity;
	if (da !== db) return da < db ? -1 : 1;
	if (a.priority !== b.priority) return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
	return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/** A stable colour for a user (presence avatars and outlines). */
export function colourOf(id: string): string {
	let h = 0;
	for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
	return `hsl(${h % 360} 70% 38%)`;
}

/** Shift intervals of the day's weekday as minutes, from the technician's weekly shifts. */
export function shiftIntervals(day: string, shifts: Partial<Record<string, Array<[string, string]>>> | null): Array<[number, number]> | null {
	if (!shifts) return null;
	const dow = String(Temporal.PlainDate.from(day).dayOfWeek);
	const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
	return (shifts[dow] ?? []).map(([s, e]) => [toMin(s), toMin(e)]);
}

/** The breaks of a working day: the gaps between consecutive shift segments. */
export function shiftBreaks(intervals: Array<[number, number]> | null): Array<[number, number]> {
	if (!intervals) return [];
	const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
	const out: Array<[number, number]> = [];
	for (let i = 1; i < sorted.length; i++) if (sorted[i][0] > sorted[i - 1][1]) out.push([sorted[i - 1][1], sorted[i][0]]);
	return out;
}
