import { z } from 'zod';
import { countingSeries, effectiveKind, inheritedFinalValue, type StoredReading } from '$lib/domain/meter-usage';
import { checkReading, fitsBefore, type CandidateReading } from '$lib/domain/reading-check';
import { serialKey } from '$lib/domain/serial';
import type { ApiKeyPrincipal } from '../auth/api-keys.service';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { READING_STATUSES } from '../db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { pageOf, pageRequest } from '../pagination';
import { isUniqueViolation } from '../db/pg-errors';
import { readingInput, reviewInput, type ReadingInput } from './reading-input';
import * as queries from './readings.queries';
import { refusalMessage, refusedError, reviewReasonText, ReadingRefusedError } from './refusal';

/** Who records a reading: a signed-in user, or a collector holding an API key. */
export type Principal = { kind: 'user'; actor: Actor } | { kind: 'apiKey'; key: ApiKeyPrincipal };

export function principalOf(user: Actor | null | undefined, apiKey: ApiKeyPrincipal | null | undefined): Principal | null {
	if (apiKey) return { kind: 'apiKey', key: apiKey };
	if (user) return { kind: 'user', actor: user };
	return null;
}

function authorizeWriter(principal: Principal | null): asserts principal is Principal {
	if (!principal) throw new ForbiddenError();
	if (principal.kind === 'user') authorize(principal.actor, 'readings.write');
	else if (!principal.key.scopes.includes('meter-readings')) throw new ForbiddenError('the key lacks scope meter-readings');
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

const isUuid = (id: string) => z.uuid().safeParse(id).success;

export type ReadingDto = {
	id: string;
	meterId: string;
	equipmentId: string;
	meterType: string;
	value: number;
	readAt: Date;
	source: queries.ReadingRow['source'];
	kind: queries.ReadingRow['kind'];
	status: queries.ReadingRow['status'];
	validForBilling: boolean;
	previousMeterFinalValue: number | null;
	correctsReadingId: string | null;
	reason: string | null;
	reviewReason: string | null;
	clientId: string | null;
	enteredBy: string | null;
	apiKeyId: string | null;
	reviewedBy: string | null;
	reviewedAt: Date | null;
	createdAt: Date;
};

function toDto(row: queries.ReadingRow, meter: { equipmentId: string; meterType: string }): ReadingDto {
	return {
		id: row.id,
		meterId: row.meterId,
		equipmentId: meter.equipmentId,
		meterType: meter.meterType,
		value: row.value,
		readAt: row.readAt,
		source: row.source,
		kind: row.kind,
		status: row.status,
		validForBilling: row.validForBilling,
		previousMeterFinalValue: row.previousMeterFinalValue ?? null,
		correctsReadingId: row.correctsReadingId ?? null,
		reason: row.reason ?? null,
		reviewReason: row.reviewReason ?? null,
		clientId: row.clientId ?? null,
		enteredBy: row.enteredBy ?? null,
		apiKeyId: row.apiKeyId ?? null,
		reviewedBy: row.reviewedBy ?? null,
		reviewedAt: row.reviewedAt ?? null,
		createdAt: row.createdAt
	};
}

export type RecordResult = { reading: ReadingDto; duplicate: boolean };

type ResolvedMeter = { id: string; equipmentId: string; meterType: string; serialNumber: string };

/** The meter a reading is for, from the unit's id or serial (plus brand when a serial is shared) and the meter type. */
async function resolveMeter(database: Db, data: ReadingInput): Promise<ResolvedMeter> {
	let unit: { id: string; serialNumber: string };
	if (data.equipmentId) {
		const found = await queries.findEquipmentHeader(database, data.equipmentId);
		if (!found) throw new NotFoundError('equipment not found');
		unit = found;
	} else if (data.serial) {
		const brand = data.brand?.toLowerCase();
		const units = (await queries.findEquipmentBySerialKeys(database, [serialKey(data.serial)])).filter((u) => !brand || u.brand.toLowerCase() === brand);
		if (units.length === 0) throw new NotFoundError(`no unit with serial ${data.serial}${data.brand ? ` and brand ${data.brand}` : ''}`);
		if (units.length > 1) {
			throw new ValidationError('serial', `serial ${data.serial} belongs to units of several brands (${units.map((u) => u.brand).join(', ')}); send brand or equipmentId`);
		}
		unit = units[0];
	} else {
		throw new ValidationError('equipmentId', 'send equipmentId or serial');
	}
	if (!data.meterType) throw new ValidationError('meterType', 'required');
	const meters = await queries.listMetersOf(database, [unit.id]);
	const meter = meters.find((m) => m.meterType === data.meterType);
	if (!meter) {
		const has = meters.map((m) => m.meterType).join(', ') || 'none';
		throw new ValidationError('meterType', `unit ${unit.serialNumber} has no "${data.meterType}" meter (it has: ${has})`);
	}
	return { id: meter.id, equipmentId: unit.id, meterType: meter.meterType, serialNumber: unit.serialNumber };
}

/** A client id seen before: the same reading again is answered with the stored one; anything else is a clash. */
function replayOrConflict(existing: queries.ReadingRow, meter: Omit<ResolvedMeter, 'serialNumber'>, value: number, readAt: Date | null): RecordResult {
	const same = existing.meterId === meter.id && existing.value === value && (readAt === null || existing.readAt.getTime() === readAt.getTime());
	if (!same) throw new ConflictError('clientId', 'clientId was already used for a different reading');
	return { reading: toDto(existing, meter), duplicate: true };
}

/**
 * Records a reading. Accepted or sent to review as the check decides; a refused reading is a 400
 * naming the previous value. A correction (kind 'correction') is a new reading that replaces an
 * earlier one; readings are never edited or deleted. A client id makes retries harmless.
 */
export async function recordReading(principal: Principal | null, input: unknown, ip: string | null = null, now = new Date()): Promise<RecordResult> {
	authorizeWriter(principal);
	const data = parse(readingInput, input);
	if (data.kind === 'correction') {
		if (principal.kind !== 'user') throw new ForbiddenError('a collector cannot correct readings');
		return correctReading(principal.actor, data, ip, now);
	}
	if (data.correctsReadingId) throw new ValidationError('correctsReadingId', 'only a correction names the reading it corrects');
	if (data.kind !== 'replacement' && data.previousMeterFinalValue != null) {
		throw new ValidationError('previousMeterFinalValue', "only a meter replacement has the old meter's final value");
	}
	let source = data.source;
	if (principal.kind === 'apiKey') {
		if (source && source !== 'remote') throw new ValidationError('source', 'a collector (API key) sends remote readings only');
		source = 'remote';
	} else if (!source) throw new ValidationError('source', 'required');
	if (!data.readAt) throw new ValidationError('readAt', 'required');
	const readAt = new Date(data.readAt);
	const who = principal.kind === 'apiKey' ? { apiKeyId: principal.key.id, enteredBy: null } : { apiKeyId: null, enteredBy: principal.actor.id };

	const meter = await resolveMeter(db(), data);
	if (data.clientId) {
		const existing = await queries.findReadingByClientId(db(), who, data.clientId);
		if (existing) return replayOrConflict(existing, meter, data.value, readAt);
	}
	const candidate: CandidateReading = { value: data.value, readAt, kind: data.kind, previousMeterFinalValue: data.previousMeterFinalValue ?? null };
	try {
		return await db().transaction(async (tx) => {
			const [locked] = await queries.lockMeters(tx, [meter.id]);
			if (!locked) throw new NotFoundError('meter not found');
			// Sessions have no unique index on client ids: the meter lock makes this check race-free for them.
			if (data.clientId) {
				const existing = await queries.findReadingByClientId(tx, who, data.clientId);
				if (existing) return replayOrConflict(existing, meter, data.value, readAt);
			}
			const rows = await queries.readingsOfMeters(tx, [meter.id]);
			const result = checkReading(countingSeries(rows), candidate, { maxValue: locked.maxValue, now });
			if (result.outcome === 'refuse') throw refusedError(result.reason, candidate, result.previous, locked.maxValue);
			const row: queries.NewReadingRow = {
				id: uuidv7(),
				meterId: meter.id,
				value: data.value,
				readAt,
				source,
				kind: data.kind,
				previousMeterFinalValue: candidate.previousMeterFinalValue,
				validForBilling: data.validForBilling ?? source !== 'estimated',
				status: result.outcome === 'review' ? 'review' : 'accepted',
				reviewReason: result.outcome === 'review' ? reviewReasonText(result.reason, result.usage, result.expected) : null,
				enteredBy: who.enteredBy,
				apiKeyId: who.apiKeyId,
				clientId: data.clientId ?? null,
				createdAt: now
			};
			await queries.insertReadings(tx, [row]);
			return { reading: toDto(row as queries.ReadingRow, meter), duplicate: false };
		});
	} catch (error) {
		if (data.clientId && isUniqueViolation(error, 'meter_readings_client_uq')) {
			const existing = await queries.findReadingByClientId(db(), who, data.clientId);
			if (existing) return replayOrConflict(existing, meter, data.value, readAt);
		}
		throw error;
	}
}

async function correctReading(actor: Actor, data: ReadingInput, ip: string | null, now: Date): Promise<RecordResult> {
	if (!data.correctsReadingId) throw new ValidationError('correctsReadingId', 'a correction names the reading it corrects');
	if (!data.reason || data.reason.length < 3) throw new ValidationError('reason', 'a correction needs a reason');
	const target = await queries.findReadingById(db(), data.correctsReadingId);
	if (!target) throw new NotFoundError('reading to correct not found');
	const who = { apiKeyId: null, enteredBy: actor.id };
	return db().transaction(async (tx) => {
		const [meter] = await queries.lockMeters(tx, [target.meterId]);
		const owner = { equipmentId: meter.equipmentId, meterType: meter.meterType };
		if (data.clientId) {
			const existing = await queries.findReadingByClientId(tx, who, data.clientId);
			if (existing) return replayOrConflict(existing, meter, data.value, data.readAt ? new Date(data.readAt) : null);
		}
		const rows = await queries.readingsOfMeters(tx, [meter.id]);
		const current = rows.find((r) => r.id === target.id)!;
		if (current.status === 'rejected') throw new ConflictError('correctsReadingId', 'a rejected reading does not count; record a new reading instead');
		const already = rows.find((r) => r.kind === 'correction' && r.status === 'accepted' && r.correctsReadingId === current.id);
		if (already) throw new ConflictError('correctsReadingId', `this reading was already corrected by ${already.id}; correct that one instead`);
		const byId = new Map<string, StoredReading>(rows.map((r) => [r.id, r]));
		const kind = effectiveKind(current, byId);
		if (kind !== 'replacement' && data.previousMeterFinalValue != null) {
			throw new ValidationError('previousMeterFinalValue', "only a meter replacement has the old meter's final value");
		}
		const series = countingSeries(rows).filter((s) => s.reading.id !== current.id);
		const candidate: CandidateReading = {
			value: data.value,
			readAt: data.readAt ? new Date(data.readAt) : current.readAt,
			kind,
			previousMeterFinalValue: kind === 'replacement' ? (data.previousMeterFinalValue ?? inheritedFinalValue(current, byId)) : null
		};
		const t = candidate.readAt.getTime();
		const result = checkReading(
			series.filter((s) => s.readAt.getTime() <= t),
			candidate,
			{ maxValue: meter.maxValue, now, skipVolumeCheck: true }
		);
		if (result.outcome === 'refuse') throw refusedError(result.reason, candidate, result.previous, meter.maxValue);
		const next = series.find((s) => s.readAt.getTime() > t);
		if (next) {
			const fit = fitsBefore(candidate, next, { maxValue: meter.maxValue });
			if (fit.outcome === 'refuse') throw refusedError('above_next', candidate, next, meter.maxValue);
		}
		const row: queries.NewReadingRow = {
			id: uuidv7(),
			meterId: meter.id,
			value: candidate.value,
			readAt: candidate.readAt,
			source: data.source ?? current.source,
			kind: 'correction',
			previousMeterFinalValue: candidate.previousMeterFinalValue,
			validForBilling: data.validForBilling ?? current.validForBilling,
			status: 'accepted',
			correctsReadingId: current.id,
			reason: data.reason,
			enteredBy: actor.id,
			clientId: data.clientId ?? null,
			createdAt: now
		};
		await queries.insertReadings(tx, [row]);
		await audit(
			{
				action: 'meter-reading.correct',
				actorUserId: actor.id,
				subject: row.id,
				ip,
				details: { corrects: current.id, meterId: meter.id, from: current.value, to: candidate.value, reason: data.reason }
			},
			tx
		);
		return { reading: toDto(row as queries.ReadingRow, owner), duplicate: false };
	});
}

/** Approves (the reading starts counting) or rejects a reading waiting in the review queue. */
export async function reviewReading(actor: Actor | null | undefined, id: string, input: unknown, ip: string | null = null, now = new Date()): Promise<ReadingDto> {
	authorize(actor, 'readings.review');
	const data = parse(reviewInput, input);
	if (!isUuid(id)) throw new NotFoundError('reading not found');
	const target = await queries.findReadingById(db(), id);
	if (!target) throw new NotFoundError('reading not found');
	return db().transaction(async (tx) => {
		const [meter] = await queries.lockMeters(tx, [target.meterId]);
		const rows = await queries.readingsOfMeters(tx, [meter.id]);
		const current = rows.find((r) => r.id === id)!;
		if (current.status !== 'review') throw new ConflictError('decision', `the reading is not waiting for review (it is ${current.status})`);
		if (rows.some((r) => r.kind === 'correction' && r.status === 'accepted' && r.correctsReadingId === id)) {
			throw new ConflictError('decision', 'the reading was corrected; the correction counts instead');
		}
		if (data.decision === 'approve') {
			const series = countingSeries(rows);
			const candidate: CandidateReading = { value: current.value, readAt: current.readAt, kind: effectiveKind(current, new Map(rows.map((r) => [r.id, r]))), previousMeterFinalValue: current.previousMeterFinalValue };
			const t = current.readAt.getTime();
			const result = checkReading(
				series.filter((s) => s.readAt.getTime() <= t),
				candidate,
				{ maxValue: meter.maxValue, skipVolumeCheck: true }
			);
			let refusal: ReadingRefusedError | null = result.outcome === 'refuse' ? refusedError(result.reason, candidate, result.previous, meter.maxValue) : null;
			const next = series.find((s) => s.readAt.getTime() > t);
			if (!refusal && next && fitsBefore(candidate, next, { maxValue: meter.maxValue }).outcome === 'refuse') refusal = refusedError('above_next', candidate, next, meter.maxValue);
			if (refusal) throw new ConflictError('decision', `cannot approve: ${refusalMessage(refusal.reason, refusal.params)}`);
		}
		const status = data.decision === 'approve' ? 'accepted' : 'rejected';
		if (!(await queries.setReviewOutcome(tx, id, status, actor.id, now))) throw new ConflictError('decision', 'the reading is not waiting for review');
		await audit(
			{ action: `meter-reading.${data.decision}`, actorUserId: actor.id, subject: id, ip, details: { meterId: meter.id, value: current.value, note: data.note ?? null, reviewReason: current.reviewReason } },
			tx
		);
		return toDto({ ...current, status, reviewedBy: actor.id, reviewedAt: now }, meter);
	});
}

const listFilters = z.object({
	equipmentId: z.uuid({ message: 'invalid equipment id' }).optional(),
	meterType: z.string().trim().min(1).max(40).optional(),
	status: z.enum(READING_STATUSES, { message: `must be one of ${READING_STATUSES.join(', ')}` }).optional()
});

/**
 * Readings, newest first, filtered by unit, meter type and status. `status=review` lists the
 * queue: readings waiting for a decision that no correction has replaced.
 */
export async function listReadings(actor: Actor | null | undefined, params: URLSearchParams) {
	authorize(actor, 'equipment.read');
	const filters = parse(listFilters, {
		equipmentId: params.get('equipmentId') || undefined,
		meterType: params.get('meterType') || undefined,
		status: params.get('status') || undefined
	});
	const page = pageRequest(params);
	const { items, total } = await queries.listReadings(db(), { ...filters, uncorrected: filters.status === 'review' }, { limit: page.pageSize, offset: page.offset });
	return pageOf(items, total, page);
}
