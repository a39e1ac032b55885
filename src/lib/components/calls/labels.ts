import type { CallStatus, SlaState } from '$lib/domain/call-lifecycle';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** Localised names of the calls module's codes. */

export const PRIORITY_CODES = ['low', 'medium', 'high'] as const;
export const TYPE_CODES = ['breakdown', 'scheduled_maintenance', 'installation', 'other'] as const;
export type Priority = (typeof PRIORITY_CODES)[number];
export type CallType = (typeof TYPE_CODES)[number];

const statusLabels: Record<CallStatus, () => string> = {
	new: m.calls_status_new,
	assigned: m.calls_status_assigned,
	confirmed: m.calls_status_confirmed,
	travelling: m.calls_status_travelling,
	on_site: m.calls_status_on_site,
	completed: m.calls_status_completed,
	closed: m.calls_status_closed,
	on_hold: m.calls_status_on_hold,
	cancelled: m.calls_status_cancelled
};

const priorityLabels: Record<Priority, () => string> = { low: m.calls_priority_low, medium: m.calls_priority_medium, high: m.calls_priority_high };

const typeLabels: Record<CallType, () => string> = {
	breakdown: m.calls_type_breakdown,
	scheduled_maintenance: m.calls_type_scheduled_maintenance,
	installation: m.calls_type_installation,
	other: m.calls_type_other
};

const slaLabels: Record<SlaState, () => string> = { overdue: m.calls_sla_overdue, 'due-soon': m.calls_sla_due_soon, 'on-time': m.calls_sla_on_time, met: m.calls_sla_met };

const categoryLabels: Record<string, () => string> = {
	copier_mono: m.calls_category_copier_mono,
	copier_colour: m.calls_category_copier_colour,
	printer: m.calls_category_printer,
	hvac: m.calls_category_hvac,
	lift: m.calls_category_lift,
	other: m.calls_category_other
};

export const statusLabel = (s: string) => statusLabels[s as CallStatus]?.() ?? s;
export const priorityLabel = (p: string) => priorityLabels[p as Priority]?.() ?? p;
export const typeLabel = (t: string) => typeLabels[t as CallType]?.() ?? t;
export const slaLabel = (s: SlaState | null) => (s ? slaLabels[s]() : '');
export const categoryLabel = (c: string) => categoryLabels[c]?.() ?? c;

export type SkillOption = { code: string; nameIt: string; nameEn: string };
export const skillName = (s: SkillOption) => (getLocale() === 'en' ? s.nameEn : s.nameIt);

/** A due time with its weekday, in the company's zone: "mer 09/12/2026, 09:30". */
export function formatDue(value: string | Date | null | undefined): string {
	if (!value) return '—';
	return new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'it-IT', {
		weekday: 'short',
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone: 'Europe/Rome'
	}).format(new Date(value));
}

/** 90 -> "1 h 30 min". */
export function formatMinutes(total: number): string {
	const h = Math.floor(total / 60);
	const min = total % 60;
	if (h && min) return m.calls_duration_hm({ h: String(h), m: String(min) });
	if (h) return m.calls_duration_h({ h: String(h) });
	return m.calls_duration_m({ m: String(min) });
}

/** "16:00" in the company's zone. */
export function formatTime(value: string | Date): string {
	return new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'it-IT', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' }).format(new Date(value));
}
