import * as m from '$lib/paraglide/messages';
import { formatDate, formatDateTime, formatNumber } from '$lib/ui/format';

/** What a page action returns for a refused reading (see ReadingRefusedError on the server). */
export type Refusal = {
	reason: string;
	params: { value: number; readAt: string; previousValue: number | null; previousAt: string | null; maxValue: number | null; finalValue: number | null };
};

export type ReadingFailure = {
	error?: string;
	field?: string | null;
	message?: string;
	refusal?: Refusal | null;
} | null | undefined;

const n = (v: number | null | undefined) => formatNumber(v ?? null, 0);

/** A refused reading, in the user's language, naming the previous reading. */
export function refusalText(refusal: Refusal): string {
	const p = refusal.params;
	const args = {
		value: n(p.value),
		previous: n(p.previousValue),
		date: formatDate(p.previousAt),
		datetime: formatDateTime(refusal.reason === 'same_time' ? p.previousAt : p.readAt),
		max: n(p.maxValue),
		final: n(p.finalValue)
	};
	switch (refusal.reason) {
		case 'invalid_value':
			return m.mr_err_invalid_value();
		case 'in_future':
			return m.mr_err_in_future(args);
		case 'same_time':
			return m.mr_err_same_time(args);
		case 'older_than_latest':
			return m.mr_err_older_than_latest(args);
		case 'lower_than_previous':
			return m.mr_err_lower_than_previous(args);
		case 'above_max':
			return m.mr_err_above_max(args);
		case 'rollover_without_max':
			return m.mr_err_rollover_without_max();
		case 'rollover_without_previous':
			return m.mr_err_rollover_without_previous();
		case 'rollover_not_lower':
			return m.mr_err_rollover_not_lower(args);
		case 'replacement_without_final':
			return m.mr_err_replacement_without_final();
		case 'replacement_final_below_previous':
			return m.mr_err_replacement_final_below_previous(args);
		case 'above_next':
			return m.mr_err_above_next(args);
		default:
			return m.mr_err_other({ field: 'value', message: refusal.reason });
	}
}

/** Any failure of a readings form, as a sentence; the field it belongs to is `failure.field`. */
export function readingFailureText(failure: ReadingFailure): string | null {
	if (!failure?.error) return null;
	if (failure.refusal) return refusalText(failure.refusal);
	const { error, field, message = '' } = failure;
	if (error === 'forbidden') return m.mr_err_forbidden();
	if (error === 'not_found') return m.mr_err_not_found();
	if (error === 'conflict' && field === 'correctsReadingId') return m.mr_err_already_corrected();
	if (error === 'conflict' && field === 'decision') {
		if (message.startsWith('cannot approve: ')) return m.mr_err_cannot_approve({ why: message.slice('cannot approve: '.length) });
		return m.mr_err_not_waiting();
	}
	if (field === 'value' || field === 'previousMeterFinalValue') return m.mr_err_number();
	if (field === 'readAt') return m.mr_err_date();
	if (field === 'reason') return m.mr_err_reason();
	if ((field === 'source' || field === 'kind' || field === 'meterType') && message === 'required') return m.mr_err_required();
	if (field === 'name') return m.mr_err_key_name();
	if (field === 'scopes') return m.mr_err_key_scopes();
	return m.mr_err_other({ field: field ?? '?', message });
}

const SOURCES: Record<string, () => string> = {
	technician: m.mr_source_technician,
	customer: m.mr_source_customer,
	remote: m.mr_source_remote,
	estimated: m.mr_source_estimated
};
const KINDS: Record<string, () => string> = { normal: m.mr_kind_normal, rollover: m.mr_kind_rollover, replacement: m.mr_kind_replacement, correction: m.mr_kind_correction };
const STATUSES: Record<string, () => string> = { accepted: m.mr_status_accepted, review: m.mr_status_review, rejected: m.mr_status_rejected };

export function sourceLabel(source: string): string {
	return SOURCES[source]?.() ?? source;
}

export function kindLabel(kind: string): string {
	return KINDS[kind]?.() ?? kind;
}

export function statusLabel(status: string): string {
	return STATUSES[status]?.() ?? status;
}

export type ReviewReason = { reason: 'above_expected' | 'below_expected'; usage: number; expected: number; min: number; max: number; days: number };

/** Reads `above_expected usage=10000 expected=3000 min=1200 max=4800 days=30` (the stored review reason). */
export function parseReviewReason(text: string | null | undefined): ReviewReason | null {
	const match = /^(above_expected|below_expected) usage=(\d+) expected=(\d+) min=(\d+) max=(\d+) days=([\d.]+)$/.exec(text ?? '');
	if (!match) return null;
	return {
		reason: match[1] as ReviewReason['reason'],
		usage: Number(match[2]),
		expected: Number(match[3]),
		min: Number(match[4]),
		max: Number(match[5]),
		days: Number(match[6])
	};
}

export function reviewReasonLabel(text: string | null | undefined): string {
	const r = parseReviewReason(text);
	if (!r) return text ?? '';
	const args = { usage: n(r.usage), min: n(r.min), max: n(r.max), days: formatNumber(r.days, 1) };
	return r.reason === 'above_expected' ? m.mr_review_above(args) : m.mr_review_below(args);
}

/** "2026-03" -> "mar" (month), "mar 26" (short) or "marzo 2026" (long), in the user's language. */
export function monthLabel(yearMonth: string, style: 'month' | 'short' | 'long', locale: string): string {
	const [y, mo] = yearMonth.split('-').map(Number);
	const options: Intl.DateTimeFormatOptions =
		style === 'month' ? { month: 'short' } : style === 'short' ? { month: 'short', year: '2-digit' } : { month: 'long', year: 'numeric' };
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'it-IT', { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 15)));
}

export type ImportProblemView = { line: number; field: string; message: string; code?: string; params?: Record<string, string>; refusal?: Refusal };

const FIELDS: Record<string, () => string> = {
	serial: m.mr_field_serial,
	meterType: m.mr_field_meterType,
	value: m.mr_field_value,
	date: m.mr_field_date,
	readAt: m.mr_field_date,
	source: m.mr_field_source,
	kind: m.mr_field_kind,
	finalValue: m.mr_field_finalValue,
	previousMeterFinalValue: m.mr_field_finalValue,
	file: m.mr_field_file
};

export function importFieldLabel(field: string): string {
	return FIELDS[field]?.() ?? field;
}

/** One row problem of a readings import, in the user's language (the server's English text as a fallback). */
export function importProblemText(p: ImportProblemView): string {
	if (p.refusal) return refusalText(p.refusal);
	const a = p.params ?? {};
	switch (p.code) {
		case 'required':
			return m.mr_imp_required();
		case 'not_a_number':
			return m.mr_imp_not_a_number({ text: a.text ?? '' });
		case 'not_a_date':
			return m.mr_imp_not_a_date({ text: a.text ?? '' });
		case 'unknown_serial':
			return m.mr_imp_unknown_serial({ serial: a.serial ?? '' });
		case 'ambiguous_serial':
			return m.mr_imp_ambiguous_serial({ serial: a.serial ?? '', brands: a.brands ?? '' });
		case 'no_meter':
			return m.mr_imp_no_meter({ serial: a.serial ?? '', meter: a.meter ?? '' });
		case 'unknown_meter_type':
			return m.mr_imp_unknown_meter_type({ text: a.text ?? '' });
		case 'unknown_source':
			return m.mr_imp_unknown_source({ text: a.text ?? '' });
		case 'unknown_kind':
			return m.mr_imp_unknown_kind({ text: a.text ?? '' });
		case 'final_only_for_replacement':
			return m.mr_imp_final_only_replacement();
		case 'missing_column':
			return m.mr_imp_missing_column({ column: a.column ?? '' });
		case 'empty_file':
			return m.mr_imp_empty_file();
		default:
			return p.message;
	}
}
