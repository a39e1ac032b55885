import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './content-hash';

describe('canonicalJson', () => {
	it.each([
		[{ b: 1, a: 2 }, '{"a":2,"b":1}'],
		[{ a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]}}'],
		[{ a: undefined, b: 'x' }, '{"b":"x"}'],
		[[undefined, 1], '[null,1]'],
		[{ when: new Date('2026-03-29T01:30:00+01:00') }, '{"when":"2026-03-29T00:30:00.000Z"}'],
		[{ text: 'perché "così"\n' }, '{"text":"perché \\"così\\"\\n"}'],
		[{ 'é': 1, e: 2, E: 3 }, '{"E":3,"e":2,"é":1}'],
		[0.1 + 0.2, '0.30000000000000004'],
		[null, 'null']
	])('%j -> %s', (value, expected) => expect(canonicalJson(value)).toBe(expected));

	it('refuses numbers JSON cannot carry', () => {
		expect(() => canonicalJson({ a: Number.NaN })).toThrow();
		expect(() => canonicalJson([Infinity])).toThrow();
	});
});

describe('contentHash', () => {
	it('is the same whatever the key order, and changes with any value', () => {
		const a = contentHash({ work: 'Sostituito fusore', parts: [{ q: 1, d: 'Fusore' }] });
		expect(contentHash({ parts: [{ d: 'Fusore', q: 1 }], work: 'Sostituito fusore' })).toBe(a);
		expect(contentHash({ work: 'Sostituito fusore ', parts: [{ q: 1, d: 'Fusore' }] })).not.toBe(a);
		expect(contentHash({ work: 'Sostituito fusore', parts: [{ q: 2, d: 'Fusore' }] })).not.toBe(a);
		expect(a).toMatch(/^[0-9a-f]{64}$/);
	});
});
