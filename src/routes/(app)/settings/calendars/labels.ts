import { WEEKDAYS } from '$lib/domain/business-time';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

type Hours = Partial<Record<string, ReadonlyArray<readonly [string, string]>>>;

const SHORT = [m.set_day_short_1, m.set_day_short_2, m.set_day_short_3, m.set_day_short_4, m.set_day_short_5, m.set_day_short_6, m.set_day_short_7];

/** "Lun–Ven 08:30–12:30, 14:00–18:00 · Sab 08:30–12:30": consecutive days with equal hours grouped. */
export function hoursSummary(hours: Hours): string {
	const key = (day: string) => (hours[day] ?? []).map(([s, e]) => `${s}–${e}`).join(', ');
	const groups: Array<{ from: number; to: number; text: string }> = [];
	WEEKDAYS.forEach((day, i) => {
		const text = key(day);
		const last = groups.at(-1);
		if (last && last.text === text && last.to === i - 1) last.to = i;
		else groups.push({ from: i, to: i, text });
	});
	const parts = groups
		.filter((g) => g.text)
		.map((g) => `${SHORT[g.from]()}${g.to > g.from ? '–' + SHORT[g.to]() : ''} ${g.text}`);
	return parts.length ? parts.join(' · ') : '—';
}

export function scopeLabel(scope: string): string {
	return scope === 'province' ? m.set_scope_province() : scope === 'none' ? m.set_scope_none() : m.set_scope_comune();
}

export function monthLabel(month: number): string {
	return new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'it-IT', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, month - 1, 1)));
}

/** "2026-12-24" -> "gio 24/12/2026". */
export function dayLabel(iso: string): string {
	return new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'it-IT', { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
		new Date(`${iso}T12:00:00Z`)
	);
}
