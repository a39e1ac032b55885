import { WEEKDAYS } from '$lib/domain/business-time';

export type CalendarValues = {
	name: string;
	timeZone: string;
	cutoffTime: string | null;
	nationalHolidays: boolean;
	patronScope: string;
	weeklyHours: Partial<Record<string, ReadonlyArray<readonly [string, string]>>>;
};

/** Form fields of the calendar editor -> the JSON the calendars service takes. */
export function calendarFromForm(form: FormData) {
	const weeklyHours: Record<string, Array<[string, string]>> = {};
	for (const day of WEEKDAYS) {
		const starts = form.getAll(`wh-${day}-start`).map((v) => String(v).trim());
		const ends = form.getAll(`wh-${day}-end`).map((v) => String(v).trim());
		weeklyHours[day] = starts.map((start, i) => [start, ends[i] ?? '']);
	}
	return {
		name: String(form.get('name') ?? ''),
		timeZone: String(form.get('timeZone') ?? '').trim() || 'Europe/Rome',
		cutoffTime: String(form.get('cutoffTime') ?? '').trim() || null,
		nationalHolidays: form.get('nationalHolidays') === 'on',
		patronScope: String(form.get('patronScope') ?? 'comune'),
		weeklyHours
	};
}

export function text(form: FormData, key: string): string {
	return String(form.get(key) ?? '').trim();
}

export function integer(form: FormData, key: string): number {
	const raw = text(form, key);
	return raw === '' ? Number.NaN : Number(raw);
}
