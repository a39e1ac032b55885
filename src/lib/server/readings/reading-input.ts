import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { READING_KINDS, READING_SOURCES } from '../db/schema';

const ZONE = 'Europe/Rome';
const count = z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(Number.MAX_SAFE_INTEGER, 'too large');

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
function validInstant(v: string): boolean {
	try {
		Temporal.Instant.from(v);
		return true;
	} catch {
		return false;
	}
}
const isoInstant = z
	.string({ message: 'must be an ISO date-time with a zone, e.g. 2026-10-01T09:30:00+02:00' })
	.refine((v) => ISO_INSTANT.test(v) && validInstant(v), 'must be an ISO date-time with a zone, e.g. 2026-10-01T09:30:00+02:00');

/** What POST /api/meter-readings and the equipment page send. */
export const readingInput = z
	.object({
		equipmentId: z.uuid({ message: 'invalid equipment id' }).optional(),
		serial: z.string().trim().min(1, 'required').max(100).optional(),
		/** Only needed when the same serial exists for two brands. */
		brand: z.string().trim().min(1).max(100).optional(),
		meterType: z.string().trim().min(1, 'required').max(40).optional(),
		value: count,
		readAt: isoInstant.optional(),
		source: z.enum(READING_SOURCES, { message: `must be one of ${READING_SOURCES.join(', ')}` }).optional(),
		kind: z.enum(READING_KINDS, { message: `must be one of ${READING_KINDS.join(', ')}` }).default('normal'),
		previousMeterFinalValue: count.nullish(),
		validForBilling: z.boolean({ message: 'must be true or false' }).optional(),
		correctsReadingId: z.uuid({ message: 'invalid reading id' }).optional(),
		reason: z.string().trim().max(500, 'at most 500 characters').optional(),
		clientId: z.string().trim().min(1, 'required').max(200, 'at most 200 characters').optional()
	})
	.strict();
export type ReadingInput = z.infer<typeof readingInput>;

export const reviewInput = z
	.object({
		decision: z.enum(['approve', 'reject'], { message: 'must be approve or reject' }),
		note: z.string().trim().max(500, 'at most 500 characters').optional()
	})
	.strict();

/**
 * A counter as people type it: "12345", "12.345" or "12 345" (Italian thousands), "12345,0".
 * Null when empty, NaN when not a whole number.
 */
export function parseCount(text: string): number | null {
	const v = text.trim().replace(/[\s\u00a0']/g, '');
	if (v === '') return null;
	if (/^\d{1,3}(\.\d{3})+(,0+)?$/.test(v)) return Number(v.replace(/\./g, '').replace(/,0+$/, ''));
	if (/^\d+(,0+|\.0+)?$/.test(v)) return Number(v.replace(/[,.]0+$/, ''));
	return NaN;
}

/** A wall-clock time in Rome ("2026-10-01T09:30" from a datetime-local input) -> ISO instant; null when unreadable. */
export function romeLocalToIso(local: string): string | null {
	const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
	if (!match) return null;
	try {
		const date = Temporal.PlainDate.from(match[1], { overflow: 'reject' });
		const time = Temporal.PlainTime.from({ hour: Number(match[2]), minute: Number(match[3]), second: Number(match[4] ?? 0) }, { overflow: 'reject' });
		// In the spring gap (02:30 does not exist) 'compatible' moves forward, as a wall clock does.
		return date.toZonedDateTime({ timeZone: ZONE, plainTime: time }).toInstant().toString();
	} catch {
		return null;
	}
}

/** "2026-10-01" + optional "09:30" (Rome) -> ISO; a date without a time is taken at noon. */
export function romeDateTimeToIso(date: string, time: string | null): string | null {
	return romeLocalToIso(`${date}T${time ?? '12:00'}`);
}

/** The ISO instant as a datetime-local value in Rome ("2026-10-01T09:30"). */
export function isoToRomeLocal(iso: string | Date): string {
	const instant = Temporal.Instant.fromEpochMilliseconds(new Date(iso).getTime());
	return instant.toZonedDateTimeISO(ZONE).toPlainDateTime().toString({ smallestUnit: 'minute' });
}
