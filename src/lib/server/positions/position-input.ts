import { z } from 'zod';
import { ValidationError } from '../errors';
import type { PositionSource } from '../db/schema';

/** How far ahead of the server's clock a device's time may be (phones drift; more is a bug). */
export const MAX_FUTURE_MS = 2 * 60_000;

export type PositionFix = {
	lat: number;
	lng: number;
	accuracy: number | null;
	heading: number | null;
	speed: number | null;
	recordedAt: Date;
};

const num = (field: string) => z.number({ message: `${field} must be a number` }).refine(Number.isFinite, `${field} must be a finite number`);
const optional = (schema: z.ZodType<number>) => schema.nullish().transform((v) => v ?? null);

const fixInput = z.object({
	lat: num('lat').min(-90, 'lat must be between -90 and 90').max(90, 'lat must be between -90 and 90'),
	lng: num('lng').min(-180, 'lng must be between -180 and 180').max(180, 'lng must be between -180 and 180'),
	accuracy: optional(num('accuracy').min(0, 'accuracy must be 0 or more metres')),
	heading: optional(num('heading').min(0, 'heading must be between 0 and 360 degrees').max(360, 'heading must be between 0 and 360 degrees')),
	speed: optional(num('speed').min(0, 'speed must be 0 or more (m/s)')),
	recordedAt: z.union([z.iso.datetime({ offset: true, message: 'recordedAt must be an ISO date-time with offset' }), z.date()], {
		message: 'recordedAt must be an ISO date-time with offset'
	})
});

/**
 * Validates one position fix (speed in m/s, heading in degrees, accuracy in metres): ranges, and
 * recordedAt neither more than 2 minutes ahead of `now` nor older than the retention period
 * (history that old is already dropped). Errors name the field.
 */
export function parsePositionFix(input: unknown, now: Date, retentionDays: number): PositionFix {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError('body', 'expected an object');
	const result = fixInput.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	const v = result.data;
	const recordedAt = v.recordedAt instanceof Date ? v.recordedAt : new Date(v.recordedAt);
	if (Number.isNaN(recordedAt.getTime())) throw new ValidationError('recordedAt', 'recordedAt is not a real date');
	if (recordedAt.getTime() > now.getTime() + MAX_FUTURE_MS) throw new ValidationError('recordedAt', 'recordedAt is more than 2 minutes in the future: check the device clock');
	if (recordedAt.getTime() < now.getTime() - retentionDays * 86_400_000) {
		throw new ValidationError('recordedAt', `recordedAt is older than the ${retentionDays}-day position retention`);
	}
	return { lat: v.lat, lng: v.lng, accuracy: v.accuracy, heading: v.heading, speed: v.speed, recordedAt };
}

export const INTEGRATION_SOURCES = ['phone', 'vehicle'] as const satisfies readonly PositionSource[];
