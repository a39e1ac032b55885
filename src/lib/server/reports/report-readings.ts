import { countingSeries } from '$lib/domain/meter-usage';
import { checkReading, type CandidateReading } from '$lib/domain/reading-check';
import type { Db } from '../db/client';
import { ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import * as readingQueries from '../readings/readings.queries';
import { refusedError, reviewReasonText, type RefusalParams } from '../readings/refusal';
import type { ReportInput } from './report-input';

/** A reading of the report the installed-base rules refused: a 400 naming `readings.<i>.<field>`. */
export class ReportReadingRefusedError extends ValidationError {
	constructor(
		field: string,
		message: string,
		readonly reason: string,
		readonly params: RefusalParams
	) {
		super(field, message);
	}
}

/**
 * Records the report's readings inside the report's transaction with the same checks the
 * readings service applies (domain `checkReading` over the meter's counting series, under the
 * meter lock), so the report and its readings are stored together or not at all.
 */
export async function recordReportReadings(
	tx: Db,
	input: { equipmentId: string | null; readings: ReportInput['readings']; readAt: Date; userId: string; clientId: string; now: Date }
): Promise<string[]> {
	if (input.readings.length === 0) return [];
	if (!input.equipmentId) throw new ValidationError('readings', 'this call has no unit to take readings of');
	const meters = await readingQueries.listMetersOf(tx, [input.equipmentId]);
	const seen = new Set<string>();
	const chosen = input.readings.map((r, i) => {
		const meter = meters.find((m) => m.meterType === r.meterType);
		if (!meter) throw new ValidationError(`readings.${i}.meterType`, `the unit has no "${r.meterType}" meter (it has: ${meters.map((m) => m.meterType).join(', ') || 'none'})`);
		if (seen.has(meter.id)) throw new ValidationError(`readings.${i}.meterType`, 'one reading per meter');
		seen.add(meter.id);
		return meter;
	});
	const locked = new Map((await readingQueries.lockMeters(tx, [...seen])).map((m) => [m.id, m]));
	const existing = await readingQueries.readingsOfMeters(tx, [...seen]);
	const rows: readingQueries.NewReadingRow[] = input.readings.map((r, i) => {
		const meter = locked.get(chosen[i].id)!;
		const candidate: CandidateReading = { value: r.value, readAt: input.readAt, kind: r.kind, previousMeterFinalValue: r.previousMeterFinalValue ?? null };
		const result = checkReading(
			countingSeries(existing.filter((e) => e.meterId === meter.id)),
			candidate,
			{ maxValue: meter.maxValue, now: input.now }
		);
		if (result.outcome === 'refuse') {
			const refused = refusedError(result.reason, candidate, result.previous, meter.maxValue);
			throw new ReportReadingRefusedError(`readings.${i}.${refused.field}`, refused.message, refused.reason, refused.params);
		}
		return {
			id: uuidv7(),
			meterId: meter.id,
			value: r.value,
			readAt: input.readAt,
			source: 'technician',
			kind: r.kind,
			previousMeterFinalValue: candidate.previousMeterFinalValue,
			validForBilling: true,
			status: result.outcome === 'review' ? 'review' : 'accepted',
			reviewReason: result.outcome === 'review' ? reviewReasonText(result.reason, result.usage, result.expected) : null,
			enteredBy: input.userId,
			apiKeyId: null,
			clientId: `${input.clientId}#reading-${i}`,
			createdAt: input.now
		};
	});
	await readingQueries.insertReadings(tx, rows);
	return rows.map((r) => r.id!);
}
