/**
 * Calendar for the installed-base plan. The plan decides everything in offsets from "today"
 * (days ago, months from this month), so its shape (how many rows, which ids) never depends on
 * the date it runs; only the dates written into the rows do. A run next month therefore finds
 * every id already there and inserts nothing.
 *
 * Plain UTC-date arithmetic rather than Temporal: the polyfill costs ~0.2 ms a call, and the
 * plan makes tens of thousands of them (hundreds of thousands at --scale large).
 */
import { Temporal } from 'temporal-polyfill';

export const COMPANY_ZONE = 'Europe/Rome';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const daysIn = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** UTC instant at which the last Sunday of `month0` (0-based) of `year` starts, plus one hour. */
function lastSundayOneAm(year: number, month0: number): number {
	const last = Date.UTC(year, month0 + 1, 0);
	const weekday = new Date(last).getUTCDay();
	return last - weekday * DAY_MS + HOUR_MS;
}

/**
 * The UTC instant of a wall-clock time in Europe/Rome: CET (+1), and CEST (+2) from the last
 * Sunday of March to the last Sunday of October, switching at 01:00 UTC (the EU rule Italy has
 * followed since 1996). Times inside the spring-forward gap are not used by the seed.
 */
export function romeToUtc(date: string, hour: number, minute: number): Date {
	const [y, m, d] = date.split('-').map(Number);
	const local = Date.UTC(y, m - 1, d, hour, minute);
	const winter = local - HOUR_MS;
	const summer = winter >= lastSundayOneAm(y, 2) && winter < lastSundayOneAm(y, 9) + HOUR_MS;
	return new Date(summer ? local - 2 * HOUR_MS : winter);
}

export class DemoCalendar {
	/** Today in Europe/Rome, "YYYY-MM-DD". */
	readonly today: string;
	private readonly todayMs: number;
	private readonly year: number;
	private readonly month0: number;
	private readonly daysAgoCache = new Map<number, string>();

	constructor(today: string = Temporal.Now.plainDateISO(COMPANY_ZONE).toString()) {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`not a date: ${today}`);
		const [y, m, d] = today.split('-').map(Number);
		this.today = today;
		this.todayMs = Date.UTC(y, m - 1, d);
		this.year = y;
		this.month0 = m - 1;
	}

	/** ISO date `days` days before today (negative: after). */
	daysAgo(days: number): string {
		let out = this.daysAgoCache.get(days);
		if (out === undefined) {
			out = iso(this.todayMs - days * DAY_MS);
			this.daysAgoCache.set(days, out);
		}
		return out;
	}

	/** First day of the month `offset` months from this one (-1: last month, 1: next month). */
	monthStart(offset: number): string {
		return iso(Date.UTC(this.year, this.month0 + offset, 1));
	}

	/** Last day of the month `offset` months from this one. */
	monthEnd(offset: number): string {
		return iso(Date.UTC(this.year, this.month0 + offset + 1, 0));
	}

	/** `date` plus whole months, clamped to the month's end (31 January + 1 month = 28/29 February). */
	addMonths(date: string, months: number): string {
		const [y, m, d] = date.split('-').map(Number);
		const first = new Date(Date.UTC(y, m - 1 + months, 1));
		const day = Math.min(d, daysIn(first.getUTCFullYear(), first.getUTCMonth()));
		return iso(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), day));
	}

	/** The instant of a wall-clock time in Europe/Rome. */
	at(date: string, hour: number, minute: number): Date {
		return romeToUtc(date, hour, minute);
	}
}

export const maxDate = (a: string, b: string) => (a > b ? a : b);
export const minDate = (a: string, b: string) => (a < b ? a : b);
