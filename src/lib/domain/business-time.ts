import { Temporal } from 'temporal-polyfill';
import { isItalianNationalHoliday } from './italian-holidays';

/**
 * The SLA clock: business time of a calendar. Working intervals are local wall-clock times in
 * the calendar's zone, so on DST days an 08:00-12:00 interval still opens at 08:00 local; a
 * business minute is a real elapsed minute inside a working interval (an interval spanning the
 * spring-forward hour is one hour shorter, one spanning the fall-back hour one hour longer).
 */

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
/** ISO weekday as a string key: "1" = Monday ... "7" = Sunday. */
export type Weekday = (typeof WEEKDAYS)[number];
/** Weekday -> sorted, non-overlapping [start, end] "HH:MM" intervals; "24:00" may end a day. */
export type WeeklyHours = Partial<Record<Weekday, ReadonlyArray<readonly [string, string]>>>;

export type BusinessCalendar = {
	timeZone: string;
	weeklyHours: WeeklyHours;
	/** "HH:MM" (or "HH:MM:SS"): a start later than this local time starts the clock the next day. */
	cutoffTime: string | null;
	nationalHolidays: boolean;
	/** Extra closed days, "YYYY-MM-DD". */
	closures: readonly string[];
	/** Patron saints' days that apply to the site, resolved by the caller. */
	patronDays: ReadonlyArray<{ month: number; day: number }>;
};

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const MS_PER_MINUTE = 60_000;
/** Days in a row without any working time after which we give up instead of looping forever. */
const MAX_IDLE_DAYS = 800;

/** "HH:MM" -> minutes after midnight; "24:00" only when `allowMidnightEnd`. Null when malformed. */
export function clockMinutes(value: string, allowMidnightEnd = false): number | null {
	if (allowMidnightEnd && value === '24:00') return 24 * 60;
	const match = CLOCK.exec(value);
	if (!match) return null;
	return Number(match[1]) * 60 + Number(match[2]) + (match[3] ? Number(match[3]) / 60 : 0);
}

export type WeeklyHoursProblem = { path: string; message: string };

/**
 * Checks weekly hours as an admin or an API client sent them. Returns the first problem with
 * its path ("3.1" = Wednesday, second interval), or null. Intervals may arrive in any order:
 * `normalizeWeeklyHours` sorts them; overlaps are checked after sorting.
 */
export function weeklyHoursProblem(input: unknown): WeeklyHoursProblem | null {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) return { path: '', message: 'must be an object of weekdays 1-7' };
	let total = 0;
	for (const [key, value] of Object.entries(input)) {
		if (!(WEEKDAYS as readonly string[]).includes(key)) return { path: key, message: 'unknown weekday (use 1-7, 1 = Monday)' };
		if (!Array.isArray(value)) return { path: key, message: 'must be a list of [start, end] intervals' };
		const parsed: Array<{ index: number; start: number; end: number }> = [];
		for (const [index, interval] of value.entries()) {
			const path = `${key}.${index}`;
			if (!Array.isArray(interval) || interval.length !== 2 || typeof interval[0] !== 'string' || typeof interval[1] !== 'string') {
				return { path, message: 'must be a list of [start, end] intervals' };
			}
			const start = clockMinutes(interval[0]);
			const end = clockMinutes(interval[1], true);
			if (start === null || !/^\d\d:\d\d$/.test(interval[0])) return { path, message: 'invalid time (HH:MM)' };
			if (end === null || !/^\d\d:\d\d$/.test(interval[1])) return { path, message: 'invalid time (HH:MM)' };
			if (start >= end) return { path, message: 'start must be before end' };
			parsed.push({ index, start, end });
		}
		parsed.sort((a, b) => a.start - b.start);
		for (let i = 1; i < parsed.length; i++) {
			if (parsed[i].start < parsed[i - 1].end) return { path: `${key}.${Math.max(parsed[i].index, parsed[i - 1].index)}`, message: 'intervals overlap' };
		}
		total += parsed.length;
	}
	if (total === 0) return { path: '', message: 'the week has no working hours' };
	return null;
}

/** All seven weekdays, each with its intervals sorted by start. Call after `weeklyHoursProblem`. */
export function normalizeWeeklyHours(input: WeeklyHours): Record<Weekday, Array<[string, string]>> {
	const out = {} as Record<Weekday, Array<[string, string]>>;
	for (const day of WEEKDAYS) {
		out[day] = [...(input[day] ?? [])].map((i) => [i[0], i[1]] as [string, string]).sort((a, b) => clockMinutes(a[0])! - clockMinutes(b[0])!);
	}
	return out;
}

type Prepared = {
	zone: string;
	hours: Map<number, Array<[number, number]>>;
	cutoff: number | null;
	nationalHolidays: boolean;
	closures: Set<string>;
	patron: Set<string>;
};

const prepared = new WeakMap<BusinessCalendar, Prepared>();

function prepare(calendar: BusinessCalendar): Prepared {
	const hit = prepared.get(calendar);
	if (hit) return hit;
	// Validates the zone once; an unknown zone is a RangeError here rather than deep in the loop.
	Temporal.Now.instant().toZonedDateTimeISO(calendar.timeZone);
	const hours = new Map<number, Array<[number, number]>>();
	for (const day of WEEKDAYS) {
		const list = (calendar.weeklyHours[day] ?? []).map(([s, e]) => {
			const start = clockMinutes(s);
			const end = clockMinutes(e, true);
			if (start === null || end === null) throw new RangeError(`invalid working interval ${s}-${e}`);
			return [start, end] as [number, number];
		});
		hours.set(Number(day), list.sort((a, b) => a[0] - b[0]));
	}
	let cutoff: number | null = null;
	if (calendar.cutoffTime) {
		cutoff = clockMinutes(calendar.cutoffTime);
		if (cutoff === null) throw new RangeError(`invalid cut-off time ${calendar.cutoffTime}`);
	}
	const result: Prepared = {
		zone: calendar.timeZone,
		hours,
		cutoff,
		nationalHolidays: calendar.nationalHolidays,
		closures: new Set(calendar.closures),
		patron: new Set(calendar.patronDays.map((p) => `${p.month}-${p.day}`))
	};
	prepared.set(calendar, result);
	return result;
}

function isClosedDay(date: Temporal.PlainDate, cal: Prepared): boolean {
	if (cal.closures.has(date.toString())) return true;
	if (cal.patron.has(`${date.month}-${date.day}`)) return true;
	return cal.nationalHolidays && isItalianNationalHoliday(date);
}

function localInstantMs(date: Temporal.PlainDate, minutes: number, zone: string): number {
	const day = minutes >= 24 * 60 ? date.add({ days: 1 }) : date;
	const m = minutes % (24 * 60);
	const time = new Temporal.PlainTime(Math.floor(m / 60), Math.floor(m % 60), Math.round((m % 1) * 60));
	// 'compatible': a local time inside the spring-forward gap moves forward, a repeated one takes the first.
	return day.toZonedDateTime({ timeZone: zone, plainTime: time }).epochMilliseconds;
}

/** A day's working intervals as [startMs, endMs) epoch milliseconds; empty on closed days. */
function workingIntervals(date: Temporal.PlainDate, cal: Prepared): Array<[number, number]> {
	const list = cal.hours.get(date.dayOfWeek) ?? [];
	if (list.length === 0 || isClosedDay(date, cal)) return [];
	const out: Array<[number, number]> = [];
	for (const [s, e] of list) {
		const a = localInstantMs(date, s, cal.zone);
		const b = localInstantMs(date, e, cal.zone);
		if (b > a) out.push([a, b]);
	}
	return out;
}

/** Whether a local day has any working time in the calendar (not closed, hours set). */
export function isWorkingDay(date: Temporal.PlainDate | string, calendar: BusinessCalendar): boolean {
	const d = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
	return workingIntervals(d, prepare(calendar)).length > 0;
}

function toMs(value: Date | Temporal.Instant): number {
	const ms = value instanceof Date ? value.getTime() : value.epochMilliseconds;
	if (!Number.isFinite(ms)) throw new RangeError('invalid start time');
	return ms;
}

function localDate(ms: number, zone: string): Temporal.ZonedDateTime {
	return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
}

function noWorkingTime(): RangeError {
	return new RangeError(`the calendar has no working time in ${MAX_IDLE_DAYS} consecutive days`);
}

/**
 * `start` plus `minutes` business minutes of `calendar`. The clock runs only inside working
 * intervals of working days; a start before opening counts from the opening, a start later than
 * the cut-off (local) counts from the next working day's opening, and 0 minutes gives the start
 * moved into working time. A target ending exactly at a closing time is that closing time.
 */
export function addBusinessTime(start: Date, minutes: number, calendar: BusinessCalendar): Date;
export function addBusinessTime(start: Temporal.Instant, minutes: number, calendar: BusinessCalendar): Temporal.Instant;
export function addBusinessTime(start: Date | Temporal.Instant, minutes: number, calendar: BusinessCalendar): Date | Temporal.Instant {
	if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
	const cal = prepare(calendar);
	let cursor = toMs(start);
	let zoned = localDate(cursor, cal.zone);
	if (cal.cutoff !== null) {
		const local = zoned.hour * 60 + zoned.minute + zoned.second / 60 + zoned.millisecond / 60_000;
		if (local > cal.cutoff) {
			zoned = zoned.toPlainDate().add({ days: 1 }).toZonedDateTime({ timeZone: cal.zone });
			cursor = zoned.epochMilliseconds;
		}
	}
	let date = zoned.toPlainDate();
	let remaining = Math.round(minutes * MS_PER_MINUTE);
	let idle = 0;
	for (;;) {
		const intervals = workingIntervals(date, cal);
		for (const [a, b] of intervals) {
			if (b <= cursor) continue;
			const from = Math.max(a, cursor);
			if (remaining <= b - from) {
				const ms = from + remaining;
				return start instanceof Date ? new Date(ms) : Temporal.Instant.fromEpochMilliseconds(ms);
			}
			remaining -= b - from;
			cursor = b;
		}
		idle = intervals.length ? 0 : idle + 1;
		if (idle > MAX_IDLE_DAYS) throw noWorkingTime();
		date = date.add({ days: 1 });
	}
}

/**
 * Business minutes from `a` to `b` (negative when `b` is earlier: an overdue target). Counts
 * working time only; the cut-off is not applied, since it decides when a new clock starts, not
 * whether an open office hour counts ("time remaining" until a due time).
 */
export function businessMinutesBetween(a: Date | Temporal.Instant, b: Date | Temporal.Instant, calendar: BusinessCalendar): number {
	const from = toMs(a);
	const to = toMs(b);
	if (to < from) return -businessMinutesBetween(b, a, calendar);
	const cal = prepare(calendar);
	let date = localDate(from, cal.zone).toPlainDate();
	const last = localDate(to, cal.zone).toPlainDate();
	let total = 0;
	while (Temporal.PlainDate.compare(date, last) <= 0) {
		for (const [s, e] of workingIntervals(date, cal)) {
			const overlap = Math.min(e, to) - Math.max(s, from);
			if (overlap > 0) total += overlap;
		}
		date = date.add({ days: 1 });
	}
	return total / MS_PER_MINUTE;
}
