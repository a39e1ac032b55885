import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids';

describe('uuidv7', () => {
	it('is a version 7, variant 1 UUID', () => {
		expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});
	it('sorts by creation time', () => {
		const a = uuidv7(Date.UTC(2026, 0, 1));
		const b = uuidv7(Date.UTC(2026, 0, 1, 0, 0, 0, 1));
		const c = uuidv7(Date.UTC(2027, 0, 1));
		expect([c, b, a].sort()).toEqual([a, b, c]);
	});
	it('encodes the millisecond timestamp in the first 48 bits', () => {
		const ms = Date.UTC(2026, 10, 28, 12);
		expect(parseInt(uuidv7(ms).replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
	});
});
