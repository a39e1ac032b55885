import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { normalizeWeeklyHours, weeklyHoursProblem, type WeeklyHours } from '$lib/domain/business-time';
import { PATRON_SCOPES, PRIORITIES } from '../db/schema/contracts';
import { NotFoundError, ValidationError } from '../errors';

/**
 * Input rules for calendars, closures, patron days and SLA levels. Messages are stable English
 * sentences: the API returns them as they are and the settings pages translate them.
 */
export const MSG = {
	required: 'required',
	tooLong: 'too long',
	unknownZone: 'unknown time zone',
	badClock: 'invalid time (HH:MM)',
	badDate: 'invalid date (YYYY-MM-DD)',
	badDateTime: 'invalid date-time (ISO 8601)',
	badCode: 'letters, digits, - and _ only',
	unknownCalendar: 'unknown calendar',
	wholeNumber: 'must be a whole number',
	positive: 'must be positive',
	tooLarge: 'too large',
	onsiteBelowAck: 'must not be less than acknowledgement',
	resolutionBelowOnsite: 'must not be less than on-site',
	keepDefault: 'one level must stay the default: make another level the default instead',
	unknownComune: 'unknown comune',
	unknownProvince: 'unknown province',
	comuneOrProvince: 'give a comune or a province',
	notBoth: 'give a comune or a province, not both',
	badDay: 'no such day in that month',
	badMonth: 'month must be 1-12',
	badPriority: 'invalid priority',
	badScope: 'invalid patron scope',
	calendarInUse: 'the calendar is used by SLA levels',
	levelInUse: 'the level is used by contracts',
	deleteDefault: 'the default level cannot be deleted: make another level the default first'
} as const;

/** Largest target accepted: about eight years of an 8-hour working day. */
export const MAX_TARGET_MINUTES = 1_000_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}

/** A malformed id can never name a row: 404 like an unknown one. */
export function requireId(value: unknown, what: string): string {
	if (!isUuid(value)) throw new NotFoundError(`${what} not found`);
	return value.toLowerCase();
}

export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError('body', 'body must be a JSON object');
	const result = schema.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

export function isTimeZone(zone: string): boolean {
	try {
		Temporal.Now.instant().toZonedDateTimeISO(zone);
		return true;
	} catch {
		return false;
	}
}

export function isIsoDay(value: string): boolean {
	if (!ISO_DAY.test(value)) return false;
	try {
		Temporal.PlainDate.from(value);
		return true;
	} catch {
		return false;
	}
}

const name = z.string({ message: MSG.required }).trim().min(1, MSG.required).max(120, MSG.tooLong);

const weeklyHours = z.unknown().transform((value, ctx) => {
	const problem = weeklyHoursProblem(value);
	if (problem) {
		ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path ? problem.path.split('.') : [] });
		return z.NEVER;
	}
	return normalizeWeeklyHours(value as WeeklyHours);
});

const cutoffTime = z
	.union([z.string(), z.null()], { message: MSG.badClock })
	.transform((v) => (typeof v === 'string' && v.trim() === '' ? null : v === null ? null : v.trim()))
	.refine((v) => v === null || CLOCK.test(v), MSG.badClock);

const timeZone = z.string({ message: MSG.unknownZone }).trim().refine(isTimeZone, MSG.unknownZone);

export const calendarCreateInput = z.object({
	name,
	timeZone: timeZone.default('Europe/Rome'),
	weeklyHours,
	cutoffTime: cutoffTime.optional().default(null),
	nationalHolidays: z.boolean({ message: 'must be true or false' }).default(true),
	patronScope: z.enum(PATRON_SCOPES, { message: MSG.badScope }).default('comune')
});

export const calendarUpdateInput = z.object({
	name: name.optional(),
	timeZone: timeZone.optional(),
	weeklyHours: weeklyHours.optional(),
	cutoffTime: cutoffTime.optional(),
	nationalHolidays: z.boolean({ message: 'must be true or false' }).optional(),
	patronScope: z.enum(PATRON_SCOPES, { message: MSG.badScope }).optional()
});

export const closureInput = z.object({
	day: z.string({ message: MSG.badDate }).trim().refine(isIsoDay, MSG.badDate),
	name: name
});

export const patronDayInput = z
	.object({
		comuneIstat: z
			.string()
			.trim()
			.transform((v) => v || null)
			.pipe(z.string().regex(/^\d{6}$/, MSG.unknownComune).nullable())
			.nullish(),
		province: z
			.string()
			.trim()
			.toUpperCase()
			.transform((v) => v || null)
			.pipe(z.string().regex(/^[A-Z]{2}$/, MSG.unknownProvince).nullable())
			.nullish(),
		month: z.number({ message: MSG.badMonth }).int(MSG.badMonth).min(1, MSG.badMonth).max(12, MSG.badMonth),
		day: z.number({ message: MSG.badDay }).int(MSG.badDay).min(1, MSG.badDay).max(31, MSG.badDay),
		name
	})
	.superRefine((v, ctx) => {
		if (v.comuneIstat && v.province) ctx.addIssue({ code: 'custom', message: MSG.notBoth, path: ['province'] });
		if (!v.comuneIstat && !v.province) ctx.addIssue({ code: 'custom', message: MSG.comuneOrProvince, path: ['comuneIstat'] });
		// 2024 is a leap year: 29 February is a valid patron day, observed in leap years only.
		if (v.day > Temporal.PlainYearMonth.from({ year: 2024, month: v.month }).daysInMonth) {
			ctx.addIssue({ code: 'custom', message: MSG.badDay, path: ['day'] });
		}
	});

const minutes = z
	.number({ message: MSG.wholeNumber })
	.int(MSG.wholeNumber)
	.positive(MSG.positive)
	.max(MAX_TARGET_MINUTES, MSG.tooLarge);

export const targetInput = z
	.object({ acknowledgeMinutes: minutes, onsiteMinutes: minutes, resolutionMinutes: minutes })
	.superRefine((t, ctx) => {
		if (t.onsiteMinutes < t.acknowledgeMinutes) ctx.addIssue({ code: 'custom', message: MSG.onsiteBelowAck, path: ['onsiteMinutes'] });
		if (t.resolutionMinutes < t.onsiteMinutes) ctx.addIssue({ code: 'custom', message: MSG.resolutionBelowOnsite, path: ['resolutionMinutes'] });
	});
export type TargetInput = z.infer<typeof targetInput>;

const code = z
	.string({ message: MSG.required })
	.trim()
	.min(1, MSG.required)
	.max(32, MSG.tooLong)
	.regex(/^[A-Za-z0-9_-]+$/, MSG.badCode);
const calendarId = z.string({ message: MSG.unknownCalendar }).refine(isUuid, MSG.unknownCalendar);

export const levelCreateInput = z.object({
	code,
	name,
	calendarId,
	isDefault: z.boolean({ message: 'must be true or false' }).default(false),
	targets: z.object({ low: targetInput, medium: targetInput, high: targetInput }, { message: MSG.required })
});

export const levelUpdateInput = z.object({
	code: code.optional(),
	name: name.optional(),
	calendarId: calendarId.optional(),
	isDefault: z.boolean({ message: 'must be true or false' }).optional(),
	targets: z
		.object({ low: targetInput.optional(), medium: targetInput.optional(), high: targetInput.optional() }, { message: MSG.required })
		.optional()
});

export const priority = z.enum(PRIORITIES, { message: MSG.badPriority });

export const previewInput = z.object({
	priority,
	openedAt: z.union([z.string(), z.date()], { message: MSG.badDateTime }),
	comuneIstat: z
		.string()
		.trim()
		.transform((v) => v || null)
		.pipe(z.string().regex(/^\d{6}$/, MSG.unknownComune).nullable())
		.nullish()
});

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An instant from the API: ISO 8601 with Z or an offset, or a local date-time without offset
 * read in `zone` (what an admin types in a form: "2026-12-06T17:00").
 */
export function parseOpenedAt(value: string | Date, zone: string, field = 'openedAt'): Date {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new ValidationError(field, MSG.badDateTime);
		return value;
	}
	const text = value.trim();
	try {
		if (OFFSET.test(text)) return new Date(Temporal.Instant.from(text).epochMilliseconds);
		if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) {
			return new Date(Temporal.PlainDateTime.from(text).toZonedDateTime(zone).epochMilliseconds);
		}
	} catch {
		/* falls through to the validation error */
	}
	throw new ValidationError(field, MSG.badDateTime);
}

/** Postgres `time` gives "HH:MM:SS"; the API speaks "HH:MM". */
export function shortClock(value: string | null): string | null {
	return value === null ? null : value.slice(0, 5);
}

/** Whether the PostgreSQL error under a driver or Drizzle wrapper has this SQLSTATE. */
function hasSqlState(error: unknown, state: string): boolean {
	let current: unknown = error;
	for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth++) {
		const e = current as { code?: unknown; cause?: unknown };
		if (e.code === state) return true;
		current = e.cause;
	}
	return false;
}

/** A unique key refused the write: a concurrent insert won the race our check could not see. */
export function isUniqueViolation(error: unknown): boolean {
	return hasSqlState(error, '23505');
}

/** A foreign key refused a delete: a row referencing it appeared after our check. */
export function isForeignKeyViolation(error: unknown): boolean {
	return hasSqlState(error, '23503');
}
