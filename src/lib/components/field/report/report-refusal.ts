import { refusalText as readingRefusalText, type Refusal } from '$lib/components/readings/reading-text';
import { refusalText as fieldRefusalText } from '$lib/field/labels';
import * as m from '$lib/paraglide/messages';
import { formatDateTime, formatNumber } from '$lib/ui/format';
import { outcomeText } from './report-text';
import type { SentBody } from './report-form';

/** The server's answer to a refused report (errorBody, plus `refusal` for a reading). */
type RefusalBody = { error?: string; field?: string; message?: string; refusal?: Refusal } | null;

const FIELD_LABEL: Record<string, () => string> = {
	arrivedAt: m.rp_form_arrived,
	departedAt: m.rp_form_departed,
	workDone: m.rp_form_work,
	outcome: m.rp_form_outcome,
	labourMinutes: m.rp_form_labour,
	travelMinutes: m.rp_form_travel,
	parts: m.rp_form_parts,
	readings: m.rp_form_readings,
	photos: m.rp_form_photos,
	signerName: m.rp_form_signer,
	customerSignature: m.rp_form_customer_signature,
	technicianSignature: m.rp_form_technician_signature,
	correctionReason: m.rp_form_correction_reason
};

/** The form's label of an API field path ("parts.0.quantity" -> "Ricambi utilizzati"), or null. */
export function fieldLabel(field: string | undefined): string | null {
	const label = field ? FIELD_LABEL[field.split('.')[0]] : undefined;
	return label ? label() : null;
}

/** The office changed the call (cancelled, reassigned, closed): the report cannot go, whatever the form says. */
export function isOfficeChange(body: unknown): boolean {
	const b = body as RefusalBody;
	return !!b?.field?.startsWith('call.') || b?.error === 'forbidden' || b?.error === 'not_found';
}

/** Whether the report page still opens for this refusal (not when the call is no longer the technician's). */
export function canReopen(body: unknown): boolean {
	const b = body as RefusalBody;
	return !(b?.field === 'call.reassigned' || b?.error === 'forbidden' || b?.error === 'not_found');
}

/**
 * A refused report in the technician's words. The API speaks English; the phone never shows that:
 * it words the case the answer names (`field`, `error`), falling back to the HTTP status.
 */
export function reportRefusalText(body: unknown, status?: number | null): string {
	const b = body as RefusalBody;
	if (b?.refusal) return readingRefusalText(b.refusal);
	if (b?.field?.startsWith('call.')) return fieldRefusalText(b);
	if (b?.error === 'forbidden') return m.rp_refused_forbidden();
	if (b?.error === 'not_found') return m.rp_refused_not_found();
	if (b?.error === 'conflict' && b.field === 'correctionReason') return m.rp_refused_has_report();
	if (b?.error === 'conflict' && b.field === 'status') return m.rp_refused_not_on_site();
	if (b?.error === 'validation') return m.rp_refused_invalid({ field: fieldLabel(b.field) ?? b.field ?? '' });
	return m.rp_refused_other({ status: status ? String(status) : b?.error ?? '' });
}

/** The sent body, with the shapes of its lists as this summary reads them. */
type SentReport = Omit<SentBody, 'parts' | 'readings' | 'photos'> & {
	parts?: Array<{ description?: unknown; quantity?: unknown; code?: unknown }>;
	readings?: Array<{ meterType?: unknown; value?: unknown }>;
	photos?: unknown[];
};

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown, digits = 3) => (typeof v === 'number' ? formatNumber(v, digits) : str(v));
const when = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? formatDateTime(v) : str(v));

/**
 * What a report request holds, one readable line each: no data URLs (photos are counted, a
 * signature is "present"), for the refused item of the outbox list and for copying.
 */
export function reportSummary(body: unknown): string[] {
	const b = (body && typeof body === 'object' ? body : {}) as SentReport;
	const lines: string[] = [];
	if (str(b.correctionReason)) lines.push(m.rp_summary_correction({ reason: str(b.correctionReason) }));
	lines.push(m.rp_summary_times({ arrived: when(b.arrivedAt), departed: when(b.departedAt) }));
	lines.push(m.rp_summary_minutes({ labour: num(b.labourMinutes, 0), travel: num(b.travelMinutes, 0) }));
	lines.push(m.rp_summary_work({ text: str(b.workDone) }));
	if (str(b.outcome)) lines.push(m.rp_summary_outcome({ outcome: outcomeText(str(b.outcome)) }));
	const parts = Array.isArray(b.parts) ? b.parts : [];
	lines.push(
		parts.length
			? m.rp_summary_parts({
					parts: parts
						.map((p) => (str(p?.code) ? m.rp_summary_part_code({ quantity: num(p?.quantity), description: str(p?.description), code: str(p?.code) }) : m.rp_summary_part({ quantity: num(p?.quantity), description: str(p?.description) })))
						.join('; ')
				})
			: m.rp_summary_parts_none()
	);
	const readings = Array.isArray(b.readings) ? b.readings : [];
	lines.push(readings.length ? m.rp_summary_readings({ readings: readings.map((r) => m.rp_summary_reading({ meter: str(r?.meterType), value: num(r?.value, 0) })).join('; ') }) : m.rp_summary_readings_none());
	lines.push(m.rp_summary_photos({ count: String(Array.isArray(b.photos) ? b.photos.length : 0) }));
	lines.push(b.customerSignature ? m.rp_summary_signature({ name: str(b.signerName) }) : m.rp_summary_signature_none());
	if (b.technicianSignature) lines.push(m.rp_summary_technician_signature());
	return lines;
}
