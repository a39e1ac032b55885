import { Temporal } from 'temporal-polyfill';

/**
 * Italian national holidays (feste nazionali, L. 260/1949 and later amendments) for a year.
 * The rules are those in force since 2001 (when 2 June was restored), plus San Francesco
 * d'Assisi on 4 October, a national holiday again from 2026 (L. 151/2025) and not before.
 * Patron saints' days are local and live in the patron_days table, not here.
 */
export type HolidayKey =
	| 'capodanno'
	| 'epifania'
	| 'pasqua'
	| 'pasquetta'
	| 'liberazione'
	| 'lavoro'
	| 'repubblica'
	| 'ferragosto'
	| 'san_francesco'
	| 'ognissanti'
	| 'immacolata'
	| 'natale'
	| 'santo_stefano';

export type Holiday = { date: string; key: HolidayKey; name: string };

/** First year in which 4 October is again a national holiday. */
export const SAN_FRANCESCO_FROM_YEAR = 2026;

const FIXED: Array<{ month: number; day: number; key: HolidayKey; name: string; fromYear?: number }> = [
	{ month: 1, day: 1, key: 'capodanno', name: 'Capodanno' },
	{ month: 1, day: 6, key: 'epifania', name: 'Epifania' },
	{ month: 4, day: 25, key: 'liberazione', name: 'Festa della Liberazione' },
	{ month: 5, day: 1, key: 'lavoro', name: 'Festa del Lavoro' },
	{ month: 6, day: 2, key: 'repubblica', name: 'Festa della Repubblica' },
	{ month: 8, day: 15, key: 'ferragosto', name: 'Assunzione (Ferragosto)' },
	{ month: 10, day: 4, key: 'san_francesco', name: "San Francesco d'Assisi", fromYear: SAN_FRANCESCO_FROM_YEAR },
	{ month: 11, day: 1, key: 'ognissanti', name: 'Ognissanti' },
	{ month: 12, day: 8, key: 'immacolata', name: 'Immacolata Concezione' },
	{ month: 12, day: 25, key: 'natale', name: 'Natale' },
	{ month: 12, day: 26, key: 'santo_stefano', name: 'Santo Stefano' }
];

function checkYear(year: number): void {
	if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError(`year out of range: ${year}`);
}

/** Easter Sunday of the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus). */
export function easterSunday(year: number): Temporal.PlainDate {
	checkYear(year);
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return Temporal.PlainDate.from({ year, month, day });
}

const cache = new Map<number, Holiday[]>();

/** The national holidays of a year, in date order (two names may share a day, e.g. 25 April 2011). */
export function italianNationalHolidays(year: number): Holiday[] {
	checkYear(year);
	const cached = cache.get(year);
	if (cached) return cached;
	const easter = easterSunday(year);
	const list: Holiday[] = FIXED.filter((f) => f.fromYear === undefined || year >= f.fromYear).map((f) => ({
		date: Temporal.PlainDate.from({ year, month: f.month, day: f.day }).toString(),
		key: f.key,
		name: f.name
	}));
	list.push({ date: easter.toString(), key: 'pasqua', name: 'Pasqua' });
	list.push({ date: easter.add({ days: 1 }).toString(), key: 'pasquetta', name: "Lunedì dell'Angelo (Pasquetta)" });
	list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
	cache.set(year, list);
	return list;
}

/** Whether a day (PlainDate or "YYYY-MM-DD") is an Italian national holiday. */
export function isItalianNationalHoliday(date: Temporal.PlainDate | string): boolean {
	const d = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
	const iso = d.toString();
	return italianNationalHolidays(d.year).some((h) => h.date === iso);
}
