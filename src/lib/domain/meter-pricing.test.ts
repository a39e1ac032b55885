import { describe, expect, it } from 'vitest';
import { centsToEuroInput, meterCharge, meterTermProblems, normaliseUnitPrice, parseEuroCents, type MeterTermPricing, type Usage } from './meter-pricing';

const base: MeterTermPricing = {
	includedPerPeriod: 1000,
	pooling: 'pooled',
	tierMode: 'graduated',
	unitPrice: '0.010000',
	minimumChargeCents: 0,
	tiers: []
};
const tiered: MeterTermPricing = {
	...base,
	tiers: [
		{ fromUnits: 1000, unitPrice: '0.008000' },
		{ fromUnits: 5000, unitPrice: '0.005500' }
	]
};

type Line = [string | null, number, number, string, number];
type Row = [string, MeterTermPricing, Usage, { lines: Line[]; subtotal: number; total: number; overage: number; minimumApplied?: boolean }];

const cases: Row[] = [
	['no usage', base, { total: 0 }, { lines: [], subtotal: 0, total: 0, overage: 0 }],
	['within the included volume', base, { total: 999 }, { lines: [], subtotal: 0, total: 0, overage: 0 }],
	['exactly the included volume', base, { total: 1000 }, { lines: [], subtotal: 0, total: 0, overage: 0 }],
	['one copy over', base, { total: 1001 }, { lines: [[null, 0, 1, '0.010000', 1]], subtotal: 1, total: 1, overage: 1 }],
	['flat price, 2,345 over', base, { total: 3345 }, { lines: [[null, 0, 2345, '0.010000', 2345]], subtotal: 2345, total: 2345, overage: 2345 }],
	// 0.0085 x 1 = 0.85 cents -> 1 cent (half-up); 0.0085 x 3 = 2.55 -> 3 cents
	['half-up on a single line: 0.85 cents -> 1', { ...base, unitPrice: '0.008500' }, { total: 1001 }, { lines: [[null, 0, 1, '0.008500', 1]], subtotal: 1, total: 1, overage: 1 }],
	['half-up: 2.55 cents -> 3', { ...base, unitPrice: '0.008500' }, { total: 1003 }, { lines: [[null, 0, 3, '0.008500', 3]], subtotal: 3, total: 3, overage: 3 }],
	['half-up: 0.4999 cents -> 0', { ...base, unitPrice: '0.004999' }, { total: 1001 }, { lines: [[null, 0, 1, '0.004999', 0]], subtotal: 0, total: 0, overage: 1 }],
	['6-decimal price, no float error: 0.000001 x 5,000,000', { ...base, includedPerPeriod: 0, unitPrice: '0.000001' }, { total: 5_000_000 }, { lines: [[null, 0, 5_000_000, '0.000001', 500]], subtotal: 500, total: 500, overage: 5_000_000 }],
	['0.1 + 0.2 style: 3 x 0.1 = 30 cents exactly', { ...base, includedPerPeriod: 0, unitPrice: '0.1' }, { total: 3 }, { lines: [[null, 0, 3, '0.100000', 30]], subtotal: 30, total: 30, overage: 3 }],
	[
		'graduated: base band then first tier',
		tiered,
		{ total: 3500 }, // 2500 over: 1000 at 0.01, 1500 at 0.008
		{
			lines: [
				[null, 0, 1000, '0.010000', 1000],
				[null, 1000, 1500, '0.008000', 1200]
			],
			subtotal: 2200,
			total: 2200,
			overage: 2500
		}
	],
	['graduated: exactly at a tier boundary stays in the band below', tiered, { total: 2000 }, { lines: [[null, 0, 1000, '0.010000', 1000]], subtotal: 1000, total: 1000, overage: 1000 }],
	[
		'graduated: all three bands',
		tiered,
		{ total: 8000 }, // 7000 over: 1000 at 0.01 + 4000 at 0.008 + 2000 at 0.0055
		{
			lines: [
				[null, 0, 1000, '0.010000', 1000],
				[null, 1000, 4000, '0.008000', 3200],
				[null, 5000, 2000, '0.005500', 1100]
			],
			subtotal: 5300,
			total: 5300,
			overage: 7000
		}
	],
	['volume: below the first tier, base price', { ...tiered, tierMode: 'volume' }, { total: 2000 }, { lines: [[null, 0, 1000, '0.010000', 1000]], subtotal: 1000, total: 1000, overage: 1000 }],
	['volume: one past the first tier moves every unit', { ...tiered, tierMode: 'volume' }, { total: 2001 }, { lines: [[null, 0, 1001, '0.008000', 801]], subtotal: 801, total: 801, overage: 1001 }], // 8.008 -> 8.01 EUR
	['volume: top band', { ...tiered, tierMode: 'volume' }, { total: 8000 }, { lines: [[null, 0, 7000, '0.005500', 3850]], subtotal: 3850, total: 3850, overage: 7000 }],
	[
		'tier from 0 replaces the base price',
		{ ...base, tiers: [{ fromUnits: 0, unitPrice: '0.02' }, { fromUnits: 100, unitPrice: '0.01' }] },
		{ total: 1150 },
		{
			lines: [
				[null, 0, 100, '0.020000', 200],
				[null, 100, 50, '0.010000', 50]
			],
			subtotal: 250,
			total: 250,
			overage: 150
		}
	],
	['minimum charge when nothing is over', { ...base, minimumChargeCents: 1500 }, { total: 10 }, { lines: [], subtotal: 0, total: 1500, overage: 0, minimumApplied: true }],
	['minimum charge below the overage does nothing', { ...base, minimumChargeCents: 1500 }, { total: 3000 }, { lines: [[null, 0, 2000, '0.010000', 2000]], subtotal: 2000, total: 2000, overage: 2000, minimumApplied: false }],
	['pooled across devices: one device over, one under', base, { devices: [{ equipmentId: 'a', units: 1400 }, { equipmentId: 'b', units: 100 }] }, { lines: [[null, 0, 500, '0.010000', 500]], subtotal: 500, total: 500, overage: 500 }],
	[
		'per device: unused allowance does not carry to another device',
		{ ...base, pooling: 'per_device' },
		{ devices: [{ equipmentId: 'a', units: 1400 }, { equipmentId: 'b', units: 100 }] },
		{ lines: [['a', 0, 400, '0.010000', 400]], subtotal: 400, total: 400, overage: 400 }
	],
	[
		'per device with tiers: rounded per line, per device',
		{ ...tiered, pooling: 'per_device', unitPrice: '0.008500', tiers: [{ fromUnits: 2, unitPrice: '0.004500' }] },
		{ devices: [{ equipmentId: 'a', units: 1003 }, { equipmentId: 'b', units: 1001 }] },
		{
			lines: [
				['a', 0, 2, '0.008500', 2], // 1.7 -> 2
				['a', 2, 1, '0.004500', 0], // 0.45 -> 0
				['b', 0, 1, '0.008500', 1] // 0.85 -> 1
			],
			subtotal: 3,
			total: 3,
			overage: 4
		}
	],
	['large volumes stay exact', { ...base, includedPerPeriod: 0, unitPrice: '12345678.123456' }, { total: 1000 }, { lines: [[null, 0, 1000, '12345678.123456', 1234567812346]], subtotal: 1234567812346, total: 1234567812346, overage: 1000 }]
];

describe('meterCharge', () => {
	it.each(cases)('%s', (_name, term, usage, expected) => {
		const charge = meterCharge(term, usage);
		expect(charge.lines.map((l) => [l.equipmentId, l.fromUnits, l.units, l.unitPrice, l.amountCents])).toEqual(expected.lines);
		expect(charge.subtotalCents).toBe(expected.subtotal);
		expect(charge.totalCents).toBe(expected.total);
		expect(charge.overageUnits).toBe(expected.overage);
		expect(charge.includedUnits + charge.overageUnits).toBe(charge.totalUnits);
		if (expected.minimumApplied !== undefined) expect(charge.minimumApplied).toBe(expected.minimumApplied);
	});

	it('tiers out of order are refused', () => {
		const reversed = { ...tiered, tiers: [...tiered.tiers].reverse() };
		expect(() => meterCharge(reversed, { total: 8000 })).toThrow(/ascending/);
	});
	it('per device needs usage per device', () => expect(() => meterCharge({ ...base, pooling: 'per_device' }, { total: 5 })).toThrow(RangeError));
	it.each([-1, 1.5, Number.NaN])('refuses usage %s', (u) => expect(() => meterCharge(base, { total: u })).toThrow(RangeError));
	it('refuses a negative device usage in pooled mode', () => expect(() => meterCharge(base, { devices: [{ equipmentId: 'a', units: -3 }] })).toThrow(RangeError));
});

describe('meterTermProblems', () => {
	const ok = { includedPerPeriod: 0, minimumChargeCents: 0, unitPrice: '0.0085', tiers: [] };
	it.each([
		['a valid term', ok, []],
		['negative included', { ...ok, includedPerPeriod: -1 }, ['includedPerPeriod']],
		['fractional minimum', { ...ok, minimumChargeCents: 1.5 }, ['minimumChargeCents']],
		['7 decimals', { ...ok, unitPrice: '0.0000001' }, ['unitPrice']],
		['negative price', { ...ok, unitPrice: '-0.01' }, ['unitPrice']],
		['tiers descending', { ...ok, tiers: [{ fromUnits: 500, unitPrice: '0.01' }, { fromUnits: 100, unitPrice: '0.02' }] }, ['tiers.1.fromUnits']],
		['tiers repeated', { ...ok, tiers: [{ fromUnits: 100, unitPrice: '0.01' }, { fromUnits: 100, unitPrice: '0.02' }] }, ['tiers.1.fromUnits']],
		['tier price too precise and negative from', { ...ok, tiers: [{ fromUnits: -5, unitPrice: '0.1234567' }] }, ['tiers.0.fromUnits', 'tiers.0.unitPrice']]
	])('%s', (_n, term, fields) => expect(meterTermProblems(term).map((p) => p.field)).toEqual(fields));
});

describe('normaliseUnitPrice', () => {
	it.each([
		['0.0085', '0.008500'],
		['0,0085', '0.008500'],
		[0.0085, '0.008500'],
		['12', '12.000000'],
		['0', '0.000000'],
		['99999999.999999', '99999999.999999'],
		['100000000', null],
		['0.0000001', null],
		['-1', null],
		['1e-3', null],
		['', null],
		['1.234,5', null],
		[Number.NaN, null]
	])('%j -> %s', (input, expected) => expect(normaliseUnitPrice(input)).toBe(expected));
});

describe('parseEuroCents (Italian input)', () => {
	it.each([
		['1.234,50', 123450],
		['1234,5', 123450],
		['1234,50', 123450],
		['1234.50', 123450],
		['90', 9000],
		['0,01', 1],
		['1.234', 123400], // thousands separator
		['1.234.567,89', 123456789],
		['€ 150,00', 15000],
		['150,00 €', 15000],
		['12,345', null], // three decimals
		['1,2,3', null],
		['-5', null],
		['abc', null],
		['', null],
		['12.34.5', null]
	])('%j -> %s', (input, expected) => expect(parseEuroCents(input)).toBe(expected));
	it.each([
		[123450, '1234,50'],
		[1, '0,01'],
		[0, '0,00']
	])('centsToEuroInput(%i) = %s', (c, text) => expect(centsToEuroInput(c)).toBe(text));
});
