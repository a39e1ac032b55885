import { describe, expect, it } from 'vitest';
import { easterSunday, isItalianNationalHoliday, italianNationalHolidays, SAN_FRANCESCO_FROM_YEAR } from './italian-holidays';

describe('easterSunday', () => {
	it.each([
		[2024, '2024-03-31'],
		[2025, '2025-04-20'],
		[2026, '2026-04-05'],
		[2027, '2027-03-28'],
		[2028, '2028-04-16'],
		[2029, '2029-04-01'],
		[2030, '2030-04-21'],
		// Awkward ones: the earliest and latest possible dates, a century year, a 25 April Easter Monday.
		[2000, '2000-04-23'],
		[2008, '2008-03-23'],
		[2011, '2011-04-24'],
		[2038, '2038-04-25'],
		[2285, '2285-03-22'],
		[1818, '1818-03-22'],
		[2100, '2100-03-28']
	])('%i -> %s', (year, expected) => {
		const easter = easterSunday(year);
		expect(easter.toString()).toBe(expected);
		expect(easter.dayOfWeek).toBe(7);
	});

	it.each([[1582], [10000], [2026.5], [Number.NaN]])('refuses year %s', (year) => {
		expect(() => easterSunday(year)).toThrow(RangeError);
	});
});

describe('italianNationalHolidays', () => {
	it('2025: twelve days, no 4 October', () => {
		expect(italianNationalHolidays(2025).map((h) => `${h.date} ${h.key}`)).toEqual([
			'2025-01-01 capodanno',
			'2025-01-06 epifania',
			'2025-04-20 pasqua',
			'2025-04-21 pasquetta',
			'2025-04-25 liberazione',
			'2025-05-01 lavoro',
			'2025-06-02 repubblica',
			'2025-08-15 ferragosto',
			'2025-11-01 ognissanti',
			'2025-12-08 immacolata',
			'2025-12-25 natale',
			'2025-12-26 santo_stefano'
		]);
	});

	it('2026: thirteen days, with San Francesco on 4 October', () => {
		const list = italianNationalHolidays(2026);
		expect(list).toHaveLength(13);
		expect(list.find((h) => h.key === 'san_francesco')).toEqual({ date: '2026-10-04', key: 'san_francesco', name: "San Francesco d'Assisi" });
		expect(list.find((h) => h.key === 'pasquetta')?.date).toBe('2026-04-06');
		expect(SAN_FRANCESCO_FROM_YEAR).toBe(2026);
	});

	it('2011: 25 April is both Liberation Day and Easter Monday', () => {
		const day = italianNationalHolidays(2011).filter((h) => h.date === '2011-04-25');
		expect(day.map((h) => h.key).sort()).toEqual(['liberazione', 'pasquetta']);
	});

	it('is in date order every year from 2001 to 2100', () => {
		for (let year = 2001; year <= 2100; year++) {
			const dates = italianNationalHolidays(year).map((h) => h.date);
			expect([...dates].sort()).toEqual(dates);
			expect(dates.every((d) => d.startsWith(String(year)))).toBe(true);
		}
	});
});

describe('isItalianNationalHoliday', () => {
	it.each([
		['2025-10-04', false, 'San Francesco not yet a holiday'],
		['2026-10-04', true, 'San Francesco from 2026'],
		['2027-10-04', true, 'San Francesco on a Monday'],
		['2024-10-04', false, 'before 2026'],
		['2024-04-01', true, 'Easter Monday 2024'],
		['2025-04-21', true, 'Easter Monday 2025'],
		['2026-04-06', true, 'Easter Monday 2026'],
		['2026-04-03', false, 'Good Friday is a working day'],
		['2026-04-05', true, 'Easter Sunday'],
		['2027-03-29', true, 'Easter Monday 2027 in March'],
		['2025-04-25', true, 'Liberazione'],
		['2026-05-01', true, 'Festa del Lavoro'],
		['2026-06-02', true, 'Repubblica'],
		['2026-08-15', true, 'Ferragosto'],
		['2026-08-14', false, 'the day before Ferragosto'],
		['2026-11-01', true, 'Ognissanti'],
		['2026-11-02', false, 'the Commemorazione dei defunti is not a holiday'],
		['2026-12-07', false, "Sant'Ambrogio is a patron day, not national"],
		['2026-12-08', true, 'Immacolata'],
		['2026-12-24', false, 'Christmas Eve'],
		['2026-12-25', true, 'Natale'],
		['2026-12-26', true, 'Santo Stefano'],
		['2026-12-31', false, "New Year's Eve"],
		['2027-01-01', true, 'Capodanno'],
		['2027-01-06', true, 'Epifania'],
		['2028-02-29', false, 'leap day'],
		['2026-03-19', false, 'San Giuseppe is no longer a holiday']
	])('%s -> %s (%s)', (date, expected) => {
		expect(isItalianNationalHoliday(date)).toBe(expected);
	});

	it('refuses a malformed date', () => {
		expect(() => isItalianNationalHoliday('2026-02-30')).toThrow(RangeError);
	});
});
