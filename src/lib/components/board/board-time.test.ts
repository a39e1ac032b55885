import { describe, expect, it } from 'vitest';
import { byUrgency, duration, isoAt, minutesAtX, minutesOf, mondayOf, pct, shiftBreaks, shiftIntervals, slaInfo, snap } from './board-time';
import { projectPlan } from '$lib/domain/board-projection';
import type { CallStatus } from '$lib/domain/call-lifecycle';

describe('isoAt / minutesOf (Europe/Rome)', () => {
	it.each([
		['2026-12-03', 9 * 60, '2026-12-03T09:00:00+01:00'],
		['2026-07-15', 9 * 60 + 15, '2026-07-15T09:15:00+02:00'],
		// DST starts 29 March 2026 (02:00 -> 03:00): 07:00 is already +02:00.
		['2026-03-29', 7 * 60, '2026-03-29T07:00:00+02:00'],
		// DST ends 25 October 2026: 20:00 is +01:00.
		['2026-10-25', 20 * 60, '2026-10-25T20:00:00+01:00'],
		['2028-02-29', 12 * 60 + 45, '2028-02-29T12:45:00+01:00'],
		['2026-12-31', 24 * 60, '2027-01-01T00:00:00+01:00']
	])('%s at %i min is %s and back', (day, minutes, iso) => {
		expect(isoAt(day, minutes)).toBe(iso);
		expect(minutesOf(day, iso)).toBe(minutes);
	});

	it('the result is accepted by projectPlan inside the day, also on a 23-hour day', () => {
		const id = '01900000-0000-7000-8000-000000000001';
		const tech = '01900000-0000-7000-8000-000000000002';
		const call = '01900000-0000-7000-8000-000000000003';
		const p = projectPlan('2026-03-29', { assignments: { [id]: { callId: call, technicianId: tech, start: isoAt('2026-03-29', 7 * 60), end: isoAt('2026-03-29', 20 * 60), status: 'planned' } }, blocks: {} });
		expect(p.invalid).toEqual([]);
		expect(p.assignments[0].startsAt).toBe('2026-03-29T05:00:00.000Z');
	});

	it('minutesOf counts the previous and next day outside 0-1440', () => {
		expect(minutesOf('2026-12-03', '2026-12-02T23:00:00Z')).toBe(0);
		expect(minutesOf('2026-12-03', '2026-12-02T22:00:00Z')).toBe(-60);
		expect(minutesOf('2026-12-03', '2026-12-03T23:30:00Z')).toBe(24 * 60 + 30);
	});
});

describe('snapping and geometry', () => {
	it.each([
		[0, 0],
		[7, 0],
		[8, 15],
		[22, 15],
		[23, 30],
		[9 * 60 + 52, 9 * 60 + 45],
		[9 * 60 + 53, 10 * 60]
	])('snap(%i) = %i', (raw, snapped) => expect(snap(raw)).toBe(snapped));

	it.each([
		[100, 7 * 60],
		[99, 7 * 60],
		[100 + 1300 / 2, 13 * 60 + 30],
		[1400, 20 * 60],
		[5000, 20 * 60]
	])('pointer at x=%i over a 1300 px lane from 100 is minute %i', (x, minutes) => expect(minutesAtX(x, 100, 1300)).toBe(minutes));

	it.each([
		[7 * 60, 0],
		[20 * 60, 100],
		[6 * 60, 0],
		[21 * 60, 100],
		[13 * 60 + 30, 50]
	])('pct(%i) = %f', (minutes, p) => expect(pct(minutes)).toBeCloseTo(p));
});

describe('calendar helpers', () => {
	it.each([
		['2026-12-03', '2026-11-30'],
		['2026-11-30', '2026-11-30'],
		['2026-12-06', '2026-11-30'],
		['2028-03-01', '2028-02-28'],
		['2027-01-01', '2026-12-28']
	])('monday of %s is %s', (day, monday) => expect(mondayOf(day)).toBe(monday));

	it('shift intervals of the weekday, null when unknown', () => {
		expect(shiftIntervals('2026-12-03', null)).toBeNull();
		expect(shiftIntervals('2026-12-03', { '4': [['08:30', '12:30'], ['14:00', '18:00']] })).toEqual([
			[510, 750],
			[840, 1080]
		]);
		expect(shiftIntervals('2026-12-05', { '4': [['08:30', '12:30']] })).toEqual([]);
	});
});

describe('queue urgency and SLA', () => {
	const now = new Date('2026-12-03T10:00:00Z');
	it.each([
		[null, 'none'],
		['2026-12-03T09:59:00Z', 'overdue'],
		['2026-12-03T10:00:00Z', 'due-soon'],
		['2026-12-03T12:00:00Z', 'due-soon'],
		['2026-12-03T12:01:00Z', 'on-time']
	])('due %s is %s (window 120 min)', (due, state) => expect(slaInfo(due, now, 120).state).toBe(state));

	it.each([
		['2026-12-03T10:45:00Z', 45, 'due-soon'],
		['2026-12-03T10:46:00Z', 45, 'on-time'],
		['2026-12-03T12:01:00Z', 240, 'due-soon']
	])('due %s with a %i-minute window is %s', (due, window, state) => expect(slaInfo(due, now, window).state).toBe(state));

	it.each<[string, string, string, number]>([
		['29 s past due is overdue, as on the calls list and the map (not "due in 0 min")', '2026-12-03T09:59:31Z', 'overdue', -1],
		['exactly due is still due soon', '2026-12-03T10:00:00Z', 'due-soon', 0],
		['a call on site has met its time, however late', '2026-12-03T08:00:00Z', 'met', -120]
	])('%s', (_name, due, state, minutes) => {
		const status: CallStatus = state === 'met' ? 'on_site' : 'assigned';
		expect(slaInfo(due, now, 120, status)).toEqual({ state, minutes });
	});

	it('sorts by on-site due ascending, no due time last, then priority, then number', () => {
		const calls = [
			{ number: 'A', onsiteDue: null, priority: 'high' as const },
			{ number: 'B', onsiteDue: '2026-12-03T12:00:00Z', priority: 'low' as const },
			{ number: 'C', onsiteDue: '2026-12-03T11:00:00Z', priority: 'low' as const },
			{ number: 'D', onsiteDue: '2026-12-03T12:00:00Z', priority: 'high' as const },
			{ number: 'E', onsiteDue: null, priority: 'low' as const },
			{ number: 'F', onsiteDue: null, priority: 'high' as const }
		];
		expect([...calls].sort(byUrgency).map((c) => c.number)).toEqual(['C', 'D', 'B', 'A', 'F', 'E']);
	});

	it.each([
		[45, '45 min'],
		[-45, '45 min'],
		[65, '1 h 05 min'],
		[60 * 27, '1 g 3 h']
	])('duration(%i) = %s', (m, text) => expect(duration(m)).toBe(text));
});

describe('shiftBreaks', () => {
	it.each<[string, Array<[number, number]> | null, Array<[number, number]>]>([
		['unknown shifts', null, []],
		['no shift that day (Sunday)', [], []],
		['one stretch', [[480, 1020]], []],
		['lunch break', [[480, 750], [810, 1020]], [[750, 810]]],
		['unsorted segments, two breaks', [[900, 1080], [480, 720], [780, 870]], [[720, 780], [870, 900]]],
		['touching segments make no break', [[480, 720], [720, 1020]], []]
	])('%s', (_n, intervals, expected) => {
		expect(shiftBreaks(intervals)).toEqual(expected);
	});
});
