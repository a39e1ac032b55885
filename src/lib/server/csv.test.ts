import { describe, expect, it } from 'vitest';
import { parseCsv, parseItalianDate, parseItalianNumber, toCsv } from './csv';

describe('toCsv', () => {
	it('writes Italian Excel CSV: BOM, semicolons, comma decimals, CRLF, quotes when needed', () => {
		const csv = toCsv(
			[
				{ name: 'Rossi; Bianchi Srl', price: 0.0085, n: 3, ok: true },
				{ name: 'Caffè "Da Nino"', price: null, n: 0, ok: false }
			],
			[
				{ header: 'nome', value: (r) => r.name },
				{ header: 'prezzo', value: (r) => r.price },
				{ header: 'n', value: (r) => r.n },
				{ header: 'ok', value: (r) => r.ok }
			]
		);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv.slice(1).split('\r\n')).toEqual(['nome;prezzo;n;ok', '"Rossi; Bianchi Srl";0,0085;3;sì', '"Caffè ""Da Nino""";;0;no']);
	});
});

describe('parseCsv', () => {
	it.each([
		['semicolons with BOM', '\uFEFFSeriale;Valore\r\nAB1;10\r\n', [{ seriale: 'AB1', valore: '10' }]],
		['commas', 'seriale,valore\nAB1,10\n', [{ seriale: 'AB1', valore: '10' }]],
		['blank lines skipped, cells trimmed', 'a;b\n\n x ; y \n', [{ a: 'x', b: 'y' }]]
	])('%s', (_name, text, expected) => {
		expect(parseCsv(text).map((r) => r.values)).toEqual(expected);
	});
	it('numbers lines as the spreadsheet does', () => {
		expect(parseCsv('a\n1\n2').map((r) => r.line)).toEqual([2, 3]);
	});
	it('refuses too many rows', () => {
		expect(() => parseCsv('a\n1\n2\n3', 2)).toThrow(/too many rows/);
	});
});

describe('parseItalianNumber', () => {
	it.each([
		['1.234,56', 1234.56],
		['0,0085', 0.0085],
		['1234.5', 1234.5],
		['-3', -3],
		['', null],
		['12a', NaN],
		['1,2,3', NaN]
	])('%j -> %s', (input, expected) => expect(parseItalianNumber(input)).toEqual(expected));
});

describe('parseItalianDate', () => {
	it.each([
		['28/11/2026', '2026-11-28'],
		['1/2/2026', '2026-02-01'],
		['28-11-2026', '2026-11-28'],
		['2026-11-28', '2026-11-28'],
		['29/02/2028', '2028-02-29'],
		['29/02/2026', 'invalid'],
		['31/04/2026', 'invalid'],
		['2026/11/28', 'invalid'],
		['', null]
	])('%j -> %s', (input, expected) => expect(parseItalianDate(input)).toBe(expected));
});
