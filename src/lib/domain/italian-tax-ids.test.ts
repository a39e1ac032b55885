import { describe, expect, it } from 'vitest';
import {
	codiceFiscaleCheckChar,
	isValidCodiceFiscale,
	isValidPartitaIva,
	normalizeTaxId,
	partitaIvaCheckDigit
} from './italian-tax-ids';

describe('partitaIvaCheckDigit', () => {
	it.each([
		['0074311015', 7],
		['1234567890', 3],
		['0211632015', 7],
		['0159079038', 0],
		['0088137100', 9],
		['0000000000', 0]
	])('%s -> %i', (first10, digit) => {
		expect(partitaIvaCheckDigit(first10)).toBe(digit);
	});

	it.each(['', '123456789', '12345678901', '12345A7890', ' 123456789'])('rejects %j', (bad) => {
		expect(() => partitaIvaCheckDigit(bad)).toThrow(RangeError);
	});
});

describe('isValidPartitaIva', () => {
	it.each([
		['valid, Milano office', '00743110157', true],
		['valid, textbook example', '12345678903', true],
		['valid, check digit 0', '01590790380', true],
		['valid, check digit 9', '00881371009', true],
		['wrong checksum', '00743110158', false],
		['wrong checksum (adjacent digits swapped)', '07043110157', false],
		['too short', '0074311015', false],
		['too long', '007431101570', false],
		['letter inside', '0074311O157', false],
		['letters only', 'ABCDEFGHILM', false],
		['with IT prefix', 'IT00743110157', false],
		['empty string', '', false],
		['only whitespace', '           ', false],
		['leading space', ' 00743110157', false],
		['trailing newline', '00743110157\n', false],
		['space inside', '007431 10157', false]
	])('%s: %j -> %s', (_label, input, expected) => {
		expect(isValidPartitaIva(input)).toBe(expected);
	});
});

describe('codiceFiscaleCheckChar', () => {
	it.each([
		['RSSMRA85T10A562', 'S'],
		['BNCLRA80A41F205', 'G'],
		['RSSMRA85T10A56N', 'H']
	])('%s -> %s', (first15, check) => {
		expect(codiceFiscaleCheckChar(first15)).toBe(check);
	});
});

describe('isValidCodiceFiscale', () => {
	it.each([
		['valid, man', 'RSSMRA85T10A562S', true],
		['valid, woman (day + 40)', 'BNCLRA80A41F205G', true],
		['valid, another man', 'VRDGPP13R10B293P', true],
		['omocodia: last digit of comune code as letter', 'RSSMRA85T10A56NH', true],
		['omocodia: two substitutions', 'RSSMRA85T1LA56NK', true],
		['omocodia letter with a wrong check character', 'RSSMRA85T10A56NS', false],
		['wrong check character', 'RSSMRA85T10A562T', false],
		['one character changed', 'RSSMRA86T10A562S', false],
		['letter not used by omocodia in a digit place', 'RSSMRA85T10A56AS', false],
		['invalid month letter', 'RSSMRA85F10A562S', false],
		['day 00', 'MRORSS00A00A000U', false],
		['too short', 'RSSMRA85T10A562', false],
		['too long', 'RSSMRA85T10A562SX', false],
		['lowercase (callers normalise first)', 'rssmra85t10a562s', false],
		['mixed case', 'RssMRA85T10A562S', false],
		['company: numeric, valid as partita IVA', '00743110157', true],
		['company: numeric, body (starts with 9)', '97735020584', true],
		['company: numeric, wrong checksum', '00743110158', false],
		['12 digits', '007431101570', false],
		['empty string', '', false],
		['only whitespace', '                ', false],
		['surrounding whitespace', ' RSSMRA85T10A562S ', false]
	])('%s: %j -> %s', (_label, input, expected) => {
		expect(isValidCodiceFiscale(input)).toBe(expected);
	});
});

describe('normalizeTaxId', () => {
	it.each([
		[' rssmra85t10a562s ', 'RSSMRA85T10A562S'],
		['007 431 101 57', '00743110157'],
		['', '']
	])('%j -> %j', (input, expected) => {
		expect(normalizeTaxId(input)).toBe(expected);
		if (expected) expect(isValidCodiceFiscale(normalizeTaxId(input))).toBe(true);
	});
});
