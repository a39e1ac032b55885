import { Temporal } from 'temporal-polyfill';
import { cumulative, type MeterOptions, type SeriesReading } from './meter-usage';

/**
 * When scheduled maintenance falls due. Interval plans: the k-th due date is the anchor plus
 * k*N months (k = 0 is the anchor itself), always computed from the anchor so a plan anchored on
 * the 31st comes back to the 31st after a short month; the call is generated `leadDays` before.
 * Counter plans: the k-th occurrence (k >= 1) falls due once the meter's usage since the baseline
 * reaches k*N units, with rollover and meter replacement counted by the meter-usage maths.
 * A plan that missed several occurrences generates only the latest one, never a backlog.
 */

export type IntervalPlan = { anchorDate: string; everyMonths: number; leadDays: number };
export type Occurrence = { occurrence: number; dueOn?: string; thresholdUsage?: number };

/** The k-th due date (YYYY-MM-DD) of an interval plan: anchor + k*N months, clamped to the month's end. */
export function intervalDueDate(anchorDate: string, everyMonths: number, k: number): string {
	if (!Number.isInteger(k) || k < 0) throw new RangeError('occurrence must be a whole number >= 0');
	return Temporal.PlainDate.from(anchorDate).add({ months: k * everyMonths }, { overflow: 'constrain' }).toString();
}

/** Is an occurrence due on `today` (its due date minus the lead days has come)? */
export function isOccurrenceDue(dueOn: string, leadDays: number, today: string): boolean {
	const opensOn = Temporal.PlainDate.from(dueOn).subtract({ days: leadDays });
	return Temporal.PlainDate.compare(opensOn, Temporal.PlainDate.from(today)) <= 0;
}

/** The latest occurrence of an interval plan that is due on `today`, or null before the first. */
export function latestDueInterval(plan: IntervalPlan, today: string): Occurrence | null {
	if (!isOccurrenceDue(plan.anchorDate, plan.leadDays, today)) return null;
	const horizon = Temporal.PlainDate.from(today).add({ days: plan.leadDays });
	const months = Temporal.PlainDate.from(plan.anchorDate).until(horizon, { largestUnit: 'months' }).months;
	let k = Math.max(0, Math.floor(months / plan.everyMonths));
	// The month count is a guess near month ends: settle it against the real due dates.
	while (isOccurrenceDue(intervalDueDate(plan.anchorDate, plan.everyMonths, k + 1), plan.leadDays, today)) k++;
	while (k > 0 && !isOccurrenceDue(intervalDueDate(plan.anchorDate, plan.everyMonths, k), plan.leadDays, today)) k--;
	return { occurrence: k, dueOn: intervalDueDate(plan.anchorDate, plan.everyMonths, k) };
}

/** The first due date after occurrence `after` (or the anchor when nothing was generated): for display. */
export function nextIntervalDue(plan: IntervalPlan, after: number | null, today: string): Occurrence {
	const due = latestDueInterval(plan, today);
	if (due && (after === null || due.occurrence > after)) return due;
	const k = after === null ? 0 : after + 1;
	return { occurrence: k, dueOn: intervalDueDate(plan.anchorDate, plan.everyMonths, k) };
}

export type Baseline = { value: number; at: Date };

/**
 * Usage of a meter since the baseline: the baseline is the starting point, then every reading
 * that counts at or after its instant (a reading at the very instant is the baseline reading
 * itself, or the value the baseline was given against, so it counts as a plain difference).
 */
export function usageSinceBaseline(baseline: Baseline, readings: readonly SeriesReading[], options: MeterOptions = {}): number {
	const t = baseline.at.getTime();
	const after = readings
		.filter((r) => r.readAt.getTime() >= t)
		.map((r) => (r.readAt.getTime() === t ? { value: r.value, readAt: r.readAt, kind: 'normal' as const } : r));
	const points = cumulative([{ value: baseline.value, readAt: baseline.at, kind: 'normal' }, ...after], options);
	return points[points.length - 1].c;
}

/** The latest counter occurrence reached by `usage` (threshold k*N), or null before the first. */
export function latestDueCounter(usage: number, everyUnits: number): Occurrence | null {
	const k = Math.floor(usage / everyUnits);
	return k >= 1 ? { occurrence: k, thresholdUsage: k * everyUnits } : null;
}

export type LastGenerated = { occurrence: number; callOpen: boolean };
export type Decision = { action: 'none' } | { action: 'wait'; due: Occurrence } | { action: 'generate'; due: Occurrence };

/**
 * What a run does with one plan: nothing when no occurrence past the last generated one is due;
 * wait while the last generated call is still open (never two open calls for one plan);
 * otherwise generate the latest due occurrence.
 */
export function decide(latestDue: Occurrence | null, last: LastGenerated | null): Decision {
	if (!latestDue) return { action: 'none' };
	if (last && latestDue.occurrence <= last.occurrence) return { action: 'none' };
	if (last?.callOpen) return { action: 'wait', due: latestDue };
	return { action: 'generate', due: latestDue };
}
