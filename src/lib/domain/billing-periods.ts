import Decimal from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { monthBoundary, parsePlainDate, PERIOD_MONTHS, type Periodicity } from './contract-terms';

/**
 * Which canone periods of a contract are due for invoicing on a given day.
 *
 * - Periods are laid out per run of contiguous terms: a renewal starting the day after the
 *   previous term ends continues the same sequence; a gap restarts it at the new term's start.
 * - Period k starts k*N months after the run's start, always counted from that anchor so a
 *   sequence anchored on the 31st does not drift. Month arithmetic is the one of contract terms
 *   (art. 2963 c.c., `monthBoundary`): the same day N months on, or the 1st of the month after
 *   when that month has no such day, so a monthly period started on 31 January runs to
 *   28 February, exactly like a one-month term made by `termEnd`. Each period ends the day
 *   before the next one starts.
 * - The last period of a run stops at the run's last day; it then has fewer `days` than
 *   `fullDays`, and the canone is prorated by days (`prorateCents`).
 * - In advance (anticipato) a period is due from its first day; in arrears (posticipato) from
 *   the day after its last day.
 * - `billedThrough` is the last day already invoiced: periods ending on or before it are skipped;
 *   a period it falls inside (the periodicity changed since) yields only its unbilled days.
 */

export type { Periodicity };
export type BillingTiming = 'advance' | 'arrears';
/** ISO dates YYYY-MM-DD; `endsOn` is the term's last day (inclusive). */
export type ContractTerm = { startsOn: string; endsOn: string };
export type BillingPeriod = {
	from: string;
	to: string;
	/** days in this period */
	days: number;
	/** days of the full period it belongs to (= days unless cut short by the term's end, or partly billed already) */
	fullDays: number;
};

export function periodMonths(p: Periodicity): number {
	if (!Object.hasOwn(PERIOD_MONTHS, p)) throw new RangeError(`unknown periodicity "${p}" (monthly, bimonthly, quarterly or annual)`);
	return PERIOD_MONTHS[p];
}

function parseDate(value: string, what: string): Temporal.PlainDate {
	const d = typeof value === 'string' ? parsePlainDate(value) : null;
	if (!d) throw new RangeError(`${what} is not a valid date (YYYY-MM-DD): ${String(value)}`);
	return d;
}

const cmp = Temporal.PlainDate.compare;
type Run = { start: Temporal.PlainDate; end: Temporal.PlainDate };

/** Sorted terms merged into runs; a renewal (next day) extends the run, a gap starts a new one. */
function runsOf(terms: readonly ContractTerm[]): Run[] {
	const parsed = terms.map((t, i) => {
		const start = parseDate(t.startsOn, `term ${i + 1} startsOn`);
		const end = parseDate(t.endsOn, `term ${i + 1} endsOn`);
		if (cmp(end, start) < 0) throw new RangeError(`term ${i + 1} ends (${t.endsOn}) before it starts (${t.startsOn})`);
		return { start, end };
	});
	parsed.sort((a, b) => cmp(a.start, b.start));
	const runs: Run[] = [];
	for (const term of parsed) {
		const last = runs.at(-1);
		// Overlapping terms would bill the same days twice: that is bad data, not a layout choice.
		if (last && cmp(term.start, last.end) <= 0) throw new RangeError(`terms overlap: one starting ${term.start} begins before ${last.end}, the end of the previous one`);
		if (last && cmp(term.start, last.end.add({ days: 1 })) === 0) last.end = term.end;
		else runs.push({ ...term });
	}
	return runs;
}

function daysInclusive(from: Temporal.PlainDate, to: Temporal.PlainDate): number {
	return from.until(to, { largestUnit: 'days' }).days + 1;
}

/** The periods of a contract's terms that are due for invoicing on `today` and not yet billed. */
export function dueBillingPeriods(input: {
	periodicity: Periodicity;
	timing: BillingTiming;
	terms: readonly ContractTerm[];
	today: string;
	billedThrough: string | null;
}): BillingPeriod[] {
	const step = periodMonths(input.periodicity);
	if (input.timing !== 'advance' && input.timing !== 'arrears') throw new RangeError(`unknown billing timing "${input.timing}" (advance or arrears)`);
	const today = parseDate(input.today, 'today');
	const billedThrough = input.billedThrough === null ? null : parseDate(input.billedThrough, 'billedThrough');
	const isDue = (from: Temporal.PlainDate, to: Temporal.PlainDate) => (input.timing === 'advance' ? cmp(today, from) >= 0 : cmp(today, to) > 0);

	const due: BillingPeriod[] = [];
	for (const run of runsOf(input.terms)) {
		for (let k = 0; ; k++) {
			const from = k === 0 ? run.start : monthBoundary(run.start, k * step);
			if (cmp(from, run.end) > 0) break;
			const fullTo = monthBoundary(run.start, (k + 1) * step).subtract({ days: 1 });
			const to = cmp(fullTo, run.end) > 0 ? run.end : fullTo;
			// Due-ness only grows with k, so the first period not yet due ends the run.
			if (!isDue(from, to)) break;
			if (billedThrough && cmp(to, billedThrough) <= 0) continue;
			const unbilledFrom = billedThrough && cmp(billedThrough, from) >= 0 ? billedThrough.add({ days: 1 }) : from;
			due.push({ from: unbilledFrom.toString(), to: to.toString(), days: daysInclusive(unbilledFrom, to), fullDays: daysInclusive(from, fullTo) });
		}
	}
	return due;
}

/** Enough significant digits that cents x days is never rounded before the final half-up. */
const Exact = Decimal.clone({ precision: 64 });

/** The canone for `days` of a `fullDays` period, rounded half-up (away from zero) to the cent. */
export function prorateCents(fullCents: number, days: number, fullDays: number): number {
	if (!Number.isSafeInteger(fullCents)) throw new RangeError(`the full amount must be whole cents: ${fullCents}`);
	if (!Number.isSafeInteger(fullDays) || fullDays < 1) throw new RangeError(`the full period must last at least one whole day: ${fullDays}`);
	if (!Number.isSafeInteger(days) || days < 0 || days > fullDays) throw new RangeError(`days must be a whole number from 0 to ${fullDays}: ${days}`);
	if (days === fullDays) return fullCents;
	return new Exact(fullCents).times(days).dividedBy(fullDays).toDecimalPlaces(0, Exact.ROUND_HALF_UP).toNumber();
}
