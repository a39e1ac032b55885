import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/**
 * Service messages (stable English, see src/lib/server/sla/sla-input.ts and the weekly-hours
 * checks in src/lib/domain/business-time.ts) in the user's language.
 */
const TEXT: Record<string, () => string> = {
	required: m.set_err_required,
	'too long': m.set_err_too_long,
	'unknown time zone': m.set_err_zone,
	'invalid time (HH:MM)': m.set_err_clock,
	'invalid date (YYYY-MM-DD)': m.set_err_date,
	'invalid date-time (ISO 8601)': m.set_err_datetime,
	'letters, digits, - and _ only': m.set_err_code,
	'unknown calendar': m.set_err_calendar,
	'must be a whole number': m.set_err_whole,
	'must be positive': m.set_err_positive,
	'too large': m.set_err_too_large,
	'must not be less than acknowledgement': m.set_err_onsite_below_ack,
	'must not be less than on-site': m.set_err_resolution_below_onsite,
	'one level must stay the default: make another level the default instead': m.set_err_keep_default,
	'unknown comune': m.set_err_comune,
	'unknown province': m.set_err_province,
	'give a comune or a province': m.set_err_comune_or_province,
	'give a comune or a province, not both': m.set_err_not_both,
	'no such day in that month': m.set_err_day,
	'month must be 1-12': m.set_err_month,
	'invalid priority': m.set_err_priority,
	'start must be before end': m.set_err_start_before_end,
	'intervals overlap': m.set_err_overlap,
	'the week has no working hours': m.set_err_no_hours,
	'name already in use': m.set_err_name_taken,
	'code already in use': m.set_err_code_taken,
	'already closed on that day': m.set_err_closure_taken,
	'no closure on that day': m.set_err_closure_missing,
	'already a patron day on that date': m.set_err_patron_taken,
	'the SLA level has no target for this priority': m.set_err_no_target,
	'the calendar is used by SLA levels': m.set_err_calendar_in_use,
	'the level is used by contracts': m.set_err_level_in_use,
	'the default level cannot be deleted: make another level the default first': m.set_err_delete_default
};

export type Failure = { error?: string; field?: string | null; message?: string } | null | undefined;

export function messageText(failure: Failure): string | null {
	if (!failure?.error) return null;
	if (failure.error === 'forbidden') return m.forbidden_title();
	if (failure.error === 'not_found') return m.not_found_item();
	const known = failure.message ? TEXT[failure.message] : undefined;
	return known ? known() : m.field_invalid({ field: failure.field ?? '?' });
}

/** The localized error for `field` when the failure is about it (or, with `prefix`, about a part of it). */
export function fieldError(failure: Failure, field: string, prefix = false): string | null {
	const at = failure?.field;
	if (!at) return null;
	if (at === field || (prefix && at.startsWith(field + '.'))) return messageText(failure);
	return null;
}

/** Business minutes as "1 h 30 min". */
export function formatMinutes(total: number | null | undefined): string {
	if (total === null || total === undefined) return '—';
	const h = Math.floor(total / 60);
	const min = total % 60;
	if (h && min) return m.set_duration_hm({ h: String(h), m: String(min) });
	if (h) return m.set_duration_h({ h: String(h) });
	return m.set_duration_m({ m: String(min) });
}

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

export const PRIORITY_ORDER = ['high', 'medium', 'low'] as const;

export function priorityLabel(priority: string): string {
	return priority === 'high' ? m.set_priority_high() : priority === 'medium' ? m.set_priority_medium() : m.set_priority_low();
}

export function weekdayLabel(day: string): string {
	const labels = [m.set_day_1, m.set_day_2, m.set_day_3, m.set_day_4, m.set_day_5, m.set_day_6, m.set_day_7];
	return labels[Number(day) - 1]();
}
