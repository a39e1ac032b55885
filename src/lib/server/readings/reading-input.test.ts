import { describe, expect, it } from 'vitest';
import { isoToRomeLocal, parseCount, readingInput, romeDateTimeToIso, romeLocalToIso } from './reading-input';

describe('parseCount', () => {
	it.each([
		['12345', 12_345],
		['12.345', 12_345],
		['1.234.567', 1_234_567],
		['12 345', 12_345],
		['12\u00a0345', 12_345],
		['12345,0', 12_345],
		['12.345,00', 12_345],
		['0', 0],
		['', null],
		['  ', null],
		['12,5', NaN],
		['12.34', NaN],
		['-5', NaN],
		['1e5', NaN],
		['abc', NaN]
	])('%j -> %s', (input, expected) => {
		expect(parseCount(input)).toBe(expected);
	});
});

describe('romeLocalToIso', () => {
	it.each([
		['winter time', '2026-01-15T09:30', '2026-01-15T08:30:00Z'],
		['summer time', '2026-07-15T09:30', '2026-07-15T07:30:00Z'],
		['with seconds', '2026-07-15T09:30:15', '2026-07-15T07:30:15Z'],
		['space instead of T', '2026-07-15 09:30', '2026-07-15T07:30:00Z'],
		['spring gap: 02:30 does not exist, moves forward', '2026-03-29T02:30', '2026-03-29T01:30:00Z'],
		['autumn overlap: 02:30 happens twice, the first is taken', '2026-10-25T02:30', '2026-10-25T00:30:00Z'],
		['leap day', '2028-02-29T12:00', '2028-02-29T11:00:00Z'],
		['not a leap year', '2027-02-29T12:00', null],
		['hour 24', '2026-01-15T24:00', null],
		['garbage', 'yesterday', null]
	])('%s', (_name, input, expected) => {
		expect(romeLocalToIso(input)).toBe(expected);
	});

	it('a date without a time is taken at noon', () => {
		expect(romeDateTimeToIso('2026-10-01', null)).toBe('2026-10-01T10:00:00Z');
	});

	it('round-trips with isoToRomeLocal', () => {
		expect(isoToRomeLocal('2026-10-01T07:30:00Z')).toBe('2026-10-01T09:30');
		expect(romeLocalToIso(isoToRomeLocal('2026-12-01T07:30:00Z'))).toBe('2026-12-01T07:30:00Z');
	});
});

describe('readingInput.readAt', () => {
	it.each([
		['2026-10-01T09:30:00+02:00', true],
		['2026-10-01T09:30Z', true],
		['2026-10-01T09:30:00.123Z', true],
		['2026-10-01T09:30:00+0200', true],
		['2026-10-01T09:30:00', false],
		['2026-02-30T09:30:00Z', false],
		['01/10/2026 09:30', false],
		['2026-10-01', false]
	])('%s -> %s', (readAt, ok) => {
		expect(readingInput.safeParse({ value: 1, readAt }).success).toBe(ok);
	});
});
