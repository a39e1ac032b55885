import { describe, expect, it } from 'vitest';
import { companyDay, instantToLocal, localToInstant } from './window';

describe('localToInstant (Europe/Rome wall clock -> instant with offset)', () => {
	it.each([
		['winter', '2026-12-04T16:00', '2026-12-04T16:00:00+01:00'],
		['summer', '2026-07-15T08:30', '2026-07-15T08:30:00+02:00'],
		['with seconds', '2026-07-15T08:30:15', '2026-07-15T08:30:15+02:00'],
		['leap day', '2028-02-29T09:00', '2028-02-29T09:00:00+01:00'],
		['last minute of the year', '2026-12-31T23:59', '2026-12-31T23:59:00+01:00'],
		['just before the spring change', '2026-03-29T01:59', '2026-03-29T01:59:00+01:00'],
		['inside the spring gap moves forward', '2026-03-29T02:30', '2026-03-29T03:30:00+02:00'],
		['after the spring change', '2026-03-29T03:00', '2026-03-29T03:00:00+02:00'],
		['repeated autumn hour takes the summer one', '2026-10-25T02:30', '2026-10-25T02:30:00+02:00'],
		['after the autumn change', '2026-10-25T03:00', '2026-10-25T03:00:00+01:00']
	])('%s', (_name, input, expected) => {
		expect(localToInstant(input)).toBe(expected);
	});

	it.each([
		['empty', '', null],
		['blank', '   ', null],
		['null', null, null],
		['no such day', '2026-02-30T10:00', 'invalid'],
		['not a leap year', '2027-02-29T10:00', 'invalid'],
		['hour 24', '2026-05-01T24:00', 'invalid'],
		['date only', '2026-05-01', 'invalid'],
		['with an offset already', '2026-05-01T10:00+02:00', 'invalid'],
		['words', 'domani', 'invalid']
	])('%s', (_name, input, expected) => {
		expect(localToInstant(input)).toBe(expected);
	});
});

describe('instantToLocal and companyDay', () => {
	it.each([
		['winter UTC', '2026-12-04T15:00:00Z', '2026-12-04T16:00', '2026-12-04'],
		['summer UTC', '2026-07-15T06:30:00Z', '2026-07-15T08:30', '2026-07-15'],
		['late evening UTC is the next day in Rome', '2026-12-31T23:30:00Z', '2027-01-01T00:30', '2027-01-01'],
		['autumn repeated hour, second time', '2026-10-25T01:30:00Z', '2026-10-25T02:30', '2026-10-25'],
		['offset kept', '2026-03-29T03:30:00+02:00', '2026-03-29T03:30', '2026-03-29']
	])('%s', (_name, instant, local, day) => {
		expect(instantToLocal(instant)).toBe(local);
		expect(companyDay(instant)).toBe(day);
	});

	it('empty and unreadable give an empty field', () => {
		expect(instantToLocal(null)).toBe('');
		expect(instantToLocal('not a date')).toBe('');
	});

	it('round trips a wall-clock time', () => {
		const instant = localToInstant('2026-11-28T10:15');
		expect(instantToLocal(instant as string)).toBe('2026-11-28T10:15');
	});
});
