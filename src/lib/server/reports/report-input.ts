import { z } from 'zod';
import { REPORT_OUTCOMES } from '../db/schema';
import { ValidationError } from '../errors';

/** Limits: the phone resizes photos to ~1600 px JPEG (200-500 KB); these only stop abuse. */
export const MAX_PHOTOS = 6;
export const MAX_PHOTO_BYTES = 1_000_000;
export const MAX_SIGNATURE_BYTES = 300_000;
export const MAX_PARTS = 50;
export const MAX_READINGS = 10;

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO date-time with offset' }).transform((v) => new Date(v));
const minutes = z.number({ message: 'must be a number of minutes' }).int('must be whole minutes').min(0, 'must be 0 or more').max(24 * 60, 'at most 1440 minutes');
const dataUrl = z.string({ message: 'must be an image (data URL)' }).max(2_000_000, 'image too large');

export const reportInput = z
	.object({
		clientId: z.string({ message: 'required' }).trim().min(8, 'must be at least 8 characters').max(100, 'at most 100 characters'),
		deviceAt: instant.optional(),
		arrivedAt: instant,
		departedAt: instant,
		workDone: z.string({ message: 'required' }).trim().min(3, 'describe the work (at least 3 characters)').max(8000, 'at most 8000 characters'),
		outcome: z.enum(REPORT_OUTCOMES, { message: `must be one of ${REPORT_OUTCOMES.join(', ')}` }),
		labourMinutes: minutes,
		travelMinutes: minutes,
		parts: z
			.array(
				z.object({
					description: z.string({ message: 'required' }).trim().min(1, 'required').max(300, 'at most 300 characters'),
					quantity: z.number({ message: 'must be a number' }).positive('must be more than 0').max(100_000, 'too large').multipleOf(0.001, 'at most 3 decimals'),
					code: z.string().trim().max(60, 'at most 60 characters').nullish()
				})
			)
			.max(MAX_PARTS, `at most ${MAX_PARTS} lines`)
			.default([]),
		readings: z
			.array(
				z.object({
					meterType: z.string({ message: 'required' }).trim().min(1, 'required').max(40),
					value: z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(Number.MAX_SAFE_INTEGER, 'too large'),
					kind: z.enum(['normal', 'rollover', 'replacement'], { message: 'must be normal, rollover or replacement' }).default('normal'),
					previousMeterFinalValue: z.number().int().min(0).nullish()
				})
			)
			.max(MAX_READINGS, `at most ${MAX_READINGS} readings`)
			.default([]),
		photos: z.array(dataUrl).max(MAX_PHOTOS, `at most ${MAX_PHOTOS} photos`).default([]),
		signerName: z.string({ message: 'required' }).trim().min(2, 'the signer’s name is required').max(200, 'at most 200 characters'),
		customerSignature: dataUrl,
		technicianSignature: dataUrl.nullish(),
		/** Present on a correction: why the signed report is being replaced by a new version. */
		correctionReason: z.string().trim().min(3, 'give a reason (at least 3 characters)').max(1000, 'at most 1000 characters').nullish()
	})
	.strict()
	.refine((v) => v.departedAt.getTime() >= v.arrivedAt.getTime(), { path: ['departedAt'], message: 'must not be before the arrival' });

export type ReportInput = z.infer<typeof reportInput>;

export function parseReportInput(input: unknown): ReportInput {
	const result = reportInput.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

export type Image = { contentType: 'image/jpeg' | 'image/png'; bytes: Uint8Array };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * A data URL to bytes, checking the real type by its magic bytes (the declared type is only a
 * claim) and the size. `allowed` restricts the types (signatures are PNG only).
 */
export function decodeImage(field: string, value: string, allowed: Array<Image['contentType']>, maxBytes: number): Image {
	const match = /^data:(image\/(?:png|jpeg));base64,([A-Za-z0-9+/=\s]+)$/.exec(value);
	if (!match) throw new ValidationError(field, `must be a ${allowed.map((t) => t.slice(6).toUpperCase()).join(' or ')} image`);
	const bytes = new Uint8Array(Buffer.from(match[2], 'base64'));
	const contentType = startsWith(bytes, PNG) ? 'image/png' : startsWith(bytes, JPEG) ? 'image/jpeg' : null;
	if (!contentType || !allowed.includes(contentType)) throw new ValidationError(field, `must be a ${allowed.map((t) => t.slice(6).toUpperCase()).join(' or ')} image`);
	if (bytes.byteLength > maxBytes) throw new ValidationError(field, `image too large (at most ${Math.round(maxBytes / 1000)} KB)`);
	return { contentType, bytes };
}
