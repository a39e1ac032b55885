import { Temporal } from 'temporal-polyfill';
import type { Outcome } from './report-text';

/** The phone form's state, as typed (strings), before it becomes the API body. */
export type PartLine = { key: string; description: string; quantity: string; code: string };
export type ReadingLine = { meterType: string; value: string };
export type ReportDraft = {
	arrivedAt: string; // datetime-local, company zone
	departedAt: string;
	workDone: string;
	outcome: Outcome | '';
	labourMinutes: string;
	travelMinutes: string;
	parts: PartLine[];
	readings: ReadingLine[];
	photos: string[]; // data URLs, already resized
	signerName: string;
	customerSignature: string | null; // PNG data URL
	technicianSignature: string | null;
	correctionReason: string;
};

/** Problems by field path (same paths as the API's `field`), each a message key with values. */
export type FieldProblem = { key: 'required' | 'min_chars' | 'whole_minutes' | 'before_arrival' | 'quantity' | 'whole_number' | 'signature' | 'bad_time'; values?: Record<string, string> };
export type Problems = Record<string, FieldProblem>;

const ZONE = 'Europe/Rome';

/** "2026-10-25T02:30" in Rome -> ISO instant (the autumn-back hour takes the earlier one); null when unreadable. */
export function romeLocalToIso(local: string): string | null {
	const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
	if (!match) return null;
	try {
		const dt = Temporal.PlainDateTime.from(`${match[1]}T${match[2]}:${match[3]}`, { overflow: 'reject' });
		return dt.toZonedDateTime(ZONE, { disambiguation: 'compatible' }).toInstant().toString();
	} catch {
		return null;
	}
}

/** An instant as a datetime-local value in Rome. */
export function isoToRomeLocal(iso: string | Date): string {
	const instant = Temporal.Instant.fromEpochMilliseconds(new Date(iso).getTime());
	return instant.toZonedDateTimeISO(ZONE).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/** Minutes between two datetime-local values (Rome), or null. DST-aware: the instants are compared. */
export function minutesBetween(from: string, to: string): number | null {
	const a = romeLocalToIso(from);
	const b = romeLocalToIso(to);
	if (!a || !b) return null;
	return Math.round((Date.parse(b) - Date.parse(a)) / 60_000);
}

/** Accepts "1", "1,5", "1.5"; null when not a positive number with at most 3 decimals. */
export function parseQuantity(text: string): number | null {
	const v = text.trim().replace(',', '.');
	if (!/^\d+(\.\d{1,3})?$/.test(v)) return null;
	const n = Number(v);
	return n > 0 ? n : null;
}

/** Accepts "12345", "12.345", "12 345" (Italian thousands); null when not a whole number. */
export function parseCount(text: string): number | null {
	const v = text.trim().replace(/[\s\u00a0']/g, '');
	if (/^\d{1,3}(\.\d{3})+$/.test(v)) return Number(v.replace(/\./g, ''));
	if (/^\d+$/.test(v)) return Number(v);
	return null;
}

function wholeMinutes(text: string): number | null {
	const v = text.trim();
	if (!/^\d+$/.test(v)) return null;
	const n = Number(v);
	return n <= 1440 ? n : null;
}

/** Checks the draft as the server will, so mistakes show next to their field before sending. */
export function checkDraft(d: ReportDraft, options: { correction: boolean }): Problems {
	const p: Problems = {};
	const arrived = romeLocalToIso(d.arrivedAt);
	const departed = romeLocalToIso(d.departedAt);
	if (!d.arrivedAt) p.arrivedAt = { key: 'required' };
	else if (!arrived) p.arrivedAt = { key: 'bad_time' };
	if (!d.departedAt) p.departedAt = { key: 'required' };
	else if (!departed) p.departedAt = { key: 'bad_time' };
	else if (arrived && Date.parse(departed) < Date.parse(arrived)) p.departedAt = { key: 'before_arrival' };
	if (d.workDone.trim().length < 3) p.workDone = { key: 'min_chars', values: { min: '3' } };
	if (!d.outcome) p.outcome = { key: 'required' };
	if (wholeMinutes(d.labourMinutes) === null) p.labourMinutes = { key: 'whole_minutes' };
	if (wholeMinutes(d.travelMinutes) === null) p.travelMinutes = { key: 'whole_minutes' };
	d.parts.forEach((line, i) => {
		if (!line.description.trim()) p[`parts.${i}.description`] = { key: 'required' };
		if (parseQuantity(line.quantity) === null) p[`parts.${i}.quantity`] = { key: 'quantity' };
	});
	d.readings.forEach((r, i) => {
		if (r.value.trim() !== '' && parseCount(r.value) === null) p[`readings.${i}.value`] = { key: 'whole_number' };
	});
	if (d.signerName.trim().length < 2) p.signerName = { key: 'min_chars', values: { min: '2' } };
	if (!d.customerSignature) p.customerSignature = { key: 'signature' };
	if (options.correction && d.correctionReason.trim().length < 3) p.correctionReason = { key: 'min_chars', values: { min: '3' } };
	return p;
}

/** The POST body (without clientId and deviceAt, which the outbox adds). Call after checkDraft found nothing. */
export function draftBody(d: ReportDraft, options: { correction: boolean }) {
	return {
		arrivedAt: romeLocalToIso(d.arrivedAt),
		departedAt: romeLocalToIso(d.departedAt),
		workDone: d.workDone.trim(),
		outcome: d.outcome,
		labourMinutes: Number(d.labourMinutes.trim()),
		travelMinutes: Number(d.travelMinutes.trim()),
		parts: d.parts.map((l) => ({ description: l.description.trim(), quantity: parseQuantity(l.quantity), code: l.code.trim() || null })),
		// A correction keeps the readings of the version it corrects.
		readings: options.correction ? [] : d.readings.filter((r) => r.value.trim() !== '').map((r) => ({ meterType: r.meterType, value: parseCount(r.value) })),
		photos: d.photos,
		signerName: d.signerName.trim(),
		customerSignature: d.customerSignature,
		technicianSignature: d.technicianSignature,
		...(options.correction ? { correctionReason: d.correctionReason.trim() } : {})
	};
}

/** A report body as sent (the outbox's copy), read defensively: it may come from an older app. */
export type SentBody = {
	arrivedAt?: unknown;
	departedAt?: unknown;
	workDone?: unknown;
	outcome?: unknown;
	labourMinutes?: unknown;
	travelMinutes?: unknown;
	parts?: unknown;
	readings?: unknown;
	photos?: unknown;
	signerName?: unknown;
	customerSignature?: unknown;
	technicianSignature?: unknown;
	correctionReason?: unknown;
};

const OUTCOME_VALUES: readonly Outcome[] = ['resolved', 'another_visit', 'needs_parts'];
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const imageOrNull = (v: unknown): string | null => (typeof v === 'string' && v.startsWith('data:image/') ? v : null);
const localOf = (v: unknown): string => {
	if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) return '';
	return isoToRomeLocal(v);
};

/**
 * The form's draft back from a body `draftBody` made (a refused report in the outbox), so the
 * technician gets the form as they filled it. `meterTypes`, when given, keeps one reading line per
 * meter of the unit in the form's order, with the sent values in place.
 */
export function bodyToDraft(body: unknown, meterTypes?: string[]): ReportDraft {
	const b = (body && typeof body === 'object' ? body : {}) as SentBody;
	const outcome = text(b.outcome);
	const parts = (Array.isArray(b.parts) ? b.parts : []).map((p: { description?: unknown; quantity?: unknown; code?: unknown }) => ({
		key: typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2),
		description: text(p?.description),
		quantity: text(p?.quantity).replace('.', ','),
		code: text(p?.code)
	}));
	const sent = (Array.isArray(b.readings) ? b.readings : []).map((r: { meterType?: unknown; value?: unknown }) => ({ meterType: text(r?.meterType), value: text(r?.value) })).filter((r) => r.meterType);
	const readings = meterTypes ? readingsForMeters(sent, meterTypes) : sent;
	return {
		arrivedAt: localOf(b.arrivedAt),
		departedAt: localOf(b.departedAt),
		workDone: text(b.workDone),
		outcome: (OUTCOME_VALUES as readonly string[]).includes(outcome) ? (outcome as Outcome) : '',
		labourMinutes: text(b.labourMinutes),
		travelMinutes: text(b.travelMinutes),
		parts,
		readings,
		photos: (Array.isArray(b.photos) ? b.photos : []).map(imageOrNull).filter((p): p is string => !!p),
		signerName: text(b.signerName),
		customerSignature: imageOrNull(b.customerSignature),
		technicianSignature: imageOrNull(b.technicianSignature),
		correctionReason: text(b.correctionReason)
	};
}

/** One reading line per meter of the unit, in the form's order, keeping values already typed (and lines of meters no longer listed). */
export function readingsForMeters(readings: ReadingLine[], meterTypes: string[]): ReadingLine[] {
	return [...meterTypes.map((meterType) => ({ meterType, value: readings.find((r) => r.meterType === meterType)?.value ?? '' })), ...readings.filter((r) => !meterTypes.includes(r.meterType))];
}
