import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

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

export function durationLabel(ms: number): string {
	const total = Math.max(0, Math.round(ms / 60_000));
	const hours = Math.floor(total / 60);
	const minutes = total % 60;
	return hours > 0 ? m.field_duration({ hours, minutes }) : m.field_duration_minutes({ minutes });
}

export function kmLabel(metres: number): string {
	return m.field_free_distance({ km: new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(metres / 1000) });
}

/** Opens the phone's maps app at the site (geo: on Android; a maps URL elsewhere). */
export function navigationUrl(site: { lat: number; lng: number; address: string; comune: string }): string {
	const isAndroid = typeof navigator !== 'undefined' && /android/i.test(navigator.userAgent);
	const q = encodeURIComponent(`${site.address}, ${site.comune}`);
	return isAndroid ? `geo:${site.lat},${site.lng}?q=${site.lat},${site.lng}(${q})` : `https://www.google.com/maps/dir/?api=1&destination=${site.lat},${site.lng}`;
}
