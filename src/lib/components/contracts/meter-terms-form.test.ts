import { describe, expect, it } from 'vitest';
import { draftFromTerm, emptyMeterTerm, meterTermsFromDrafts, meterTermsFromField } from './meter-terms-form';

describe('meter terms form <-> API', () => {
	it.each([
		[
			'Italian text becomes API numbers',
			{ meterType: 'mono', includedPerPeriod: '3.000', pooling: 'pooled', tierMode: 'graduated', unitPrice: ' 0,0085 ', minimumCharge: '15,00', tiers: [{ fromUnits: '5000', unitPrice: '0,007' }] },
			{ meterType: 'mono', includedPerPeriod: 3000, pooling: 'pooled', tierMode: 'graduated', unitPrice: '0,0085', minimumChargeCents: 1500, tiers: [{ fromUnits: 5000, unitPrice: '0,007' }] }
		],
		[
			'empty included and minimum mean 0',
			{ ...emptyMeterTerm('colour'), unitPrice: '0.04' },
			{ meterType: 'colour', includedPerPeriod: 0, pooling: 'pooled', tierMode: 'graduated', unitPrice: '0.04', minimumChargeCents: 0, tiers: [] }
		],
		[
			'unreadable numbers pass through for the service to name',
			{ ...emptyMeterTerm('mono'), includedPerPeriod: 'molte', minimumCharge: '1,234', unitPrice: 'x', tiers: [{ fromUnits: '-3', unitPrice: '' }] },
			{ meterType: 'mono', includedPerPeriod: 'molte', pooling: 'pooled', tierMode: 'graduated', unitPrice: 'x', minimumChargeCents: '1,234', tiers: [{ fromUnits: '-3', unitPrice: '' }] }
		]
	] as const)('%s', (_name, draft, expected) => {
		expect(meterTermsFromDrafts([draft as never])).toEqual([expected]);
	});

	it.each([
		[null, []],
		['', []],
		['not json', 'not json'],
		['{"a":1}', { a: 1 }],
		[JSON.stringify([emptyMeterTerm('scans')]), [{ meterType: 'scans', includedPerPeriod: 0, pooling: 'pooled', tierMode: 'graduated', unitPrice: '', minimumChargeCents: 0, tiers: [] }]]
	])('meterTermsFromField(%j)', (value, expected) => expect(meterTermsFromField(value)).toEqual(expected));

	it('a stored term shows with Italian commas and no trailing zeros, and survives the round trip', () => {
		const stored = { meterType: 'mono', includedPerPeriod: 3000, pooling: 'per_device' as const, tierMode: 'volume' as const, unitPrice: '0.008500', minimumChargeCents: 1550, tiers: [{ fromUnits: 500, unitPrice: '1.000000' }] };
		const draft = draftFromTerm(stored);
		expect(draft).toEqual({ meterType: 'mono', includedPerPeriod: '3000', pooling: 'per_device', tierMode: 'volume', unitPrice: '0,0085', minimumCharge: '15,50', tiers: [{ fromUnits: '500', unitPrice: '1' }] });
		expect(meterTermsFromDrafts([draft])[0]).toMatchObject({ includedPerPeriod: 3000, minimumChargeCents: 1550, unitPrice: '0,0085', tiers: [{ fromUnits: 500, unitPrice: '1' }] });
	});
});
