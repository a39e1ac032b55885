import { Temporal } from 'temporal-polyfill';

/**
 * Contract calendar maths: terms, billing periods, renewals and coverage dates. Dates are ISO
 * strings ("2026-01-31") of Temporal.PlainDate in the company's zone; a term's `endsOn` is its
 * last day (inclusive).
 *
 * Month arithmetic follows art. 2963 c.c.: a term of N months starting on day d runs up to the
 * day before day d of the N-th following month; when that month has no day d (31 January + 1
 * month), the term ends on that month's last day (28/29 February) and the next one starts on
 * the 1st. Periods are counted from the term's start, never chained, so they do not drift.
 */
export const CONTRACT_ZONE = 'Europe/Rome';

export type Periodicity = 'monthly' | 'bimonthly' | 'quarterly' | 'annual';
export const PERIOD_MONTHS: Record<Periodicity, number> = { monthly: 1, bimonthly: 2, quarterly: 3, annual: 12 };

export type Term = { termNo: number; startsOn: string; endsOn: string };
export type BillingPeriod = { index: number; startsOn: string; endsOn: string; months: number; partial: boolean };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-02-30" and "26-1-1" are not dates; a valid ISO date string gives the PlainDate. */
export function parsePlainDate(value: string): Temporal.PlainDate | null {
	if (!ISO_DATE.test(value)) return null;
	try {
		return Temporal.PlainDate.from(value, { overflow: 'reject' });
	} catch {
		return null;
	}
}

function date(value: string | Temporal.PlainDate): Temporal.PlainDate {
	if (typeof value !== 'string') return value;
	const d = parsePlainDate(value);
	if (!d) throw new RangeError(`invalid date ${value}`);
	return d;
}

/**
 * The first day after `months` months counted from `start`: the same day of the month when it
 * exists, otherwise the 1st of the month after (31 Jan + 1 month -> 1 Mar).
 */
export function monthBoundary(start: string | Temporal.PlainDate, months: number): Temporal.PlainDate {
	const s = date(start);
	const target = s.toPlainYearMonth().add({ months });
	if (s.day <= target.daysInMonth) return target.toPlainDate({ day: s.day });
	return target.add({ months: 1 }).toPlainDate({ day: 1 });
}

/** Last day (inclusive) of a term of `months` months starting on `startsOn`. */
export function termEnd(startsOn: string, months: number): string {
	if (!Number.isInteger(months) || months < 1) throw new RangeError('a term lasts at least one month');
	return monthBoundary(startsOn, months).subtract({ days: 1 }).toString();
}

/**
 * Billing periods of a term, counted from its start. When the term is not a whole number of
 * periods, the last period stops at the term's end and is flagged `partial`.
 */
export function billingPeriods(term: { startsOn: string; endsOn: string }, periodicity: Periodicity): BillingPeriod[] {
	const start = date(term.startsOn);
	const end = date(term.endsOn);
	if (Temporal.PlainDate.compare(end, start) < 0) throw new RangeError('the term ends before it starts');
	const step = PERIOD_MONTHS[periodicity];
	const periods: BillingPeriod[] = [];
	for (let index = 0; ; index++) {
		const from = index === 0 ? start : monthBoundary(start, index * step);
		if (Temporal.PlainDate.compare(from, end) > 0) break;
		const fullEnd = monthBoundary(start, (index + 1) * step).subtract({ days: 1 });
		const partial = Temporal.PlainDate.compare(fullEnd, end) > 0;
		const to = partial ? end : fullEnd;
		periods.push({ index, startsOn: from.toString(), endsOn: to.toString(), months: partial ? wholeMonths(from, to) : step, partial });
	}
	return periods;
}

/** Whole months from `from` to the inclusive `to` (a partial period of 1 Jan..10 Feb counts 1). */
function wholeMonths(from: Temporal.PlainDate, to: Temporal.PlainDate): number {
	let n = 0;
	while (Temporal.PlainDate.compare(monthBoundary(from, n + 1).subtract({ days: 1 }), to) <= 0) n++;
	return n;
}

/** The term a renewal appends: it starts the day after the last one ends. */
export function nextTerm(last: Term, months: number): Term {
	const startsOn = date(last.endsOn).add({ days: 1 }).toString();
	return { termNo: last.termNo + 1, startsOn, endsOn: termEnd(startsOn, months) };
}

/** The last day the customer can give notice (disdetta) so the term is not renewed. */
export function noticeDeadline(endsOn: string, noticeDays: number): string {
	return date(endsOn).subtract({ days: noticeDays }).toString();
}

export type ContractStatus = 'draft' | 'active' | 'suspended' | 'expired' | 'terminated';
export type RenewalDecision = 'renew' | 'expire' | 'none';

/** Contracts in force: a suspension pauses service, not the contract's term or its renewal. */
export const IN_FORCE: readonly ContractStatus[] = ['active', 'suspended'];

/**
 * What the daily job does with a contract on `today`: renew when its last term ends today or has
 * ended and it renews automatically; expire it once its last term has ended otherwise.
 */
export function renewalDecision(contract: { status: ContractStatus; autoRenew: boolean }, lastTerm: { endsOn: string }, today: string): RenewalDecision {
	if (!IN_FORCE.includes(contract.status)) return 'none';
	const cmp = Temporal.PlainDate.compare(date(lastTerm.endsOn), date(today));
	if (contract.autoRenew) return cmp <= 0 ? 'renew' : 'none';
	return cmp < 0 ? 'expire' : 'none';
}

/**
 * The terms a catch-up renewal appends so that the last one contains or follows `today` (a job
 * that did not run for months renews once per missed term, each term its own row).
 */
export function renewalsDue(lastTerm: Term, months: number, today: string, limit = 240): Term[] {
	const out: Term[] = [];
	let last = lastTerm;
	while (Temporal.PlainDate.compare(date(last.endsOn), date(today)) <= 0 && out.length < limit) {
		last = nextTerm(last, months);
		out.push(last);
	}
	return out;
}

/** The company's calendar day at an instant (Europe/Rome, summer time included). */
export function dayAt(instant: Temporal.Instant | Date | string, zone = CONTRACT_ZONE): string {
	const i =
		instant instanceof Temporal.Instant
			? instant
			: instant instanceof Date
				? Temporal.Instant.fromEpochMilliseconds(instant.getTime())
				: Temporal.Instant.from(instant);
	return i.toZonedDateTimeISO(zone).toPlainDate().toString();
}

/**
 * Reads a moment as people and integrations write it: an instant with offset or Z
 * ("2026-03-29T01:30:00Z"), a local date-time taken in the company zone ("2026-03-29T10:00"),
 * or a bare date ("2026-03-29"). Returns the company day, or null when unreadable.
 */
export function dayOfMoment(text: string, zone = CONTRACT_ZONE): string | null {
	const value = text.trim();
	if (value === '' || value.length > 64) return null;
	if (ISO_DATE.test(value)) return parsePlainDate(value)?.toString() ?? null;
	// An instant first: PlainDateTime.from would silently drop an offset.
	try {
		return dayAt(Temporal.Instant.from(value), zone);
	} catch {
		/* no offset: a wall-clock time in the company zone */
	}
	try {
		return Temporal.PlainDateTime.from(value, { overflow: 'reject' }).toPlainDate().toString();
	} catch {
		return null;
	}
}

/** The term containing `day`, if any. */
export function termOn<T extends { startsOn: string; endsOn: string }>(terms: readonly T[], day: string): T | null {
	const d = date(day);
	return terms.find((t) => Temporal.PlainDate.compare(date(t.startsOn), d) <= 0 && Temporal.PlainDate.compare(d, date(t.endsOn)) <= 0) ?? null;
}

/** The term in force at an instant, judged on the company's calendar day. */
export function termAt<T extends { startsOn: string; endsOn: string }>(terms: readonly T[], instant: Temporal.Instant | Date | string, zone = CONTRACT_ZONE): T | null {
	return termOn(terms, dayAt(instant, zone));
}

/** Is `day` inside [from, to] where a null `to` means open-ended? */
export function withinDates(day: string, from: string, to: string | null): boolean {
	const d = date(day);
	if (Temporal.PlainDate.compare(date(from), d) > 0) return false;
	return to === null || Temporal.PlainDate.compare(d, date(to)) <= 0;
}

/** Do two date ranges (inclusive, null end = open) share at least one day? */
export function rangesOverlap(a: { from: string; to: string | null }, b: { from: string; to: string | null }): boolean {
	const aEndsBeforeB = a.to !== null && Temporal.PlainDate.compare(date(a.to), date(b.from)) < 0;
	const bEndsBeforeA = b.to !== null && Temporal.PlainDate.compare(date(b.to), date(a.from)) < 0;
	return !aEndsBeforeB && !bEndsBeforeA;
}

export function addDays(day: string, days: number): string {
	return date(day).add({ days }).toString();
}

/** Last day of the month of `day` ("expiring this month"). */
export function endOfMonth(day: string): string {
	const d = date(day);
	return d.with({ day: d.daysInMonth }).toString();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return date(from).until(date(to), { largestUnit: 'days' }).days;
}

/** Contract numbers run per year: "2026/000123". The next after `last` (null: the year's first). */
export function nextContractNumber(year: number, last: string | null): string {
	let seq = 0;
	if (last !== null) {
		const match = /^(\d{4})\/(\d{6,})$/.exec(last);
		if (!match || Number(match[1]) !== year) throw new RangeError(`not a ${year} contract number: ${last}`);
		seq = Number(match[2]);
	}
	return `${year}/${String(seq + 1).padStart(6, '0')}`;
}
