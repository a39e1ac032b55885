import { getLocale } from '$lib/paraglide/runtime';

/**
 * Dates, numbers and money in the user's language: Italian formats by default
 * (28/11/2026, 1.234,56 €), English ones for English. Times shown in the company's zone.
 */
export const COMPANY_TIME_ZONE = 'Europe/Rome';

function tag(): string {
	return getLocale() === 'en' ? 'en-GB' : 'it-IT';
}

export function formatDate(value: string | Date | null | undefined): string {
	if (!value) return '—';
	const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
	return new Intl.DateTimeFormat(tag(), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: COMPANY_TIME_ZONE }).format(d);
}

export function formatDateTime(value: string | Date | null | undefined): string {
	if (!value) return '—';
	return new Intl.DateTimeFormat(tag(), { dateStyle: 'short', timeStyle: 'short', timeZone: COMPANY_TIME_ZONE }).format(new Date(value));
}

export function formatNumber(value: number | null | undefined, maximumFractionDigits = 2): string {
	if (value === null || value === undefined || Number.isNaN(value)) return '—';
	return new Intl.NumberFormat(tag(), { maximumFractionDigits }).format(value);
}

/** Euro cents -> "1.234,50 €". */
export function formatMoneyCents(cents: number | null | undefined): string {
	if (cents === null || cents === undefined) return '—';
	return new Intl.NumberFormat(tag(), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** A unit price with up to 6 decimals (a copy costs 0,0085 €). */
export function formatUnitPrice(value: string | number | null | undefined): string {
	if (value === null || value === undefined || value === '') return '—';
	return new Intl.NumberFormat(tag(), { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(Number(value));
}
