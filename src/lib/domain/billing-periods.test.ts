import { describe, expect, it } from 'vitest';
import { dueBillingPeriods, periodMonths, prorateCents, type BillingTiming, type ContractTerm, type Periodicity } from './billing-periods';
import { addDays, daysBetween, termEnd } from './contract-terms';

type Expected = Array<[from: string, to: string, days: number, fullDays: number]>;
type Row = [name: string, periodicity: Periodicity, timing: BillingTiming, terms: ContractTerm[], today: string, billedThrough: string | null, expected: Expected];

const year2026: ContractTerm[] = [{ startsOn: '2026-01-01', endsOn: '2026-12-31' }];

describe('periodMonths', () => {
	it.each([
		['monthly', 1],
		['bimonthly', 2],
		['quarterly', 3],
		['annual', 12]
	] as const)('%s -> %i', (p, months) => expect(periodMonths(p)).toBe(months));

	it('refuses an unknown periodicity', () => expect(() => periodMonths('weekly' as Periodicity)).toThrow(RangeError));
});

describe('dueBillingPeriods', () => {
	const cases: Row[] = [
		['empty terms: nothing', 'monthly', 'advance', [], '2026-06-01', null, []],
		['advance: nothing the day before the start', 'monthly', 'advance', year2026, '2025-12-31', null, []],
		['advance: the first period on the first day', 'monthly', 'advance', year2026, '2026-01-01', null, [['2026-01-01', '2026-01-31', 31, 31]]],
		['arrears: nothing on the period\'s last day', 'monthly', 'arrears', year2026, '2026-01-31', null, []],
		['arrears: due the day after the last day', 'monthly', 'arrears', year2026, '2026-02-01', null, [['2026-01-01', '2026-01-31', 31, 31]]],
		['February in a common year', 'monthly', 'advance', year2026, '2026-02-15', '2026-01-31', [['2026-02-01', '2026-02-28', 28, 28]]],
		['February in a leap year', 'monthly', 'advance', [{ startsOn: '2028-01-01', endsOn: '2028-12-31' }], '2028-02-15', '2028-01-31', [['2028-02-01', '2028-02-29', 29, 29]]],
		['bimonthly over a leap February', 'bimonthly', 'arrears', [{ startsOn: '2028-01-01', endsOn: '2028-12-31' }], '2028-03-01', null, [['2028-01-01', '2028-02-29', 60, 60]]],
		[
			// art. 2963 c.c.: no 31 February, so the first month ends on the 28th and the next starts on
			// 1 March; counted from the anchor, March's period goes back to the 31st.
			'monthly from the 31st: never drifting off the anchor',
			'monthly',
			'advance',
			[{ startsOn: '2026-01-31', endsOn: termEnd('2026-01-31', 12) }],
			'2026-05-31',
			null,
			[
				['2026-01-31', '2026-02-28', 29, 29],
				['2026-03-01', '2026-03-30', 30, 30],
				['2026-03-31', '2026-04-30', 31, 31],
				['2026-05-01', '2026-05-30', 30, 30],
				['2026-05-31', '2026-06-30', 31, 31]
			]
		],
		['monthly from the 31st in a leap year', 'monthly', 'arrears', [{ startsOn: '2028-01-31', endsOn: termEnd('2028-01-31', 12) }], '2028-03-31', null, [['2028-01-31', '2028-02-29', 30, 30], ['2028-03-01', '2028-03-30', 30, 30]]],
		['monthly from the 31st, 30 days on: still the first period', 'monthly', 'advance', [{ startsOn: '2026-01-31', endsOn: '2026-12-31' }], '2026-02-28', null, [['2026-01-31', '2026-02-28', 29, 29]]],
		[
			'quarterly across the year end',
			'quarterly',
			'advance',
			[{ startsOn: '2026-11-01', endsOn: '2027-10-31' }],
			'2027-02-01',
			null,
			[
				['2026-11-01', '2027-01-31', 92, 92],
				['2027-02-01', '2027-04-30', 89, 89]
			]
		],
		['quarterly from 30 November: the quarter ends with February', 'quarterly', 'arrears', [{ startsOn: '2026-11-30', endsOn: termEnd('2026-11-30', 12) }], '2027-03-01', null, [['2026-11-30', '2027-02-28', 91, 91]]],
		['annual from 29 February: one year, no one-day stub at the term end', 'annual', 'arrears', [{ startsOn: '2024-02-29', endsOn: termEnd('2024-02-29', 12) }], '2030-01-01', null, [['2024-02-29', '2025-02-28', 366, 366]]],
		[
			'annual from 29 February, renewed: the second year starts on 1 March',
			'annual',
			'advance',
			[
				{ startsOn: '2024-02-29', endsOn: '2025-02-28' },
				{ startsOn: '2025-03-01', endsOn: '2026-02-28' }
			],
			'2025-03-01',
			null,
			[
				['2024-02-29', '2025-02-28', 366, 366],
				['2025-03-01', '2026-02-28', 365, 365]
			]
		],
		[
			'a renewal continues the sequence: the quarter spans both terms, uncut',
			'quarterly',
			'arrears',
			[
				{ startsOn: '2026-01-01', endsOn: '2026-02-15' },
				{ startsOn: '2026-02-16', endsOn: '2026-12-31' }
			],
			'2026-07-01',
			null,
			[
				['2026-01-01', '2026-03-31', 90, 90],
				['2026-04-01', '2026-06-30', 91, 91]
			]
		],
		[
			'a gap restarts the sequence at the new term\'s start',
			'quarterly',
			'arrears',
			[
				{ startsOn: '2026-01-01', endsOn: '2026-03-31' },
				{ startsOn: '2026-05-10', endsOn: '2026-11-09' }
			],
			'2026-12-01',
			null,
			[
				['2026-01-01', '2026-03-31', 90, 90],
				['2026-05-10', '2026-08-09', 92, 92],
				['2026-08-10', '2026-11-09', 92, 92]
			]
		],
		[
			'a one-day gap is a gap',
			'monthly',
			'advance',
			[
				{ startsOn: '2026-01-10', endsOn: '2026-01-31' },
				{ startsOn: '2026-02-02', endsOn: '2026-12-31' }
			],
			'2026-02-02',
			null,
			[
				['2026-01-10', '2026-01-31', 22, 31],
				['2026-02-02', '2026-03-01', 28, 28]
			]
		],
		[
			'term ending mid-period: the last period is cut short for proration',
			'quarterly',
			'advance',
			[{ startsOn: '2026-01-01', endsOn: '2026-05-20' }],
			'2026-04-01',
			null,
			[
				['2026-01-01', '2026-03-31', 90, 90],
				['2026-04-01', '2026-05-20', 50, 91]
			]
		],
		['arrears, cut-short period: not on the term\'s last day', 'quarterly', 'arrears', [{ startsOn: '2026-01-01', endsOn: '2026-05-20' }], '2026-05-20', '2026-03-31', []],
		['arrears, cut-short period: due the day after the term ends', 'quarterly', 'arrears', [{ startsOn: '2026-01-01', endsOn: '2026-05-20' }], '2026-05-21', '2026-03-31', [['2026-04-01', '2026-05-20', 50, 91]]],
		['a single-day term', 'annual', 'advance', [{ startsOn: '2026-06-30', endsOn: '2026-06-30' }], '2026-06-30', null, [['2026-06-30', '2026-06-30', 1, 365]]],
		['nothing past the contract\'s end, however late', 'quarterly', 'advance', [{ startsOn: '2026-01-01', endsOn: '2026-05-20' }], '2031-01-01', '2026-03-31', [['2026-04-01', '2026-05-20', 50, 91]]],
		[
			'billedThrough in the middle: only the later periods',
			'monthly',
			'arrears',
			year2026,
			'2026-06-15',
			'2026-03-31',
			[
				['2026-04-01', '2026-04-30', 30, 30],
				['2026-05-01', '2026-05-31', 31, 31]
			]
		],
		['billedThrough inside a period (periodicity changed): only its unbilled days', 'quarterly', 'advance', year2026, '2026-03-01', '2026-02-28', [['2026-03-01', '2026-03-31', 31, 90]]],
		['billedThrough on a period\'s first day', 'quarterly', 'advance', year2026, '2026-01-05', '2026-01-01', [['2026-01-02', '2026-03-31', 89, 90]]],
		['everything billed, well ahead', 'monthly', 'advance', year2026, '2026-06-15', '2026-12-31', []],
		['billedThrough before the contract: everything due', 'monthly', 'advance', year2026, '2026-01-01', '2025-12-31', [['2026-01-01', '2026-01-31', 31, 31]]],
		[
			'terms given out of order are sorted',
			'monthly',
			'arrears',
			[
				{ startsOn: '2026-02-01', endsOn: '2026-12-31' },
				{ startsOn: '2026-01-01', endsOn: '2026-01-31' }
			],
			'2026-03-01',
			null,
			[
				['2026-01-01', '2026-01-31', 31, 31],
				['2026-02-01', '2026-02-28', 28, 28]
			]
		]
	];

	it.each(cases)('%s', (_name, periodicity, timing, terms, today, billedThrough, expected) => {
		const periods = dueBillingPeriods({ periodicity, timing, terms, today, billedThrough });
		expect(periods.map((p) => [p.from, p.to, p.days, p.fullDays])).toEqual(expected);
	});

	it('catch-up: thirty missed months come back all at once, in order', () => {
		const periods = dueBillingPeriods({ periodicity: 'monthly', timing: 'advance', terms: [{ startsOn: '2024-01-01', endsOn: '2026-12-31' }], today: '2026-06-01', billedThrough: null });
		expect(periods).toHaveLength(30);
		expect(periods[0]).toEqual({ from: '2024-01-01', to: '2024-01-31', days: 31, fullDays: 31 });
		expect(periods[1]).toEqual({ from: '2024-02-01', to: '2024-02-29', days: 29, fullDays: 29 });
		expect(periods.at(-1)).toEqual({ from: '2026-06-01', to: '2026-06-30', days: 30, fullDays: 30 });
		for (let i = 1; i < periods.length; i++) expect(daysBetween(periods[i - 1].to, periods[i].from)).toBe(1);
	});

	it('catch-up across renewals and a gap', () => {
		const terms = [
			{ startsOn: '2020-03-15', endsOn: termEnd('2020-03-15', 12) },
			{ startsOn: '2021-03-15', endsOn: termEnd('2021-03-15', 12) },
			{ startsOn: '2023-01-01', endsOn: '2023-12-31' }
		];
		const periods = dueBillingPeriods({ periodicity: 'bimonthly', timing: 'arrears', terms, today: '2024-01-01', billedThrough: null });
		expect(periods).toHaveLength(12 + 6);
		expect(periods.every((p) => p.days === p.fullDays)).toBe(true);
		expect(periods[11]).toEqual({ from: '2022-01-15', to: '2022-03-14', days: 59, fullDays: 59 });
		expect(periods[12].from).toBe('2023-01-01');
	});

	it('periods tile each run day by day, for every periodicity and awkward start', () => {
		const starts = ['2026-01-01', '2026-01-29', '2026-01-30', '2026-01-31', '2028-02-29', '2026-08-31', '2026-12-31'];
		for (const start of starts) {
			for (const months of [1, 5, 12, 25]) {
				const firstEnd = termEnd(start, months);
				const terms = [
					{ startsOn: start, endsOn: firstEnd },
					{ startsOn: addDays(firstEnd, 1), endsOn: termEnd(addDays(firstEnd, 1), months) }
				];
				for (const periodicity of ['monthly', 'bimonthly', 'quarterly', 'annual'] as const) {
					const periods = dueBillingPeriods({ periodicity, timing: 'arrears', terms, today: '2040-01-01', billedThrough: null });
					expect(periods[0].from).toBe(start);
					expect(periods.at(-1)!.to).toBe(terms[1].endsOn);
					for (let i = 1; i < periods.length; i++) expect(daysBetween(periods[i - 1].to, periods[i].from)).toBe(1);
					for (const p of periods) {
						expect(p.days).toBe(daysBetween(p.from, p.to) + 1);
						expect(p.days).toBeLessThanOrEqual(p.fullDays);
						if (p !== periods.at(-1)) expect(p.days).toBe(p.fullDays);
					}
					// A first term that is a whole number of periods (made by termEnd) is billed in whole periods.
					if (months % periodMonths(periodicity) === 0) expect(periods.filter((p) => p.to === firstEnd)).toHaveLength(1);
				}
			}
		}
	});

	it.each([
		['malformed today', { today: '2026-1-1' }, /today/],
		['impossible today', { today: '2026-02-30' }, /today/],
		['malformed billedThrough', { billedThrough: '31/12/2025' }, /billedThrough/],
		['malformed term start', { terms: [{ startsOn: '', endsOn: '2026-12-31' }] }, /term 1 startsOn/],
		['impossible term end', { terms: [{ startsOn: '2026-01-01', endsOn: '2026-04-31' }] }, /term 1 endsOn/],
		['term ending before it starts', { terms: [{ startsOn: '2026-02-01', endsOn: '2026-01-31' }] }, /ends .* before it starts/],
		[
			'overlapping terms',
			{
				terms: [
					{ startsOn: '2026-01-01', endsOn: '2026-12-31' },
					{ startsOn: '2026-12-31', endsOn: '2027-12-31' }
				]
			},
			/overlap/
		],
		['unknown periodicity', { periodicity: 'weekly' as Periodicity }, /periodicity/],
		['unknown timing', { timing: 'later' as BillingTiming }, /timing/]
	])('refuses %s', (_name, override, message) => {
		const input = { periodicity: 'monthly' as Periodicity, timing: 'advance' as BillingTiming, terms: year2026, today: '2026-06-01', billedThrough: null, ...override };
		expect(() => dueBillingPeriods(input)).toThrow(RangeError);
		expect(() => dueBillingPeriods(input)).toThrow(message);
	});
});

describe('prorateCents (half-up to the cent)', () => {
	it.each([
		['whole period', 30000, 91, 91, 30000],
		['no days', 30000, 0, 91, 0],
		['50 of 91 days: 16483.52 -> 16484', 30000, 50, 91, 16484],
		['10 of 31 days: 3225.81 -> 3226', 10000, 10, 31, 3226],
		['exactly half a cent rounds up', 1, 1, 2, 1],
		['1.5 cents -> 2', 3, 1, 2, 2],
		['just under half stays down: 1/3 cent', 1, 1, 3, 0],
		['credit: -1.5 cents -> -2 (away from zero)', -3, 1, 2, -2],
		['leap year: 1 day of 366', 36600, 1, 366, 100],
		['huge canone, no float loss', Number.MAX_SAFE_INTEGER, 2, 3, 6004799503160661],
		['zero canone', 0, 10, 30, 0]
	])('%s', (_name, full, days, fullDays, expected) => expect(prorateCents(full, days, fullDays)).toBe(expected));

	it.each([
		['fractional cents', 100.5, 1, 2],
		['more days than the period', 100, 32, 31],
		['negative days', 100, -1, 31],
		['fractional days', 100, 1.5, 31],
		['an empty period', 100, 0, 0],
		['an unsafe amount', Number.MAX_SAFE_INTEGER + 1, 1, 2]
	])('refuses %s', (_name, full, days, fullDays) => expect(() => prorateCents(full, days, fullDays)).toThrow(RangeError));
});
