import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, invoiceLineProblems, invoiceTotals, lineAmountCents, type InvoiceLineInput } from './invoice-totals';

const line = (quantity: string, unitPrice: string, vatRate = '22.00', natura: string | null = null): InvoiceLineInput => ({ quantity, unitPrice, vatRate, natura });
type Summary = Array<[vatRate: string, natura: string | null, taxableCents: number, vatCents: number]>;

describe('lineAmountCents (quantity x unit price, half-up to the cent)', () => {
	it.each([
		['one unit', '1', '150.00', 15000],
		['half a unit', '0.5', '89.90', 4495],
		['exactly half a cent rounds up', '1', '0.005', 1],
		['just under half a cent rounds down', '1', '0.00499999', 0],
		['1.005 EUR is 101 cents (a float makes it 100.4999...)', '1', '1.005', 101],
		['3 x 0.335 = 1.005 EUR -> 101 cents', '3', '0.335', 101],
		['8-decimal quantity', '0.12345678', '100', 1235],
		['copies at a 4-decimal price', '12500', '0.0085', 10625],
		['zero price', '7', '0', 0],
		['credit line: -1 x 100', '-1', '100.00', -10000],
		['credit of half a cent rounds away from zero', '-0.5', '0.01', -1],
		['a credit of nothing is 0, not -0', '-0.00000001', '0.00000001', 0],
		['largest amount that is still exact', '1', '90071992547409.91', Number.MAX_SAFE_INTEGER],
		['big quantity x big price, exactly', '123456789.12345678', '1234.56789012', 15241578766914]
	])('%s', (_name, quantity, unitPrice, expected) => {
		const cents = lineAmountCents({ quantity, unitPrice });
		expect(Object.is(cents, expected)).toBe(true);
	});

	it.each([
		['a decimal comma', '1,5', '10'],
		['an empty quantity', '', '10'],
		['exponent notation', '1e3', '10'],
		['no leading digit', '.5', '10'],
		['9 decimals', '1.123456789', '10'],
		['a negative price', '1', '-10'],
		['a price with a plus sign', '1', '+10'],
		['a price with spaces', '1', ' 10'],
		['an amount past 2^53 cents', '1000', '90071992547409.92']
	])('refuses %s', (_name, quantity, unitPrice) => expect(() => lineAmountCents({ quantity, unitPrice })).toThrow(RangeError));
});

describe('invoiceTotals (VAT per rate on the summed taxable amount)', () => {
	type Row = [name: string, lines: InvoiceLineInput[], expected: { lines: number[]; summary: Summary; taxable: number; vat: number; total: number }];
	const cases: Row[] = [
		['no lines', [], { lines: [], summary: [], taxable: 0, vat: 0, total: 0 }],
		[
			// Per line: 1.25 x 22% = 0.275 -> 0.28, three times = 0.84. Per rate: 3.75 x 22% = 0.825 -> 0.83.
			'22% on three lines: per-rate VAT, not the sum of rounded line VAT',
			[line('1', '1.25'), line('1', '1.25'), line('1', '1.25')],
			{ lines: [125, 125, 125], summary: [['22.00', null, 375, 83]], taxable: 375, vat: 83, total: 458 }
		],
		[
			'mixed 22/10/4/0 with N1 and N2.2, summary by rate descending then natura',
			[
				line('1', '10.00', '0.00', 'N2.2'),
				line('3', '12.35', '10.00'),
				line('2', '150.00'),
				line('1', '2.00', '0.00', 'N1'),
				line('1', '45.00', '4.00'),
				line('1', '89.90')
			],
			{
				lines: [1000, 3705, 30000, 200, 4500, 8990],
				summary: [
					['22.00', null, 38990, 8578], // 85.778 EUR
					['10.00', null, 3705, 371], // 3.705 EUR
					['4.00', null, 4500, 180],
					['0.00', 'N1', 200, 0],
					['0.00', 'N2.2', 1000, 0]
				],
				taxable: 48395,
				vat: 9129,
				total: 57524
			}
		],
		[
			'N3.x and N6.x sort by code',
			[line('1', '1', '0', 'N6.9'), line('1', '1', '0', 'N3.6'), line('1', '1', '0', 'N6.1'), line('1', '1', '0', 'N3.1')],
			{
				lines: [100, 100, 100, 100],
				summary: [
					['0.00', 'N3.1', 100, 0],
					['0.00', 'N3.6', 100, 0],
					['0.00', 'N6.1', 100, 0],
					['0.00', 'N6.9', 100, 0]
				],
				taxable: 400,
				vat: 0,
				total: 400
			}
		],
		[
			// 0.007845 x 125,000 = 980.625 EUR -> 980.63; in floats it comes to 980.6249... -> 980.62.
			'cost per copy: 6-decimal price x 125,000 copies',
			[line('125000', '0.007845')],
			{ lines: [98063], summary: [['22.00', null, 98063, 21574]], taxable: 98063, vat: 21574, total: 119637 }
		],
		[
			'"22", "22.0" and "22.00" are one rate',
			[line('1', '10', '22'), line('1', '10', '22.0'), line('1', '10', '22.00')],
			{ lines: [1000, 1000, 1000], summary: [['22.00', null, 3000, 660]], taxable: 3000, vat: 660, total: 3660 }
		],
		[
			'a fractional rate (5.5%)',
			[line('1', '10.10', '5.5')],
			{ lines: [1010], summary: [['5.50', null, 1010, 56]], taxable: 1010, vat: 56, total: 1066 } // 0.5555 EUR
		],
		[
			'credit note: negative taxable, VAT rounded away from zero',
			[line('-1', '1.25')],
			{ lines: [-125], summary: [['22.00', null, -125, -28]], taxable: -125, vat: -28, total: -153 } // -0.275 EUR
		],
		[
			'a credit line nets against the same rate',
			[line('4', '1.25'), line('-1', '1.25')],
			{ lines: [500, -125], summary: [['22.00', null, 375, 83]], taxable: 375, vat: 83, total: 458 }
		],
		[
			'a rate that nets to zero keeps its row',
			[line('1', '100'), line('-1', '100'), line('1', '10', '10')],
			{
				lines: [10000, -10000, 1000],
				summary: [
					['22.00', null, 0, 0],
					['10.00', null, 1000, 100]
				],
				taxable: 1000,
				vat: 100,
				total: 1100
			}
		],
		[
			'huge exempt amount, exact to the cent',
			[line('1', '90071992547409.91', '0', 'N2.1')],
			{ lines: [Number.MAX_SAFE_INTEGER], summary: [['0.00', 'N2.1', Number.MAX_SAFE_INTEGER, 0]], taxable: Number.MAX_SAFE_INTEGER, vat: 0, total: Number.MAX_SAFE_INTEGER }
		],
		[
			'large taxable: VAT computed exactly',
			[line('123456789.12345678', '1234.56789012')],
			{ lines: [15241578766914], summary: [['22.00', null, 15241578766914, 3353147328721]], taxable: 15241578766914, vat: 3353147328721, total: 18594726095635 }
		]
	];

	it.each(cases)('%s', (_name, lines, expected) => {
		const totals = invoiceTotals(lines);
		expect(totals.lineAmountsCents).toEqual(expected.lines);
		expect(totals.vatSummary.map((r) => [r.vatRate, r.natura, r.taxableCents, r.vatCents])).toEqual(expected.summary);
		expect([totals.taxableCents, totals.vatCents, totals.totalCents]).toEqual([expected.taxable, expected.vat, expected.total]);
	});

	it.each([
		['a total past 2^53 cents (huge taxable plus its VAT)', [line('1', '90071992547409.91')], /too large/],
		['taxable amounts summing past 2^53 cents', [line('1', '90071992547409.91', '0', 'N1'), line('1', '0.01', '0', 'N1')], /too large/],
		['a bad line, named by its position', [line('1', '10'), line('1,5', '10')], /line 2, quantity/],
		['0% without natura', [line('1', '10', '0')], /line 1, natura/]
	])('refuses %s', (_name, lines, message) => expect(() => invoiceTotals(lines)).toThrow(message));
});

describe('invoiceLineProblems (Italian messages for the form)', () => {
	type Field = 'quantity' | 'unitPrice' | 'vatRate' | 'natura';
	it.each<[string, InvoiceLineInput, Field[]]>([
		['a good 22% line', line('2', '150.00'), []],
		['a good exempt line', line('1', '2.00', '0.00', 'N1'), []],
		['natura omitted on a 22% line', { quantity: '1', unitPrice: '1', vatRate: '22.00' }, []],
		['a credit line', line('-1', '10'), []],
		['a free line (price 0)', line('1', '0'), []],
		['a decimal comma in the quantity', line('1,5', '10'), ['quantity']],
		['a zero quantity', line('0', '10'), ['quantity']],
		['a negative zero quantity', line('-0.0', '10'), ['quantity']],
		['a negative price', line('1', '-10'), ['unitPrice']],
		['9 decimals in the price', line('1', '0.123456789'), ['unitPrice']],
		['an amount past 2^53 cents', line('1000', '90071992547409.91'), ['unitPrice']],
		['a rate with a percent sign', line('1', '10', '22%'), ['vatRate']],
		['a rate over 100', line('1', '10', '100.01'), ['vatRate']],
		['a rate with 3 decimals', line('1', '10', '22.001'), ['vatRate']],
		['an empty rate', line('1', '10', ''), ['vatRate']],
		['0% without natura', line('1', '10', '0.00'), ['natura']],
		['natura on a 22% line', line('1', '10', '22.00', 'N1'), ['natura']],
		['the old bare N2 (gone since 2021)', line('1', '10', '0.00', 'N2'), ['natura']],
		['N3.7 does not exist', line('1', '10', '0.00', 'N3.7'), ['natura']],
		['lower case natura', line('1', '10', '0.00', 'n2.2'), ['natura']],
		['everything wrong at once', line('x', 'y', 'z', 'N9'), ['quantity', 'unitPrice', 'vatRate', 'natura']]
	])('%s', (_name, input, fields) => expect(invoiceLineProblems(input).map((p) => p.field)).toEqual(fields));

	it('speaks Italian', () => {
		expect(invoiceLineProblems(line('1', '10', '0.00'))[0].message).toMatch(/aliquota 0.*natura/i);
		expect(invoiceLineProblems(line('0', '10'))[0].message).toBe('La quantità non può essere zero');
		expect(invoiceLineProblems(line('1', '10', '22.00', 'N1'))[0].message).toMatch(/solo per le righe con aliquota 0/);
	});
});

describe('formatInvoiceNumber', () => {
	it.each([
		[2026, 1, '2026/000001'],
		[2026, 123, '2026/000123'],
		[2027, 999_999, '2027/999999'],
		[2026, 1_000_000, '2026/1000000']
	])('%i, %i -> %s', (year, sequence, expected) => expect(formatInvoiceNumber(year, sequence)).toBe(expected));

	it.each([
		['sequence 0', 2026, 0],
		['a negative sequence', 2026, -1],
		['a fractional sequence', 2026, 1.5],
		['a two-digit year', 26, 1],
		['a five-digit year', 20260, 1],
		['NaN', Number.NaN, 1]
	])('refuses %s', (_name, year, sequence) => expect(() => formatInvoiceNumber(year, sequence)).toThrow(RangeError));
});
