import { describe, expect, it } from 'vitest';
import { isValidSerial, serialKey } from './serial';

describe('serialKey', () => {
	it.each([
		['AB12345', 'AB12345'],
		['ab-123 45', 'AB12345'],
		[' a.b/1_2 ', 'AB12'],
		['ＡＢ１２', 'AB12'],
		['', '']
	])('%j -> %j', (input, expected) => expect(serialKey(input)).toBe(expected));
});

describe('isValidSerial', () => {
	it.each([
		['AB12345', true],
		['ab-123', true],
		['', false],
		['---', false],
		['ABC#1', false],
		['X'.repeat(64), true],
		['X'.repeat(65), false]
	])('%j -> %s', (input, expected) => expect(isValidSerial(input)).toBe(expected));
});
