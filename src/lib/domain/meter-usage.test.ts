import { describe, expect, it } from 'vitest';
import {
	countingSeries,
	dailyAverage,
	cumulative,
	lastMonths,
	monthlyUsage,
	monthRange,
	stepUsage,
	usageBetween,
	type SeriesReading,
	type StoredReading
} from './meter-usage';

const at = (iso: string) => new Date(iso);
function r(iso: string, value: number, kind: SeriesReading['kind'] = 'normal', previousMeterFinalValue: number | null = null): SeriesReading {
	return { readAt: at(iso), value, kind, previousMeterFinalValue };
}

describe('stepUsage', () => {
	it.each([
		['normal', r('2026-01-01T00:00Z', 100), r('2026-02-01T00:00Z', 350), null, 250],
		['normal, no usage', r('2026-01-01T00:00Z', 100), r('2026-02-01T00:00Z', 100), null, 0],
		['rollover past 99,999', r('2026-01-01T00:00Z', 99_000), r('2026-02-01T00:00Z', 500, 'rollover'), 99_999, 1_500],
		['rollover landing on zero', r('2026-01-01T00:00Z', 99_999), r('2026-02-01T00:00Z', 0, 'rollover'), 99_999, 1],
		['rollover, maximum unknown: counts from zero', r('2026-01-01T00:00Z', 99_000), r('2026-02-01T00:00Z', 500, 'rollover'), null, 500],
		['replacement: old meter ran to its final value, new one starts', r('2026-01-01T00:00Z', 5_000), r('2026-02-01T00:00Z', 12, 'replacement', 8_000), null, 3_000],
		['replacement without final value counts nothing', r('2026-01-01T00:00Z', 5_000), r('2026-02-01T00:00Z', 0, 'replacement', null), null, 0],
		['a lower normal reading never gives negative usage', r('2026-01-01T00:00Z', 5_000), r('2026-02-01T00:00Z', 4_000), null, 0]
	])('%s', (_name, prev, next, maxValue, expected) => {
		expect(stepUsage(prev, next, { maxValue })).toBe(expected);
	});
});

describe('usageBetween', () => {
	const normal = [r('2026-01-01T00:00Z', 1_000), r('2026-02-01T00:00Z', 4_100)]; // 31 days, 100/day
	const rollover = [r('2026-01-01T00:00Z', 99_000), r('2026-02-01T00:00Z', 500, 'rollover'), r('2026-03-01T00:00Z', 3_300)];
	const replacement = [r('2026-01-01T00:00Z', 5_000), r('2026-02-01T00:00Z', 0, 'replacement', 8_000), r('2026-03-01T00:00Z', 1_000)];
	const fromFeb = [r('2026-02-01T00:00Z', 0), r('2026-03-01T00:00Z', 2_800)]; // 28 days, 100/day
	const toJan31 = [r('2026-01-01T00:00Z', 0), r('2026-01-31T00:00Z', 3_000)]; // 30 days, 100/day
	// Rome midnights around the spring change: 29/03/2026 lasts 23 hours. 100 per real hour.
	const dst = [r('2026-03-28T23:00Z', 0), r('2026-03-29T22:00Z', 2_300)];
	// Leap year: 29/02/2028 exists; 200 over the 48 hours around it.
	const leap = [r('2028-02-28T12:00Z', 0), r('2028-03-01T12:00Z', 200)];
	// Slow for six months, then fast: the 3-month average follows the recent pace.
	const paceChange = [r('2026-01-01T00:00Z', 0), r('2026-07-01T00:00Z', 1_810), r('2026-07-31T00:00Z', 4_810)];

	it.each([
		['normal, readings exactly at the boundaries', normal, '2026-01-01T00:00Z', '2026-02-01T00:00Z', null, 3_100, 'reading', 'reading', []],
		['normal, both boundaries interpolated', normal, '2026-01-11T00:00Z', '2026-01-21T00:00Z', null, 1_000, 'interpolated', 'interpolated', []],
		['rollover inside the range', rollover, '2026-01-01T00:00Z', '2026-03-01T00:00Z', 99_999, 1_500 + 2_800, 'reading', 'reading', []],
		['rollover, range ending halfway through the wrap', rollover, '2026-01-01T00:00Z', '2026-01-16T12:00Z', 99_999, 750, 'reading', 'interpolated', []],
		['replacement inside the range', replacement, '2026-01-01T00:00Z', '2026-03-01T00:00Z', null, 3_000 + 1_000, 'reading', 'reading', []],
		['missing start: extrapolated back 10 days at 100/day', fromFeb, '2026-01-22T00:00Z', '2026-03-01T00:00Z', null, 3_800, 'extrapolated', 'reading', ['from']],
		['missing end: extrapolated 10 days on at 100/day', toJan31, '2026-01-01T00:00Z', '2026-02-10T00:00Z', null, 4_000, 'reading', 'extrapolated', ['to']],
		['both boundaries outside the readings', toJan31, '2025-12-27T00:00Z', '2026-02-05T00:00Z', null, 4_000, 'extrapolated', 'extrapolated', ['from', 'to']],
		['both boundaries after the last reading', toJan31, '2026-02-10T00:00Z', '2026-02-20T00:00Z', null, 1_000, 'extrapolated', 'extrapolated', ['from', 'to']],
		['no readings', [], '2026-01-01T00:00Z', '2026-02-01T00:00Z', null, null, 'unknown', 'unknown', ['from', 'to']],
		['one reading, boundary outside: nothing to average', [r('2026-01-15T00:00Z', 10)], '2026-01-01T00:00Z', '2026-02-01T00:00Z', null, null, 'unknown', 'unknown', ['from', 'to']],
		['one reading exactly at both boundaries', [r('2026-01-15T00:00Z', 10)], '2026-01-15T00:00Z', '2026-01-15T00:00Z', null, 0, 'reading', 'reading', []],
		['DST day in Rome has 23 hours: midnight to noon is 11 hours', dst, '2026-03-28T23:00Z', '2026-03-29T10:00Z', null, 1_100, 'reading', 'interpolated', []],
		['leap day 29/02/2028 (Rome day) is half of the 48 hours', leap, '2028-02-28T23:00Z', '2028-02-29T23:00Z', null, 100, 'interpolated', 'interpolated', []],
		['extrapolation uses the last three months only', paceChange, '2026-07-31T00:00Z', '2026-08-10T00:00Z', null, 1_000, 'reading', 'extrapolated', ['to']],
		['empty range', normal, '2026-01-10T00:00Z', '2026-01-10T00:00Z', null, 0, 'interpolated', 'interpolated', []]
	] as const)('%s', (_name, readings, from, to, maxValue, usage, fromMethod, toMethod, estimatedBoundaries) => {
		const result = usageBetween(readings, at(from), at(to), { maxValue });
		expect(result).toEqual({
			usage,
			estimated: estimatedBoundaries.length > 0,
			estimatedBoundaries: [...estimatedBoundaries],
			from: fromMethod,
			to: toMethod
		});
	});

	it('does not depend on the order of the readings', () => {
		const shuffled = [rollover[2], rollover[0], rollover[1]];
		expect(usageBetween(shuffled, at('2026-01-01T00:00Z'), at('2026-03-01T00:00Z'), { maxValue: 99_999 }).usage).toBe(4_300);
	});

	it('two readings at the same instant: the later-listed value is the counter there', () => {
		const same = [r('2026-01-01T00:00Z', 0), r('2026-01-11T00:00Z', 1_000), r('2026-01-11T00:00Z', 1_000), r('2026-01-21T00:00Z', 2_000)];
		expect(usageBetween(same, at('2026-01-01T00:00Z'), at('2026-01-11T00:00Z')).usage).toBe(1_000);
		expect(usageBetween(same, at('2026-01-11T00:00Z'), at('2026-01-21T00:00Z')).usage).toBe(1_000);
	});

	it('refuses a range that ends before it starts', () => {
		expect(() => usageBetween(normal, at('2026-02-01T00:00Z'), at('2026-01-01T00:00Z'))).toThrow(RangeError);
	});
});

describe('dailyAverage', () => {
	const pts = cumulative([r('2026-01-01T00:00Z', 0), r('2026-07-01T00:00Z', 1_810), r('2026-07-31T00:00Z', 4_810)]);
	it.each([
		['end: the last 90 days (one step of 30 days)', 'end', 100],
		['start: grown to the next reading when the window holds one', 'start', 10]
	] as const)('%s', (_name, side, expected) => {
		expect(dailyAverage(pts, side)).toBeCloseTo(expected, 6);
	});
	it('is null with one reading', () => expect(dailyAverage(cumulative([r('2026-01-01T00:00Z', 5)]), 'end')).toBeNull());
});

describe('monthRange (Europe/Rome)', () => {
	it.each([
		['2026-01', '2025-12-31T23:00:00.000Z', '2026-01-31T23:00:00.000Z', 31 * 24],
		['2026-03', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z', 31 * 24 - 1],
		['2026-10', '2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z', 31 * 24 + 1],
		['2028-02', '2028-01-31T23:00:00.000Z', '2028-02-29T23:00:00.000Z', 29 * 24],
		['2027-02', '2027-01-31T23:00:00.000Z', '2027-02-28T23:00:00.000Z', 28 * 24]
	])('%s', (month, from, to, hours) => {
		const range = monthRange(month);
		expect(range.from.toISOString()).toBe(from);
		expect(range.to.toISOString()).toBe(to);
		expect((range.to.getTime() - range.from.getTime()) / 3_600_000).toBe(hours);
	});
});

describe('lastMonths', () => {
	it.each([
		['mid-year', '2026-06-15T10:00Z', 3, ['2026-04', '2026-05', '2026-06']],
		['across the year', '2026-01-10T10:00Z', 3, ['2025-11', '2025-12', '2026-01']],
		['UTC evening that is already next month in Rome', '2026-01-31T23:30Z', 2, ['2026-01', '2026-02']]
	])('%s', (_name, now, count, expected) => {
		expect(lastMonths(at(now), count)).toEqual(expected);
	});
});

describe('monthlyUsage', () => {
	// 100 per day from Rome midnight 01/02/2026, read monthly.
	const readings = [r('2026-01-31T23:00Z', 0), r('2026-02-28T23:00Z', 2_800), r('2026-03-31T22:00Z', 5_896)];
	it('gives each month, nothing before the first reading, and estimates after the last', () => {
		const months = monthlyUsage(readings, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'], { now: at('2026-04-15T22:00Z') });
		expect(months.map((x) => [x.month, x.usage, x.estimated])).toEqual([
			['2026-01', null, false],
			['2026-02', 2_800, false],
			['2026-03', 3_096, false],
			// The current month stops at now: 15 days at the recent average (5,896 over 59 days minus one hour).
			['2026-04', Math.round((5_896 / ((59 * 24 - 1) / 24)) * 15), true],
			['2026-05', null, false]
		]);
		expect(months[3].estimatedBoundaries).toEqual(['to']);
	});
	it('the month of the first reading counts from it, without guessing what came before', () => {
		const mid = [r('2026-02-14T23:00Z', 0), r('2026-02-28T23:00Z', 1_400)];
		const [feb] = monthlyUsage(mid, ['2026-02'], { now: at('2026-03-10T00:00Z') });
		expect(feb).toMatchObject({ usage: 1_400, estimated: false, from: 'reading', to: 'reading' });
	});
	it('a meter without readings has no data in any month', () => {
		expect(monthlyUsage([], ['2026-01']).map((x) => x.usage)).toEqual([null]);
	});
});

describe('countingSeries', () => {
	function s(id: string, iso: string, value: number, extra: Partial<StoredReading> = {}): StoredReading {
		return { id, readAt: at(iso), value, kind: 'normal', status: 'accepted', correctsReadingId: null, previousMeterFinalValue: null, ...extra };
	}
	const cases: Array<[string, StoredReading[], Array<[string, number, string]>]> = [
		['only accepted readings count', [s('a', '2026-01-01T00:00Z', 1), s('b', '2026-02-01T00:00Z', 2, { status: 'review' }), s('c', '2026-03-01T00:00Z', 3, { status: 'rejected' })], [['a', 1, 'normal']]],
		[
			'an accepted correction replaces the reading it corrects',
			[s('a', '2026-01-01T00:00Z', 100), s('b', '2026-02-01T00:00Z', 9_999), s('c', '2026-02-01T00:00Z', 200, { kind: 'correction', correctsReadingId: 'b' })],
			[
				['a', 100, 'normal'],
				['c', 200, 'normal']
			]
		],
		[
			'a correction of a rollover is still a rollover',
			[s('a', '2026-01-01T00:00Z', 99_000), s('b', '2026-02-01T00:00Z', 700, { kind: 'rollover' }), s('c', '2026-02-01T00:00Z', 500, { kind: 'correction', correctsReadingId: 'b' })],
			[
				['a', 99_000, 'normal'],
				['c', 500, 'rollover']
			]
		],
		[
			'a chain of corrections: only the last counts, as a replacement with the original final value',
			[
				s('a', '2026-01-01T00:00Z', 5_000),
				s('b', '2026-02-01T00:00Z', 10, { kind: 'replacement', previousMeterFinalValue: 8_000 }),
				s('c', '2026-02-01T00:00Z', 20, { kind: 'correction', correctsReadingId: 'b' }),
				s('d', '2026-02-01T00:00Z', 0, { kind: 'correction', correctsReadingId: 'c' })
			],
			[
				['a', 5_000, 'normal'],
				['d', 0, 'replacement']
			]
		],
		[
			'a correction of a reading under review replaces it',
			[s('a', '2026-01-01T00:00Z', 100), s('b', '2026-02-01T00:00Z', 90_000, { status: 'review' }), s('c', '2026-02-01T00:00Z', 900, { kind: 'correction', correctsReadingId: 'b' })],
			[
				['a', 100, 'normal'],
				['c', 900, 'normal']
			]
		],
		['a correction of an unknown reading counts as normal', [s('c', '2026-02-01T00:00Z', 900, { kind: 'correction', correctsReadingId: 'zz' })], [['c', 900, 'normal']]],
		[
			'sorted by time whatever the input order',
			[s('b', '2026-02-01T00:00Z', 2), s('a', '2026-01-01T00:00Z', 1)],
			[
				['a', 1, 'normal'],
				['b', 2, 'normal']
			]
		]
	];
	it.each(cases)('%s', (_name, rows, expected) => {
		expect(countingSeries(rows).map((x) => [x.reading.id, x.value, x.kind])).toEqual(expected);
	});

	it('keeps the replacement final value of the original when the correction has none', () => {
		const rows = [
			s('a', '2026-01-01T00:00Z', 5_000),
			s('b', '2026-02-01T00:00Z', 10, { kind: 'replacement', previousMeterFinalValue: 8_000 }),
			s('c', '2026-02-01T00:00Z', 0, { kind: 'correction', correctsReadingId: 'b' })
		];
		const series = countingSeries(rows);
		expect(series[1].previousMeterFinalValue).toBe(8_000);
		expect(usageBetween(series, at('2026-01-01T00:00Z'), at('2026-02-01T00:00Z')).usage).toBe(3_000);
	});
});
