import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorFor, problemText } from './problem-text';

const it_ = JSON.parse(readFileSync(new URL('../../../../messages/customers/it.json', import.meta.url), 'utf8')) as Record<string, string>;
const en = JSON.parse(readFileSync(new URL('../../../../messages/customers/en.json', import.meta.url), 'utf8')) as Record<string, string>;

describe('customer messages', () => {
	it('exist in Italian and English with the same keys, all prefixed cust_', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(it_).sort());
		for (const key of Object.keys(it_)) if (key !== '$schema') expect(key).toMatch(/^cust_/);
	});

	it('use the same parameters in both languages', () => {
		const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const key of Object.keys(it_)) expect([key, params(en[key])]).toEqual([key, params(it_[key])]);
	});
});

describe('problemText (Italian, the base locale)', () => {
	it.each([
		[{ error: 'validation', field: 'vatNumber', message: 'not a valid partita IVA: 11 digits, the last one a check digit' }, /Partita IVA non valida/],
		[{ error: 'validation', field: 'vatNumber', message: 'enter the partita IVA, or the codice fiscale for a person or a body without one' }, /oppure.*codice fiscale/],
		[{ error: 'validation', field: 'sdiCode', message: 'a company with a partita IVA needs an SDI recipient code (7 characters) or a PEC address, or ...' }, /codice SDI.*PEC/],
		[{ error: 'validation', field: 'sdiCode', message: 'the SDI recipient code has 7 letters or digits' }, /^Il codice destinatario SDI ha 7/],
		[{ error: 'validation', field: 'location.lat', message: 'latitude outside Italy' }, /Latitudine/],
		[{ error: 'validation', field: 'businessName', message: 'required' }, /^Campo obbligatorio/],
		[{ error: 'conflict', field: 'vatNumber', message: 'partita IVA 01234567897 already belongs to customer C0042 (Rossi Srl)' }, /cliente C0042 \(Rossi Srl\)/],
		[{ error: 'conflict', field: 'name', message: 'this customer already has a site named "Sede"' }, /già una sede/],
		[{ error: 'not_found', message: 'customer not found' }, /Non trovato/],
		[{ error: 'forbidden', message: 'forbidden' }, /permesso/],
		[{ line: 4, field: 'partita_iva', message: 'same partita IVA as line 2', code: 'duplicate_in_file', params: { line: '2' } }, /riga 2/],
		[{ field: 'comune', code: 'ambiguous_comune', params: { value: 'Castro' } }, /Castro.*provincia/],
		[{ field: 'cap', code: 'invalid', message: 'a CAP has 5 digits' }, /CAP ha 5 cifre/],
		[{ field: 'lng', code: 'coordinates_pair' }, /lat sia lng/],
		[{ field: 'colore', code: 'unknown_column', params: { column: 'colore' } }, /colore/],
		[{ error: 'validation', field: 'mystery', message: '?' }, /mystery/]
	])('%j', (problem, expected) => {
		expect(problemText(problem)).toMatch(expected);
	});

	it('is null without a problem, and errorFor only answers for its fields', () => {
		expect(problemText(null)).toBeNull();
		const failure = { error: 'validation', field: 'cap', message: 'a CAP has 5 digits' };
		expect(errorFor(failure, 'cap')).toMatch(/CAP/);
		expect(errorFor(failure, 'address')).toBeNull();
	});
});
