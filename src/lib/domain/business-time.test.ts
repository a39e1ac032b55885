import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	addBusinessTime,
	businessMinutesBetween,
	clockMinutes,
	isWorkingDay,
	normalizeWeeklyHours,
	weeklyHoursProblem,
	type BusinessCalendar,
	type WeeklyHours
} from './business-time';

const ZONE = 'Europe/Rome';
const OFFICE_DAY: Array<[string, string]> = [
	['08:30', '12:30'],
	['14:00', '18:00']
];

function calendar(weeklyHours: WeeklyHours, extra: Partial<BusinessCalendar> = {}): BusinessCalendar {
	return { timeZone: ZONE, weeklyHours, cutoffTime: null, nationalHolidays: true, closures: [], patronDays: [], ...extra };
}

const weekdays = (day: Array<[string, string]>): WeeklyHours => ({ '1': day, '2': day, '3': day, '4': day, '5': day });
const everyDay = (day: Array<[string, string]>): WeeklyHours => ({ ...weekdays(day), '6': day, '7': day });

const OFFICE = calendar(weekdays(OFFICE_DAY));
const OFFICE_CUTOFF = calendar(weekdays(OFFICE_DAY), { cutoffTime: '16:00' });
const OFFICE_NO_HOLIDAYS = calendar(weekdays(OFFICE_DAY), { nationalHolidays: false });
const WITH_SATURDAY = calendar({ ...weekdays(OFFICE_DAY), '6': [['08:30', '12:30']] });
const MILANO = calendar(weekdays(OFFICE_DAY), { patronDays: [{ month: 12, day: 7 }] });
const OFFICE_BRIDGES = calendar(weekdays(OFFICE_DAY), { closures: ['2026-12-24', '2026-12-31'] });
const SEVEN_DAYS = calendar(everyDay([['08:00', '20:00']]));
const H24 = calendar(everyDay([['00:00', '24:00']]), { nationalHolidays: false });
const H24_HOLIDAYS = calendar(everyDay([['00:00', '24:00']]));
const EVENING = calendar(weekdays([['18:00', '24:00']]));
const SUNDAY_NIGHT = calendar({ '7': [['00:00', '06:00']] }, { nationalHolidays: false });
const LEAP_PATRON = calendar(weekdays(OFFICE_DAY), { patronDays: [{ month: 2, day: 29 }] });

/** A local wall-clock time in Rome as a Date. */
function rome(local: string): Date {
	return new Date(Temporal.PlainDateTime.from(local).toZonedDateTime(ZONE).epochMilliseconds);
}

/** A Date as local wall-clock time in Rome, to the minute. */
function local(date: Date): string {
	return Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(ZONE).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

describe('addBusinessTime', () => {
	it.each<[string, BusinessCalendar, string, number, string]>([
		// start, minutes, expected: all local times in Europe/Rome
		['inside one interval', OFFICE, '2026-12-01T09:00', 60, '2026-12-01T10:00'],
		['across the lunch break', OFFICE, '2026-12-01T12:00', 60, '2026-12-01T14:30'],
		['ending exactly at closing time', OFFICE, '2026-11-30T11:30', 60, '2026-11-30T12:30'],
		['one minute past closing time', OFFICE, '2026-11-30T11:30', 61, '2026-11-30T14:01'],
		['before opening starts at opening', OFFICE, '2026-11-30T07:00', 30, '2026-11-30T09:00'],
		['during lunch starts after lunch', OFFICE, '2026-11-30T13:00', 15, '2026-11-30T14:15'],
		['a whole working day', OFFICE, '2026-11-30T08:30', 480, '2026-11-30T18:00'],
		['over a weekend', OFFICE, '2026-11-27T17:00', 120, '2026-11-30T09:30'],
		['opened on Saturday', OFFICE, '2026-11-28T10:00', 30, '2026-11-30T09:00'],
		['opened on Sunday evening', OFFICE, '2026-11-29T22:00', 30, '2026-11-30T09:00'],
		['Friday after the cut-off starts Monday', OFFICE_CUTOFF, '2026-11-27T16:30', 60, '2026-11-30T09:30'],
		['Friday at the cut-off is still today', OFFICE_CUTOFF, '2026-11-27T16:00', 60, '2026-11-27T17:00'],
		['Friday a second after the cut-off', OFFICE_CUTOFF, '2026-11-27T16:00:01', 60, '2026-11-30T09:30'],
		['cut-off before opening does not apply', OFFICE_CUTOFF, '2026-11-27T07:00', 60, '2026-11-27T09:30'],
		['after the cut-off on Thursday starts Friday', OFFICE_CUTOFF, '2026-11-26T23:59', 0, '2026-11-27T08:30'],
		['Saturday hours', WITH_SATURDAY, '2026-11-27T17:00', 120, '2026-11-28T09:30'],
		['Saturday afternoon waits for Monday', WITH_SATURDAY, '2026-11-28T12:00', 60, '2026-11-30T09:00'],
		['Easter Monday is closed', OFFICE, '2026-04-03T17:00', 120, '2026-04-07T09:30'],
		['Good Friday is open', OFFICE, '2026-04-02T17:00', 120, '2026-04-03T09:30'],
		['Easter Sunday and Monday on a seven-day calendar', SEVEN_DAYS, '2026-04-04T19:00', 120, '2026-04-07T09:00'],
		['25 April 2025 (Friday)', OFFICE, '2025-04-24T17:00', 120, '2025-04-28T09:30'],
		['4 October 2025 is a working Saturday', SEVEN_DAYS, '2025-10-03T19:00', 120, '2025-10-04T09:00'],
		['4 October 2026 is a holiday', SEVEN_DAYS, '2026-10-03T19:00', 120, '2026-10-05T09:00'],
		['4 October 2027 closes a Monday', OFFICE, '2027-10-01T17:00', 120, '2027-10-05T09:30'],
		["Milano: Sant'Ambrogio then the Immacolata", MILANO, '2026-12-04T17:00', 120, '2026-12-09T09:30'],
		["elsewhere 7 December is a working day", OFFICE, '2026-12-04T17:00', 120, '2026-12-07T09:30'],
		['Milano on Sunday 6 December, high priority four hours', MILANO, '2026-12-06T17:00', 240, '2026-12-09T12:30'],
		['holidays switched off', OFFICE_NO_HOLIDAYS, '2026-12-07T17:00', 120, '2026-12-08T09:30'],
		['Christmas week 2026', OFFICE, '2026-12-24T17:00', 120, '2026-12-28T09:30'],
		['Christmas week 2025', OFFICE, '2025-12-24T17:00', 120, '2025-12-29T09:30'],
		['Christmas with company closures', OFFICE_BRIDGES, '2026-12-23T17:00', 120, '2026-12-28T09:30'],
		['New Year with a closure on the 31st', OFFICE_BRIDGES, '2026-12-30T17:00', 120, '2027-01-04T09:30'],
		['year rollover', OFFICE, '2026-12-31T17:00', 120, '2027-01-04T09:30'],
		['Epiphany', OFFICE, '2027-01-05T17:30', 60, '2027-01-07T09:00'],
		['leap day patron', LEAP_PATRON, '2028-02-28T17:00', 120, '2028-03-01T09:30'],
		['leap day without patron', OFFICE, '2028-02-28T17:00', 120, '2028-02-29T09:30'],
		['patron 29 February in a common year', LEAP_PATRON, '2027-02-26T17:00', 120, '2027-03-01T09:30'],
		['DST spring weekend with Saturday hours', WITH_SATURDAY, '2026-03-28T12:00', 60, '2026-03-30T09:00'],
		['DST autumn weekend with Saturday hours', WITH_SATURDAY, '2026-10-24T12:00', 60, '2026-10-26T09:00'],
		['24/7 across midnight', H24, '2026-11-27T23:00', 180, '2026-11-28T02:00'],
		['24/7 a whole week', H24, '2026-11-27T23:00', 7 * 24 * 60, '2026-12-04T23:00'],
		['24/7 with holidays skips Christmas', H24_HOLIDAYS, '2026-12-24T23:00', 120, '2026-12-27T01:00'],
		['interval ending at midnight', EVENING, '2026-11-30T23:00', 60, '2026-12-01T00:00'],
		['interval ending at midnight, continuing next evening', EVENING, '2026-11-30T23:00', 90, '2026-12-01T18:30'],
		['interval ending at midnight, over the weekend', EVENING, '2026-12-04T23:30', 60, '2026-12-07T18:30'],
		['three weeks of business time', OFFICE, '2026-11-02T08:30', 15 * 480, '2026-11-20T18:00'],
		['ten days across the Immacolata', OFFICE, '2026-12-07T08:30', 10 * 480, '2026-12-21T18:00'],
		['thirty days across Christmas, New Year and Epiphany', OFFICE, '2026-12-14T08:30', 30 * 480, '2027-01-27T18:00'],
		['0 minutes inside working time', OFFICE, '2026-11-30T10:00', 0, '2026-11-30T10:00'],
		['0 minutes during lunch', OFFICE, '2026-11-30T13:00', 0, '2026-11-30T14:00'],
		['0 minutes at closing time', OFFICE, '2026-11-30T18:00', 0, '2026-12-01T08:30'],
		['0 minutes on Saturday', OFFICE, '2026-11-28T10:00', 0, '2026-11-30T08:30'],
		['0 minutes at opening', OFFICE, '2026-11-30T08:30', 0, '2026-11-30T08:30'],
		['fractional minutes', OFFICE, '2026-11-30T09:00', 1.5, '2026-11-30T09:01']
	])('%s', (_name, cal, start, minutes, expected) => {
		expect(local(addBusinessTime(rome(start), minutes, cal))).toBe(expected);
	});

	it.each<[string, BusinessCalendar, string, number, string]>([
		// Exact instants where the wall clock alone would hide the DST hour.
		['spring: Saturday 11:00Z + 1 h lands Monday 07:00Z (CEST)', WITH_SATURDAY, '2026-03-28T11:00:00Z', 60, '2026-03-30T07:00:00Z'],
		['autumn: Saturday 10:00Z + 1 h lands Monday 08:00Z (CET)', WITH_SATURDAY, '2026-10-24T10:00:00Z', 60, '2026-10-26T08:00:00Z'],
		['24/7 through the missing hour', H24, '2026-03-29T00:00:00Z', 120, '2026-03-29T02:00:00Z'],
		['24/7 through the repeated hour', H24, '2026-10-24T23:00:00Z', 120, '2026-10-25T01:00:00Z'],
		['night shift on the spring-forward Sunday', SUNDAY_NIGHT, '2026-03-28T23:00:00Z', 240, '2026-03-29T03:00:00Z'],
		['night shift on the fall-back Sunday', SUNDAY_NIGHT, '2026-10-24T22:00:00Z', 240, '2026-10-25T02:00:00Z']
	])('%s', (_name, cal, start, minutes, expected) => {
		const result = addBusinessTime(Temporal.Instant.from(start), minutes, cal);
		expect(result).toBeInstanceOf(Temporal.Instant);
		expect(result.toString()).toBe(expected);
	});

	it('the fall-back Sunday night shift has seven real hours, the spring one five', () => {
		expect(local(addBusinessTime(rome('2026-10-25T00:00'), 7 * 60, SUNDAY_NIGHT))).toBe('2026-10-25T06:00');
		expect(local(addBusinessTime(rome('2026-10-25T00:00'), 7 * 60 + 1, SUNDAY_NIGHT))).toBe('2026-11-01T00:01');
		expect(local(addBusinessTime(rome('2026-03-29T00:00'), 5 * 60, SUNDAY_NIGHT))).toBe('2026-03-29T06:00');
		expect(local(addBusinessTime(rome('2026-03-29T00:00'), 5 * 60 + 1, SUNDAY_NIGHT))).toBe('2026-04-05T00:01');
	});

	it('a Date in gives a Date out, and the input is not changed', () => {
		const start = rome('2026-12-01T12:00');
		const before = start.getTime();
		const result = addBusinessTime(start, 60, OFFICE);
		expect(result).toBeInstanceOf(Date);
		expect(start.getTime()).toBe(before);
	});

	it('handles huge targets quickly and agrees with businessMinutesBetween', () => {
		const start = rome('2026-01-02T10:17');
		const t0 = performance.now();
		const due = addBusinessTime(start, 100_000, MILANO);
		expect(performance.now() - t0).toBeLessThan(1000);
		expect(businessMinutesBetween(start, due, MILANO)).toBe(100_000);
		// 373 minutes on 2 January, then 207 full days (99,360) and 267 minutes on the 209th working
		// day of the year counted from 2 January: Tuesday 27 October, 08:30 + 4 h, lunch, + 27 min.
		expect(local(due)).toBe('2026-10-27T14:27');
	});

	it.each([
		['negative minutes', -1],
		['NaN', Number.NaN],
		['infinity', Number.POSITIVE_INFINITY]
	])('refuses %s', (_name, minutes) => {
		expect(() => addBusinessTime(rome('2026-12-01T09:00'), minutes, OFFICE)).toThrow(RangeError);
	});

	it('refuses an invalid Date and an unknown time zone', () => {
		expect(() => addBusinessTime(new Date('nope'), 10, OFFICE)).toThrow(RangeError);
		expect(() => addBusinessTime(rome('2026-12-01T09:00'), 10, { ...OFFICE, timeZone: 'Europe/Nowhere' })).toThrow(RangeError);
	});

	it('gives up instead of looping on a calendar without working time', () => {
		expect(() => addBusinessTime(rome('2026-12-01T09:00'), 10, calendar({}))).toThrow(/no working time/);
		const allClosed = calendar({ '1': OFFICE_DAY }, { closures: Array.from({ length: 1200 }, (_, i) => Temporal.PlainDate.from('2026-11-30').add({ days: i }).toString()) });
		expect(() => addBusinessTime(rome('2026-12-01T09:00'), 10, allClosed)).toThrow(/no working time/);
	});

	it('works in another time zone', () => {
		const london = calendar(weekdays([['09:00', '17:00']]), { timeZone: 'Europe/London', nationalHolidays: false });
		const due = addBusinessTime(new Date('2026-12-01T16:30:00Z'), 60, london);
		expect(due.toISOString()).toBe('2026-12-02T09:30:00.000Z');
	});
});

describe('businessMinutesBetween', () => {
	it.each<[string, BusinessCalendar, string, string, number]>([
		['inside one interval', OFFICE, '2026-11-30T09:00', '2026-11-30T10:00', 60],
		['across lunch', OFFICE, '2026-11-30T12:00', '2026-11-30T14:30', 60],
		['over a weekend', OFFICE, '2026-11-27T17:00', '2026-11-30T09:30', 120],
		['reversed gives a negative (overdue)', OFFICE, '2026-11-30T09:30', '2026-11-27T17:00', -120],
		['same instant', OFFICE, '2026-11-30T09:30', '2026-11-30T09:30', 0],
		['only closed time', OFFICE, '2026-11-28T00:00', '2026-11-30T08:30', 0],
		['a whole week', OFFICE, '2026-11-30T00:00', '2026-12-07T00:00', 5 * 480],
		['a week with the Immacolata', OFFICE, '2026-12-07T00:00', '2026-12-14T00:00', 4 * 480],
		["Milano's week", MILANO, '2026-12-07T00:00', '2026-12-14T00:00', 3 * 480],
		['Milano Friday to Wednesday', MILANO, '2026-12-04T17:00', '2026-12-09T09:30', 120],
		['the cut-off does not hide open office time', OFFICE_CUTOFF, '2026-11-27T16:30', '2026-11-30T09:30', 150],
		['fall-back Sunday night', SUNDAY_NIGHT, '2026-10-25T00:00', '2026-10-25T12:00', 420],
		['spring-forward Sunday night', SUNDAY_NIGHT, '2026-03-29T00:00', '2026-03-29T12:00', 300],
		['24/7 across the fall-back night', H24, '2026-10-25T00:00', '2026-10-26T00:00', 25 * 60],
		['24/7 across the spring-forward night', H24, '2026-03-29T00:00', '2026-03-30T00:00', 23 * 60],
		['evening up to midnight', EVENING, '2026-11-30T17:00', '2026-12-01T01:00', 360],
		['half a minute', OFFICE, '2026-11-30T09:00:00', '2026-11-30T09:00:30', 0.5]
	])('%s', (_name, cal, a, b, expected) => {
		expect(businessMinutesBetween(rome(a), rome(b), cal)).toBe(expected);
	});

	const starts = ['2026-11-27T16:59', '2026-11-28T11:00', '2026-12-04T12:10', '2026-03-27T17:45', '2026-10-23T23:30', '2026-12-24T08:00'];
	const amounts = [0, 1, 59, 60, 239, 240, 479, 480, 481, 1000, 4321];
	const calendars: Array<[string, BusinessCalendar]> = [
		['office', OFFICE],
		['milano', MILANO],
		['saturday', WITH_SATURDAY],
		['evening', EVENING],
		['24/7', H24_HOLIDAYS],
		['sunday night', SUNDAY_NIGHT]
	];
	it.each(calendars)('round trip: between(start, add(start, m)) = m on the %s calendar', (_name, cal) => {
		for (const start of starts) {
			for (const minutes of amounts) {
				const s = rome(start);
				expect(businessMinutesBetween(s, addBusinessTime(s, minutes, cal), cal), `${start} + ${minutes}`).toBe(minutes);
			}
		}
	});

	it('agrees with addBusinessTime minute by minute across a DST weekend', () => {
		const start = rome('2026-03-27T17:00');
		let previous = start.getTime();
		for (let m = 1; m <= 600; m++) {
			const due = addBusinessTime(start, m, WITH_SATURDAY);
			expect(due.getTime()).toBeGreaterThan(previous);
			previous = due.getTime();
			expect(businessMinutesBetween(start, due, WITH_SATURDAY)).toBe(m);
		}
	});
});

describe('isWorkingDay', () => {
	it.each<[string, BusinessCalendar, boolean]>([
		['2026-12-07', MILANO, false],
		['2026-12-07', OFFICE, true],
		['2026-12-08', OFFICE, false],
		['2026-12-08', OFFICE_NO_HOLIDAYS, true],
		['2026-12-24', OFFICE_BRIDGES, false],
		['2026-11-28', OFFICE, false],
		['2026-11-28', WITH_SATURDAY, true],
		['2026-10-04', SEVEN_DAYS, false],
		['2025-10-04', SEVEN_DAYS, true]
	])('%s', (date, cal, expected) => {
		expect(isWorkingDay(date, cal)).toBe(expected);
	});
});

describe('clockMinutes', () => {
	it.each<[string, boolean, number | null]>([
		['00:00', false, 0],
		['08:30', false, 510],
		['23:59', false, 1439],
		['17:00:30', false, 1020.5],
		['24:00', false, null],
		['24:00', true, 1440],
		['24:01', true, null],
		['8:30', false, null],
		['12:60', false, null],
		['', false, null]
	])('%j (midnight end %s) -> %s', (value, allow, expected) => {
		expect(clockMinutes(value, allow)).toBe(expected);
	});
});

describe('weeklyHoursProblem', () => {
	it.each<[string, unknown, { path: string; message: string } | null]>([
		['office hours', weekdays(OFFICE_DAY), null],
		['24/7 with midnight end', everyDay([['00:00', '24:00']]), null],
		['touching intervals', { '1': [['08:00', '12:00'], ['12:00', '18:00']] }, null],
		['unsorted intervals are accepted (and sorted on save)', { '1': [['14:00', '18:00'], ['08:30', '12:30']] }, null],
		['not an object', 'mon-fri', { path: '', message: 'must be an object of weekdays 1-7' }],
		['an array', [], { path: '', message: 'must be an object of weekdays 1-7' }],
		['empty week', {}, { path: '', message: 'the week has no working hours' }],
		['all days empty', { '1': [], '7': [] }, { path: '', message: 'the week has no working hours' }],
		['weekday 0', { '0': [['08:00', '12:00']] }, { path: '0', message: 'unknown weekday (use 1-7, 1 = Monday)' }],
		['weekday name', { mon: [['08:00', '12:00']] }, { path: 'mon', message: 'unknown weekday (use 1-7, 1 = Monday)' }],
		['day not a list', { '1': '08:00-12:00' }, { path: '1', message: 'must be a list of [start, end] intervals' }],
		['interval not a pair', { '1': [['08:00']] }, { path: '1.0', message: 'must be a list of [start, end] intervals' }],
		['interval with numbers', { '1': [[8, 12]] }, { path: '1.0', message: 'must be a list of [start, end] intervals' }],
		['H:MM', { '2': [['8:30', '12:30']] }, { path: '2.0', message: 'invalid time (HH:MM)' }],
		['seconds', { '2': [['08:30:00', '12:30']] }, { path: '2.0', message: 'invalid time (HH:MM)' }],
		['25:00', { '2': [['08:30', '25:00']] }, { path: '2.0', message: 'invalid time (HH:MM)' }],
		['24:00 as a start', { '2': [['24:00', '24:00']] }, { path: '2.0', message: 'invalid time (HH:MM)' }],
		['start equals end', { '3': [['08:30', '12:30'], ['14:00', '14:00']] }, { path: '3.1', message: 'start must be before end' }],
		['start after end', { '3': [['12:30', '08:30']] }, { path: '3.0', message: 'start must be before end' }],
		['overlap', { '4': [['08:30', '12:30'], ['12:00', '18:00']] }, { path: '4.1', message: 'intervals overlap' }],
		['overlap out of order', { '5': [['12:00', '18:00'], ['08:30', '12:30']] }, { path: '5.1', message: 'intervals overlap' }],
		['one inside another', { '6': [['08:00', '18:00'], ['09:00', '10:00']] }, { path: '6.1', message: 'intervals overlap' }]
	])('%s', (_name, input, expected) => {
		expect(weeklyHoursProblem(input)).toEqual(expected);
	});

	it('normalizeWeeklyHours fills all seven days and sorts intervals', () => {
		expect(
			normalizeWeeklyHours({
				'1': [
					['14:00', '18:00'],
					['08:30', '12:30']
				]
			})
		).toEqual({
			'1': [
				['08:30', '12:30'],
				['14:00', '18:00']
			],
			'2': [],
			'3': [],
			'4': [],
			'5': [],
			'6': [],
			'7': []
		});
	});
});
