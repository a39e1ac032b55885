import { Temporal } from 'temporal-polyfill';

/**
 * The preferred window is typed in `datetime-local` inputs, which have no zone: the dispatcher
 * means the company's wall clock (Europe/Rome). These turn that text into an instant with its
 * offset for the API, and back. A time skipped by the spring change (02:30 on the last Sunday of
 * March) moves forward by the gap; a time repeated in autumn takes the first (summer) occurrence.
 */
export const COMPANY_ZONE = 'Europe/Rome';

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** "2026-12-04T16:00" -> "2026-12-04T16:00:00+01:00"; "" -> null; anything unreadable -> "invalid". */
export function localToInstant(value: string | null | undefined, zone = COMPANY_ZONE): string | null | 'invalid' {
	const v = (value ?? '').trim();
	if (v === '') return null;
	if (!LOCAL.test(v)) return 'invalid';
	try {
		const local = Temporal.PlainDateTime.from(v, { overflow: 'reject' });
		return local.toZonedDateTime(zone, { disambiguation: 'compatible' }).toString({ timeZoneName: 'never', smallestUnit: 'second' });
	} catch {
		return 'invalid';
	}
}

/** An instant -> "2026-12-04T16:00" on the company's wall clock, for a `datetime-local` value. */
export function instantToLocal(value: string | Date | null | undefined, zone = COMPANY_ZONE): string {
	if (!value) return '';
	const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
	if (Number.isNaN(ms)) return '';
	return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/** The company's calendar day of an instant, "YYYY-MM-DD" (the board's day). */
export function companyDay(value: string | Date, zone = COMPANY_ZONE): string {
	const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
	return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDate().toString();
}
