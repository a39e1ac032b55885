import { describe, expect, it } from 'vitest';
import { decide, intervalDueDate, isOccurrenceDue, latestDueCounter, latestDueInterval, nextIntervalDue, usageSinceBaseline } from './maintenance-due';
import type { SeriesReading } from './meter-usage';

describe('intervalDueDate: anchor + k*N months, never drifting', () => {
	it.each([
		['k = 0 is the anchor', '2026-01-15', 6, 0, '2026-01-15'],
		['every 6 months', '2026-01-15', 6, 1, '2026-07-15'],
		['every 6 months, third time, next year', '2026-01-15', 6, 3, '2027-07-15'],
		['Jan 31 monthly: February clamps to the 28th', '2026-01-31', 1, 1, '2026-02-28'],
		['Jan 31 monthly: March is back on the 31st', '2026-01-31', 1, 2, '2026-03-31'],
		['Jan 31 monthly: April has 30 days', '2026-01-31', 1, 3, '2026-04-30'],
		['Jan 31 monthly in a leap year: Feb 29', '2028-01-31', 1, 1, '2028-02-29'],
		['Feb 29 yearly: Feb 28 the next year', '2028-02-29', 12, 1, '2029-02-28'],
		['Feb 29 yearly: back to Feb 29 four years on', '2028-02-29', 12, 4, '2032-02-29'],
		['every 60 months', '2026-03-10', 60, 1, '2031-03-10'],
		['Aug 31 quarterly: Nov 30, then Feb 28', '2026-08-31', 3, 2, '2027-02-28']
	])('%s', (_name, anchor, every, k, expected) => {
		expect(intervalDueDate(anchor, every, k)).toBe(expected);
	});

	it('refuses a negative or fractional occurrence', () => {
		expect(() => intervalDueDate('2026-01-01', 1, -1)).toThrow(RangeError);
		expect(() => intervalDueDate('2026-01-01', 1, 1.5)).toThrow(RangeError);
	});
});

describe('isOccurrenceDue: due date minus lead days', () => {
	it.each([
		['7 days lead: due a week before', '2026-03-15', 7, '2026-03-08', true],
		['7 days lead: not the day before that', '2026-03-15', 7, '2026-03-07', false],
		['no lead: due on the day', '2026-03-15', 0, '2026-03-15', true],
		['no lead: not the day before', '2026-03-15', 0, '2026-03-14', false],
		['past the due date it stays due', '2026-03-15', 7, '2026-05-01', true],
		['lead across a leap day', '2028-03-01', 2, '2028-02-28', true],
		['lead across a leap day, one day early', '2028-03-01', 2, '2028-02-27', false],
		['lead across the year end', '2027-01-03', 7, '2026-12-27', true]
	])('%s', (_name, dueOn, lead, today, expected) => {
		expect(isOccurrenceDue(dueOn, lead, today)).toBe(expected);
	});
});

describe('latestDueInterval: only the latest due occurrence', () => {
	it.each([
		['before the first window opens', { anchorDate: '2026-06-15', everyMonths: 6, leadDays: 7 }, '2026-06-07', null],
		['the first window opens', { anchorDate: '2026-06-15', everyMonths: 6, leadDays: 7 }, '2026-06-08', { occurrence: 0, dueOn: '2026-06-15' }],
		['between occurrences: still the first', { anchorDate: '2026-06-15', everyMonths: 6, leadDays: 7 }, '2026-10-01', { occurrence: 0, dueOn: '2026-06-15' }],
		['second window opens', { anchorDate: '2026-06-15', everyMonths: 6, leadDays: 7 }, '2026-12-08', { occurrence: 1, dueOn: '2026-12-15' }],
		['missed three: only the latest', { anchorDate: '2025-01-10', everyMonths: 3, leadDays: 0 }, '2025-11-01', { occurrence: 3, dueOn: '2025-10-10' }],
		['Jan 31 monthly on Feb 28, no lead', { anchorDate: '2026-01-31', everyMonths: 1, leadDays: 0 }, '2026-02-28', { occurrence: 1, dueOn: '2026-02-28' }],
		['Jan 31 monthly on Mar 30: March not yet', { anchorDate: '2026-01-31', everyMonths: 1, leadDays: 0 }, '2026-03-30', { occurrence: 1, dueOn: '2026-02-28' }],
		['Jan 31 monthly on Mar 31', { anchorDate: '2026-01-31', everyMonths: 1, leadDays: 0 }, '2026-03-31', { occurrence: 2, dueOn: '2026-03-31' }],
		['leap day due, 1 day lead, on Feb 28', { anchorDate: '2027-02-28', everyMonths: 12, leadDays: 1 }, '2028-02-27', { occurrence: 1, dueOn: '2028-02-28' }],
		['lead reaches into next month', { anchorDate: '2026-01-05', everyMonths: 1, leadDays: 10 }, '2026-02-22', { occurrence: 1, dueOn: '2026-02-05' }],
		['lead reaches into next month, window open', { anchorDate: '2026-01-05', everyMonths: 1, leadDays: 10 }, '2026-02-23', { occurrence: 2, dueOn: '2026-03-05' }]
	])('%s', (_name, plan, today, expected) => {
		expect(latestDueInterval(plan, today)).toEqual(expected);
	});

	it('agrees with a day-by-day walk over four years of month-end anchors', () => {
		const plan = { anchorDate: '2027-01-31', everyMonths: 1, leadDays: 3 };
		let day = '2027-01-01';
		for (let i = 0; i < 4 * 366; i++) {
			let k = -1;
			while (isOccurrenceDue(intervalDueDate(plan.anchorDate, plan.everyMonths, k + 1), plan.leadDays, day)) k++;
			expect(latestDueInterval(plan, day)?.occurrence ?? -1).toBe(k);
			const d = new Date(day + 'T00:00:00Z');
			d.setUTCDate(d.getUTCDate() + 1);
			day = d.toISOString().slice(0, 10);
		}
	});
});

describe('nextIntervalDue: what the plan list shows', () => {
	const plan = { anchorDate: '2027-01-15', everyMonths: 6, leadDays: 7 };
	it.each([
		['nothing generated, not due yet: the anchor', null, '2026-12-01', { occurrence: 0, dueOn: '2027-01-15' }],
		['first generated: the next one', 0, '2027-01-20', { occurrence: 1, dueOn: '2027-07-15' }],
		['missed occurrences: the latest due', 0, '2028-02-01', { occurrence: 2, dueOn: '2028-01-15' }]
	])('%s', (_name, after, today, expected) => {
		expect(nextIntervalDue(plan, after, today)).toEqual(expected);
	});
});

const r = (iso: string, value: number, kind: SeriesReading['kind'] = 'normal', previousMeterFinalValue: number | null = null): SeriesReading => ({
	readAt: new Date(iso),
	value,
	kind,
	previousMeterFinalValue
});

describe('usageSinceBaseline: meter usage counted from the baseline', () => {
	const base = { value: 10_000, at: new Date('2026-01-01T09:00:00Z') };
	it.each([
		['no readings after the baseline', [r('2025-12-01T09:00Z', 9_000)], {}, 0],
		['the baseline reading itself adds nothing', [r('2026-01-01T09:00Z', 10_000)], {}, 0],
		['plain growth', [r('2026-01-01T09:00Z', 10_000), r('2026-02-01T09:00Z', 35_000)], {}, 25_000],
		['readings before the baseline are ignored', [r('2025-06-01T09:00Z', 1_000), r('2026-02-01T09:00Z', 12_000)], {}, 2_000],
		['rollover past 99,999', [r('2026-02-01T09:00Z', 99_000), r('2026-03-01T09:00Z', 500, 'rollover')], { maxValue: 99_999 }, 90_500],
		['meter replaced: old meter to its final value, then the new one', [r('2026-02-01T09:00Z', 30_000), r('2026-03-01T09:00Z', 0, 'replacement', 40_000), r('2026-04-01T09:00Z', 15_000)], {}, 45_000],
		['a given baseline against the reading at its instant', [r('2026-01-01T09:00Z', 31_200)], {}, 21_200]
	])('%s', (_name, readings, options, expected) => {
		expect(usageSinceBaseline(base, readings, options)).toBe(expected);
	});
});

describe('latestDueCounter: thresholds at k*N', () => {
	it.each([
		['before the first threshold', 49_999, 50_000, null],
		['exactly on the threshold', 50_000, 50_000, { occurrence: 1, thresholdUsage: 50_000 }],
		['past the first', 73_000, 50_000, { occurrence: 1, thresholdUsage: 50_000 }],
		['missed two: only the latest', 151_000, 50_000, { occurrence: 3, thresholdUsage: 150_000 }],
		['no usage', 0, 50_000, null]
	])('%s', (_name, usage, every, expected) => {
		expect(latestDueCounter(usage, every)).toEqual(expected);
	});
});

describe('decide: one open call per plan', () => {
	const due = { occurrence: 2, dueOn: '2026-07-15' };
	it.each([
		['nothing due', null, null, { action: 'none' }],
		['first occurrence', due, null, { action: 'generate', due }],
		['already generated', due, { occurrence: 2, callOpen: true }, { action: 'none' }],
		['already generated and done', due, { occurrence: 2, callOpen: false }, { action: 'none' }],
		['next due, previous call open: wait', due, { occurrence: 1, callOpen: true }, { action: 'wait', due }],
		['next due, previous call done: generate', due, { occurrence: 1, callOpen: false }, { action: 'generate', due }],
		['skipped ahead, previous done: the latest', due, { occurrence: 0, callOpen: false }, { action: 'generate', due }]
	] as const)('%s', (_name, latest, last, expected) => {
		expect(decide(latest, last)).toEqual(expected);
	});
});
