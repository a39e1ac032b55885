import { describe, expect, it } from 'vitest';
import {
	billingPeriods,
	dayAt,
	dayOfMoment,
	daysBetween,
	endOfMonth,
	nextContractNumber,
	monthBoundary,
	nextTerm,
	noticeDeadline,
	parsePlainDate,
	rangesOverlap,
	renewalDecision,
	renewalsDue,
	termAt,
	termEnd,
	termOn,
	withinDates,
	type ContractStatus,
	type Periodicity
} from './contract-terms';

describe('termEnd (art. 2963 c.c.: the day before the corresponding day, or the month end)', () => {
	it.each([
		['2026-01-01', 12, '2026-12-31'],
		['2026-01-01', 1, '2026-01-31'],
		['2026-01-15', 1, '2026-02-14'],
		['2026-01-31', 1, '2026-02-28'], // no 31 Feb: ends on the last day of February
		['2028-01-31', 1, '2028-02-29'], // leap year
		['2026-01-30', 1, '2026-02-28'],
		['2028-01-30', 1, '2028-02-29'],
		['2028-01-29', 1, '2028-02-28'], // 29 Feb exists in 2028: day before it
		['2026-01-29', 1, '2026-02-28'], // 29 Feb 2026 does not: month end
		['2024-02-29', 12, '2025-02-28'], // leap day start, non-leap end
		['2024-02-29', 48, '2028-02-28'], // back on a leap year: the day before 29 Feb
		['2026-03-31', 1, '2026-04-30'],
		['2026-05-31', 1, '2026-06-30'],
		['2026-08-31', 3, '2026-11-30'],
		['2026-11-30', 3, '2027-02-28'],
		['2026-10-01', 3, '2026-12-31'], // ends 31 Dec
		['2026-12-31', 1, '2027-01-30'],
		['2026-12-31', 12, '2027-12-30'],
		['2026-03-29', 1, '2026-04-28'], // starts on the DST night: plain dates do not care
		['2026-07-01', 36, '2029-06-30']
	])('%s + %i months -> %s', (start, months, end) => expect(termEnd(start, months)).toBe(end));

	it.each([0, -1, 1.5])('refuses %s months', (months) => expect(() => termEnd('2026-01-01', months)).toThrow(RangeError));
	it('refuses an invalid date', () => expect(() => termEnd('2026-02-30', 1)).toThrow(RangeError));
});

describe('monthBoundary', () => {
	it.each([
		['2026-01-31', 1, '2026-03-01'],
		['2026-01-31', 2, '2026-03-31'],
		['2026-01-31', 3, '2026-05-01'],
		['2026-12-15', 1, '2027-01-15'],
		['2026-11-30', 3, '2027-03-01']
	])('%s + %i', (start, months, expected) => expect(monthBoundary(start, months).toString()).toBe(expected));
});

describe('billingPeriods', () => {
	type Row = [string, { startsOn: string; endsOn: string }, Periodicity, Array<[string, string, number, boolean]>];
	const cases: Row[] = [
		[
			'annual term, quarterly',
			{ startsOn: '2026-01-01', endsOn: '2026-12-31' },
			'quarterly',
			[
				['2026-01-01', '2026-03-31', 3, false],
				['2026-04-01', '2026-06-30', 3, false],
				['2026-07-01', '2026-09-30', 3, false],
				['2026-10-01', '2026-12-31', 3, false]
			]
		],
		[
			'annual term, bimonthly (Feb in a leap year)',
			{ startsOn: '2028-01-01', endsOn: '2028-12-31' },
			'bimonthly',
			[
				['2028-01-01', '2028-02-29', 2, false],
				['2028-03-01', '2028-04-30', 2, false],
				['2028-05-01', '2028-06-30', 2, false],
				['2028-07-01', '2028-08-31', 2, false],
				['2028-09-01', '2028-10-31', 2, false],
				['2028-11-01', '2028-12-31', 2, false]
			]
		],
		['annual term, annual', { startsOn: '2026-03-15', endsOn: '2027-03-14' }, 'annual', [['2026-03-15', '2027-03-14', 12, false]]],
		[
			'14-month term, quarterly: last period 2 months, flagged',
			{ startsOn: '2026-01-01', endsOn: '2027-02-28' },
			'quarterly',
			[
				['2026-01-01', '2026-03-31', 3, false],
				['2026-04-01', '2026-06-30', 3, false],
				['2026-07-01', '2026-09-30', 3, false],
				['2026-10-01', '2026-12-31', 3, false],
				['2027-01-01', '2027-02-28', 2, true]
			]
		],
		[
			'monthly from 31 Jan: anchored to the start, no drift',
			{ startsOn: '2026-01-31', endsOn: '2026-05-30' },
			'monthly',
			[
				['2026-01-31', '2026-02-28', 1, false],
				['2026-03-01', '2026-03-30', 1, false],
				['2026-03-31', '2026-04-30', 1, false],
				['2026-05-01', '2026-05-30', 1, false]
			]
		],
		['term shorter than a period: one partial period of 0 whole months', { startsOn: '2026-01-01', endsOn: '2026-01-20' }, 'quarterly', [['2026-01-01', '2026-01-20', 0, true]]],
		['annual periodicity on a 6-month term', { startsOn: '2026-07-01', endsOn: '2026-12-31' }, 'annual', [['2026-07-01', '2026-12-31', 6, true]]],
		[
			'quarterly with a partial last period of odd length',
			{ startsOn: '2026-11-01', endsOn: '2027-02-10' },
			'quarterly',
			[
				['2026-11-01', '2027-01-31', 3, false],
				['2027-02-01', '2027-02-10', 0, true]
			]
		]
	];
	it.each(cases)('%s', (_name, term, periodicity, expected) => {
		const periods = billingPeriods(term, periodicity);
		expect(periods.map((p) => [p.startsOn, p.endsOn, p.months, p.partial])).toEqual(expected);
		expect(periods.map((p) => p.index)).toEqual(expected.map((_, i) => i));
	});

	it('periods are contiguous and end on the term end for every periodicity and start day', () => {
		for (const start of ['2026-01-01', '2026-01-31', '2028-02-29', '2026-08-30', '2026-12-31']) {
			for (const months of [1, 7, 12, 13, 36]) {
				const term = { startsOn: start, endsOn: termEnd(start, months) };
				for (const p of ['monthly', 'bimonthly', 'quarterly', 'annual'] as const) {
					const periods = billingPeriods(term, p);
					expect(periods[0].startsOn).toBe(start);
					expect(periods.at(-1)!.endsOn).toBe(term.endsOn);
					for (let i = 1; i < periods.length; i++) expect(daysBetween(periods[i - 1].endsOn, periods[i].startsOn)).toBe(1);
				}
			}
		}
	});

	it('refuses a term ending before it starts', () => expect(() => billingPeriods({ startsOn: '2026-02-01', endsOn: '2026-01-31' }, 'monthly')).toThrow(RangeError));
});

describe('renewals', () => {
	it.each([
		[{ termNo: 1, startsOn: '2026-01-01', endsOn: '2026-12-31' }, 12, { termNo: 2, startsOn: '2027-01-01', endsOn: '2027-12-31' }],
		[{ termNo: 1, startsOn: '2025-03-01', endsOn: '2026-02-28' }, 12, { termNo: 2, startsOn: '2026-03-01', endsOn: '2027-02-28' }],
		[{ termNo: 3, startsOn: '2027-03-01', endsOn: '2028-02-28' }, 12, { termNo: 4, startsOn: '2028-02-29', endsOn: '2029-02-28' }], // a renewal starting on a leap day
		[{ termNo: 1, startsOn: '2026-01-01', endsOn: '2026-01-30' }, 1, { termNo: 2, startsOn: '2026-01-31', endsOn: '2026-02-28' }],
		[{ termNo: 2, startsOn: '2026-07-01', endsOn: '2026-12-31' }, 24, { termNo: 3, startsOn: '2027-01-01', endsOn: '2028-12-31' }]
	])('nextTerm after %o (%i months)', (last, months, expected) => expect(nextTerm(last, months)).toEqual(expected));

	it.each([
		['2026-12-31', 90, '2026-10-02'],
		['2026-12-31', 0, '2026-12-31'],
		['2027-03-31', 30, '2027-03-01'],
		['2028-03-31', 31, '2028-02-29'],
		['2027-01-15', 30, '2026-12-16'] // across the year end
	])('noticeDeadline(%s, %i days) = %s', (end, days, expected) => expect(noticeDeadline(end, days)).toBe(expected));

	type D = [string, ContractStatus, boolean, string, string, ReturnType<typeof renewalDecision>];
	const decisions: D[] = [
		['auto-renew, ends tomorrow', 'active', true, '2026-12-31', '2026-12-30', 'none'],
		['auto-renew, ends today', 'active', true, '2026-12-31', '2026-12-31', 'renew'],
		['auto-renew, ended yesterday', 'active', true, '2026-12-31', '2027-01-01', 'renew'],
		['auto-renew, suspended still renews', 'suspended', true, '2026-12-31', '2027-01-01', 'renew'],
		['no auto-renew, ends today: still in force', 'active', false, '2026-12-31', '2026-12-31', 'none'],
		['no auto-renew, ended yesterday: expire', 'active', false, '2026-12-31', '2027-01-01', 'expire'],
		['no auto-renew, suspended and ended: expire', 'suspended', false, '2026-12-31', '2027-01-01', 'expire'],
		['draft never renews or expires', 'draft', true, '2026-12-31', '2027-06-01', 'none'],
		['terminated is left alone', 'terminated', false, '2026-12-31', '2027-06-01', 'none'],
		['expired is left alone', 'expired', true, '2026-12-31', '2027-06-01', 'none'],
		['leap day end, auto-renew', 'active', true, '2028-02-29', '2028-02-29', 'renew']
	];
	it.each(decisions)('renewalDecision: %s', (_n, status, autoRenew, endsOn, today, expected) => {
		expect(renewalDecision({ status, autoRenew }, { endsOn }, today)).toBe(expected);
	});

	it.each([
		['nothing when the term runs past today', { termNo: 1, startsOn: '2026-01-01', endsOn: '2026-12-31' }, 12, '2026-06-01', []],
		['one term when it ends today', { termNo: 1, startsOn: '2026-01-01', endsOn: '2026-12-31' }, 12, '2026-12-31', [[2, '2027-01-01', '2027-12-31']]],
		[
			'catch-up: three quarterly terms missed',
			{ termNo: 1, startsOn: '2026-01-01', endsOn: '2026-03-31' },
			3,
			'2026-10-05',
			[
				[2, '2026-04-01', '2026-06-30'],
				[3, '2026-07-01', '2026-09-30'],
				[4, '2026-10-01', '2026-12-31']
			]
		]
	] as const)('renewalsDue: %s', (_n, last, months, today, expected) => {
		expect(renewalsDue(last, months, today).map((t) => [t.termNo, t.startsOn, t.endsOn])).toEqual(expected);
	});
});

describe('coverage dates', () => {
	const terms = [
		{ termNo: 1, startsOn: '2026-01-01', endsOn: '2026-12-31' },
		{ termNo: 2, startsOn: '2027-01-01', endsOn: '2027-12-31' }
	];
	it.each([
		['before the first term', '2025-12-31T22:59:59Z', null], // 23:59:59 in Rome on 31 Dec 2025
		['first second of the first term in Rome (still 2025 in UTC)', '2025-12-31T23:00:00Z', 1],
		['the last evening of 2026 in Rome', '2026-12-31T22:59:59Z', 1],
		['Rome has already reached 2027 while UTC has not', '2026-12-31T23:30:00Z', 2],
		['spring-forward night (01:30 CET)', '2026-03-29T00:30:00Z', 1],
		['autumn night, 00:30 CEST on 25 Oct is still 24 Oct in UTC', '2026-10-24T22:30:00Z', 1],
		['after the last term', '2027-12-31T23:00:00Z', null],
		['with an explicit offset', '2027-06-01T08:00:00+02:00', 2]
	])('termAt: %s', (_n, instant, expected) => {
		expect(termAt(terms, instant)?.termNo ?? null).toBe(expected);
	});

	it.each([
		['2026-03-29T00:30:00Z', '2026-03-29'],
		['2026-03-28T23:30:00Z', '2026-03-29'], // 00:30 CET
		['2026-10-24T22:30:00Z', '2026-10-25'], // 00:30 CEST
		['2026-10-25T22:30:00Z', '2026-10-25'], // 23:30 CET after fall-back
		['2026-06-30T21:59:59Z', '2026-06-30'],
		['2026-06-30T22:00:00Z', '2026-07-01']
	])('dayAt(%s) = %s in Rome', (instant, day) => expect(dayAt(instant)).toBe(day));

	it('dayAt takes a Date', () => expect(dayAt(new Date('2028-02-28T23:00:00Z'))).toBe('2028-02-29'));

	it.each([
		['2026-03-01', '2026-03-01'],
		['2026-03-01T10:00:00Z', '2026-03-01'],
		['2026-02-28T23:30:00Z', '2026-03-01'],
		['2026-03-01T00:30:00+02:00', '2026-02-28'],
		['2026-03-01T00:30', '2026-03-01'], // wall clock in Rome
		['2026-03-01T10:00:00.123Z', '2026-03-01'],
		['2026-02-30', null],
		['2026-02-30T10:00:00Z', null],
		['yesterday', null],
		['', null],
		['2026-13-01T00:00:00Z', null]
	])('dayOfMoment(%j) = %s', (text, expected) => expect(dayOfMoment(text)).toBe(expected));

	it.each([
		['2026-06-01', '2026-06-01', null, true],
		['2026-05-31', '2026-06-01', null, false],
		['2030-01-01', '2026-06-01', null, true],
		['2026-06-30', '2026-06-01', '2026-06-30', true],
		['2026-07-01', '2026-06-01', '2026-06-30', false]
	])('withinDates(%s, %s, %s) = %s', (day, from, to, expected) => expect(withinDates(day, from, to)).toBe(expected));

	it.each([
		[{ from: '2026-01-01', to: null }, { from: '2027-01-01', to: null }, true],
		[{ from: '2026-01-01', to: '2026-06-30' }, { from: '2026-07-01', to: null }, false],
		[{ from: '2026-01-01', to: '2026-06-30' }, { from: '2026-06-30', to: '2026-06-30' }, true],
		[{ from: '2026-07-01', to: '2026-07-31' }, { from: '2026-01-01', to: '2026-06-30' }, false],
		[{ from: '2026-07-01', to: null }, { from: '2026-01-01', to: '2026-07-01' }, true]
	])('rangesOverlap(%o, %o) = %s', (a, b, expected) => {
		expect(rangesOverlap(a, b)).toBe(expected);
		expect(rangesOverlap(b, a)).toBe(expected);
	});

	it('termOn finds the term containing a plain day', () => {
		expect(termOn(terms, '2027-01-01')?.termNo).toBe(2);
		expect(termOn(terms, '2028-01-01')).toBeNull();
	});
});

describe('small helpers', () => {
	it.each([
		['2026-02-10', '2026-02-28'],
		['2028-02-10', '2028-02-29'],
		['2026-12-01', '2026-12-31']
	])('endOfMonth(%s) = %s', (d, e) => expect(endOfMonth(d)).toBe(e));
	it.each([
		['2026-02-30', null],
		['2026-2-3', null],
		['2028-02-29', '2028-02-29'],
		['2026-02-29', null]
	])('parsePlainDate(%s)', (d, e) => expect(parsePlainDate(d)?.toString() ?? null).toBe(e));
	it('daysBetween across DST and a leap day', () => {
		expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
		expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
		expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
	});
});

describe('nextContractNumber', () => {
	it.each([
		[2026, null, '2026/000001'],
		[2026, '2026/000001', '2026/000002'],
		[2026, '2026/000999', '2026/001000'],
		[2027, '2027/999999', '2027/1000000']
	] as const)('%i after %s', (year, last, expected) => expect(nextContractNumber(year, last)).toBe(expected));
	it.each([
		[2027, '2026/000005'],
		[2026, 'X-1']
	])('refuses %i after %s', (year, last) => expect(() => nextContractNumber(year, last)).toThrow(RangeError));
});
