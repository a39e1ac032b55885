import { describe, expect, it } from 'vitest';
import { telHref } from './phone';

describe('telHref', () => {
	it.each<[string | null | undefined, string | null]>([
		['02 1234567', 'tel:+39021234567'],
		['(02) 123.4567', 'tel:+39021234567'],
		['035/123456', 'tel:+39035123456'],
		['06-12345678', 'tel:+390612345678'],
		['333 123 4567', 'tel:+393331234567'],
		['3331234567', 'tel:+393331234567'],
		['+39 333 1234567', 'tel:+393331234567'],
		['0039 02 1234567', 'tel:+39021234567'],
		['800 123 456', 'tel:+39800123456'],
		['02 1234567 int. 23', 'tel:+39021234567;ext=23'],
		['02 1234567 interno 23', 'tel:+39021234567;ext=23'],
		['02 1234567 est. 5', 'tel:+39021234567;ext=5'],
		['02 1234567 / 333 1234567', 'tel:+39021234567'],
		['Sig. Rossi 333 1234567', 'tel:+393331234567'],
		['+41 44 123 45 67', 'tel:+41441234567'],
		['0041 44 123 45 67', 'tel:+41441234567'],
		['12', null],
		['1234567', null],
		['chiedere in portineria', null],
		['   ', null],
		['', null],
		[null, null],
		[undefined, null]
	])('%j -> %j', (typed, expected) => expect(telHref(typed)).toBe(expected));
});
