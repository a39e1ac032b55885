import { describe, expect, it } from 'vitest';
import { firstFreeWindow, freeGaps, shiftStretches, wallClockInstant, type ShiftSegment } from './free-windows';

const ZONE = 'Europe/Rome';
const weekdays = (...segments: Array<[string, string]>): ShiftSegment[] =>
	[1, 2, 3, 4, 5].flatMap((weekday) => segments.map(([start, end]) => ({ weekday, start, end })));
const STANDARD = weekdays(['08:00', '12:30'], ['13:30', '17:30']);
const at = (day: string, time: string) => wallClockInstant(day, time, ZONE);
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

// 2026-12-07 is a Monday (CET, +01:00); 2026-03-29 and 2026-10-25 are the DST Sundays.
const MON = '2026-12-07';
const busy = (day: string, ...pairs: Array<[string, string]>) => pairs.map(([s, e]) => ({ start: at(day, s), end: at(day, e) }));

type Case = {
	name: string;
	day?: string;
	shifts?: ShiftSegment[];
	busy?: Array<{ start: number; end: number }>;
	earliest?: string;
	duration: number;
	travel: number;
	expected: [string, string] | null;
};

const cases: Case[] = [
	{ name: 'empty day: start of shift plus travel', duration: 60, travel: 20, expected: ['08:20', '12:30'] },
	{ name: 'earliest in the middle of the morning', earliest: '10:05', duration: 60, travel: 10, expected: ['10:15', '12:30'] },
	{ name: 'the job does not fit before the break: after lunch', earliest: '11:30', duration: 90, travel: 0, expected: ['13:30', '17:30'] },
	{ name: 'travel counts: 60 min job at 11:30 with 5 min travel spills over the break', earliest: '11:30', duration: 60, travel: 5, expected: ['13:35', '17:30'] },
	{ name: 'back-to-back jobs: free after the second one', busy: busy(MON, ['08:00', '09:00'], ['09:00', '10:00']), duration: 60, travel: 15, expected: ['10:15', '12:30'] },
	{ name: 'overlapping busy intervals merge', busy: busy(MON, ['08:00', '10:00'], ['09:30', '11:00']), duration: 60, travel: 0, expected: ['11:00', '12:30'] },
	{ name: 'gap between jobs too short for travel + work', busy: busy(MON, ['08:00', '09:00'], ['10:00', '12:30']), duration: 50, travel: 15, expected: ['13:45', '17:30'] },
	{ name: 'gap between jobs exactly long enough', busy: busy(MON, ['08:00', '09:00'], ['10:00', '12:30']), duration: 45, travel: 15, expected: ['09:15', '10:00'] },
	{ name: 'window exactly at the end of the shift', busy: busy(MON, ['08:00', '16:30']), duration: 60, travel: 0, expected: ['16:30', '17:30'] },
	{ name: 'one minute short at the end of the shift', busy: busy(MON, ['08:00', '16:31']), duration: 60, travel: 0, expected: null },
	{ name: 'absence all day', busy: busy(MON, ['00:00', '24:00']), duration: 30, travel: 0, expected: null },
	{ name: 'busy interval starting before the shift', busy: busy(MON, ['06:00', '08:30']), duration: 30, travel: 0, expected: ['08:30', '12:30'] },
	{ name: 'earliest after the last shift', earliest: '18:00', duration: 15, travel: 0, expected: null },
	{ name: 'earliest before the day: start of the shift', earliest: '00:00', duration: 15, travel: 0, expected: ['08:00', '12:30'] },
	{ name: 'Saturday without shifts', day: '2026-12-12', duration: 15, travel: 0, expected: null },
	{ name: 'Saturday morning shift', day: '2026-12-12', shifts: [...STANDARD, { weekday: 6, start: '08:00', end: '12:00' }], duration: 60, travel: 10, expected: ['08:10', '12:00'] },
	{ name: 'adjacent segments are one stretch (no break)', shifts: weekdays(['08:00', '12:00'], ['12:00', '17:00']), earliest: '11:30', duration: 60, travel: 0, expected: ['11:30', '17:00'] },
	{ name: 'job longer than any stretch', duration: 300, travel: 0, expected: null },
	{ name: 'shift until midnight (24:00)', shifts: weekdays(['18:00', '24:00']), duration: 60, travel: 0, expected: ['18:00', '24:00'] }
];

describe('firstFreeWindow', () => {
	for (const c of cases) {
		it(c.name, () => {
			const day = c.day ?? MON;
			const w = firstFreeWindow({
				day,
				timeZone: ZONE,
				shifts: c.shifts ?? STANDARD,
				busy: c.busy ?? [],
				earliest: at(day, c.earliest ?? '07:00'),
				durationMinutes: c.duration,
				travelMinutes: c.travel
			});
			expect(w ? [iso(w.from), iso(w.until)] : null).toEqual(c.expected ? [iso(at(day, c.expected[0])), iso(at(day, c.expected[1]))] : null);
		});
	}
});

describe('daylight saving days', () => {
	const sunday = (start: string, end: string): ShiftSegment[] => [{ weekday: 7, start, end }];

	it('spring forward: 01:00-05:00 lasts three real hours', () => {
		const [s] = shiftStretches('2026-03-29', ZONE, sunday('01:00', '05:00'));
		expect((s.end - s.start) / 3_600_000).toBe(3);
		expect(new Date(s.start).toISOString()).toBe('2026-03-29T00:00:00.000Z');
		expect(new Date(s.end).toISOString()).toBe('2026-03-29T03:00:00.000Z');
	});

	it('spring forward: a 3h30 job does not fit in the 3 real hours', () => {
		const q = { day: '2026-03-29', timeZone: ZONE, shifts: sunday('01:00', '05:00'), busy: [], earliest: 0, travelMinutes: 0 };
		expect(firstFreeWindow({ ...q, durationMinutes: 210 })).toBeNull();
		expect(firstFreeWindow({ ...q, durationMinutes: 180 })).not.toBeNull();
	});

	it('spring forward: a shift starting in the skipped hour starts at the change (03:00 CEST)', () => {
		const [s] = shiftStretches('2026-03-29', ZONE, sunday('02:30', '06:00'));
		expect(new Date(s.start).toISOString()).toBe('2026-03-29T01:00:00.000Z');
	});

	it('spring forward: a shift ending in the skipped hour ends at the change', () => {
		const [s] = shiftStretches('2026-03-29', ZONE, sunday('01:00', '02:30'));
		expect((s.end - s.start) / 60_000).toBe(60);
	});

	it('fall back: 01:00-05:00 lasts five real hours and a 4h30 job fits', () => {
		const q = { day: '2026-10-25', timeZone: ZONE, shifts: sunday('01:00', '05:00'), busy: [], earliest: 0, travelMinutes: 0 };
		const w = firstFreeWindow({ ...q, durationMinutes: 270 });
		expect(w && (w.until - w.from) / 60_000).toBe(300);
		expect(new Date(w!.from).toISOString()).toBe('2026-10-24T23:00:00.000Z');
	});

	it('fall back: a weekday shift the Monday after uses the winter offset', () => {
		expect(new Date(at('2026-10-26', '08:00')).toISOString()).toBe('2026-10-26T07:00:00.000Z');
		expect(new Date(at('2026-10-23', '08:00')).toISOString()).toBe('2026-10-23T06:00:00.000Z');
	});
});

describe('freeGaps', () => {
	it('cuts stretches by busy intervals and keeps zero-length busy out', () => {
		const stretches = [{ start: 0, end: 100 }, { start: 200, end: 300 }];
		expect(freeGaps(stretches, [{ start: 50, end: 60 }, { start: 90, end: 210 }, { start: 250, end: 250 }])).toEqual([
			{ start: 0, end: 50 },
			{ start: 60, end: 90 },
			{ start: 210, end: 300 }
		]);
	});
});
