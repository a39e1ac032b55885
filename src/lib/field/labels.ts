import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { hoursAndMinutes } from '$lib/domain/sla-countdown';

const STATUS: Record<string, () => string> = {
	new: m.field_status_new,
	assigned: m.field_status_assigned,
	confirmed: m.field_status_confirmed,
	travelling: m.field_status_travelling,
	on_site: m.field_status_on_site,
	completed: m.field_status_completed,
	closed: m.field_status_closed,
	on_hold: m.field_status_on_hold,
	cancelled: m.field_status_cancelled
};
export const statusLabel = (s: string) => (STATUS[s] ?? (() => s))();

const PRIORITY: Record<string, () => string> = { low: m.field_priority_low, medium: m.field_priority_medium, high: m.field_priority_high };
export const priorityLabel = (p: string) => (PRIORITY[p] ?? (() => p))();

const REFUSAL: Record<string, () => string> = {
	'call.cancelled': m.field_refused_cancelled,
	'call.reassigned': m.field_refused_reassigned,
	'call.taken': m.field_refused_taken,
	'call.started': m.field_refused_started,
	'call.closed': m.field_refused_closed,
	status: m.field_refused_status,
	skills: m.field_refused_skills,
	'day.full': m.field_refused_dayfull
};

/** The server's refusal in the technician's words (the API speaks English; the field names the case). */
export function refusalText(body: unknown, fallback?: string | null): string {
	const b = body as { field?: string; message?: string } | null;
	const known = b?.field ? REFUSAL[b.field] : undefined;
	if (known) return known();
	return m.field_refused_other({ message: b?.message ?? fallback ?? '' });
}

const locale = () => (getLocale() === 'en' ? 'en-GB' : 'it-IT');

export function timeOf(iso: string): string {
	return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' }).format(new Date(iso));
}

export function dateLabel(day: string): string {
	return new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

/** Whole minutes as "2 h 5 min" or "45 min". */
export function minutesLabel(total: number): string {
	const { hours, minutes } = hoursAndMinutes(total);
	return hours > 0 ? m.field_duration({ hours, minutes }) : m.field_duration_minutes({ minutes });
}

export function kmLabel(metres: number): string {
	return m.field_free_distance({ km: new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(metres / 1000) });
}

/** Opens the phone's maps app at the site: see navigation.ts. */
export { navigationUrl } from './navigation';
