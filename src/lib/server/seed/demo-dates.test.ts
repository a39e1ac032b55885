import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { DemoCalendar, romeToUtc } from './demo-dates';

const viaTemporal = (date: string, hour: number, minute: number) =>
	new Date(
		Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: 'Europe/Rome', plainTime: { hour, minute } }).epochMilliseconds
	);

describe('romeToUtc', () => {
	it.each([
		['2026-01-15', 9, 0, '2026-01-15T08:00:00.000Z'],
		['2026-07-15', 9, 0, '2026-07-15T07:00:00.000Z'],
		// Spring forward on Sunday 29 March 2026 at 02:00 local: 05:00 is already CEST.
		['2026-03-28', 5, 0, '2026-03-28T04:00:00.000Z'],
		['2026-03-29', 5, 0, '2026-03-29T03:00:00.000Z'],
		['2026-03-29', 1, 30, '2026-03-29T00:30:00.000Z'],
		// Fall back on Sunday 25 October 2026 at 03:00 local.
		['2026-10-24', 23, 0, '2026-10-24T21:00:00.000Z'],
		['2026-10-25', 5, 0, '2026-10-25T04:00:00.000Z'],
		['2024-02-29', 12, 0, '2024-02-29T11:00:00.000Z']
	])('%s %i:%i', (date, hour, minute, expected) => {
		expect(romeToUtc(date, hour, minute).toISOString()).toBe(expected);
	});

	it('agrees with Temporal at working hours every day for ten years', () => {
		for (let d = Temporal.PlainDate.from('2018-01-01'); d.year < 2028; d = d.add({ days: 3 })) {
			for (const hour of [5, 9, 17]) expect(romeToUtc(d.toString(), hour, 15)).toEqual(viaTemporal(d.toString(), hour, 15));
		}
	});
});

describe('DemoCalendar', () => {
	it.each([
		// today, months offset, month start, month end
		['2026-11-28', 0, '2026-11-01', '2026-11-30'],
		['2026-11-28', 1, '2026-12-01', '2026-12-31'],
		['2026-11-28', 3, '2027-02-01', '2027-02-28'],
		['2028-01-31', 1, '2028-02-01', '2028-02-29'],
		['2026-03-31', -13, '2025-02-01', '2025-02-28'],
		['2026-01-01', -1, '2025-12-01', '2025-12-31']
	])('from %s, month %i runs %s..%s', (today, offset, start, end) => {
		const cal = new DemoCalendar(today);
		expect([cal.monthStart(offset), cal.monthEnd(offset)]).toEqual([start, end]);
	});

	it.each([
		['2024-01-31', 1, '2024-02-29'],
		['2023-01-31', 1, '2023-02-28'],
		['2024-02-29', 24, '2026-02-28'],
		['2024-02-29', 48, '2028-02-29'],
		['2025-11-30', 3, '2026-02-28'],
		['2025-06-15', 24, '2027-06-15']
	])('%s + %i months = %s (clamped like Temporal)', (date, months, expected) => {
		expect(new DemoCalendar('2026-01-01').addMonths(date, months)).toBe(expected);
		expect(Temporal.PlainDate.from(date).add({ months }).toString()).toBe(expected);
	});

	it('counts days back across month, year and leap-day boundaries', () => {
		const cal = new DemoCalendar('2024-03-01');
		expect([cal.daysAgo(0), cal.daysAgo(1), cal.daysAgo(61), cal.daysAgo(-1)]).toEqual([
			'2024-03-01',
			'2024-02-29',
			'2023-12-31',
			'2024-03-02'
		]);
	});

	it('refuses a malformed today', () => {
		expect(() => new DemoCalendar('28/11/2026')).toThrow(RangeError);
	});
});
