import { z } from 'zod';
import { Temporal } from 'temporal-polyfill';
import { ATTRIBUTE_TYPES, EQUIPMENT_CATEGORIES, EQUIPMENT_STATUSES } from '../db/schema';
import { isValidAttributeCode, parseDateLoose, parseNumberLoose, type AttributeError } from '../../domain/equipment-attributes';
import { isValidSerial } from '../../domain/serial';
import { NotFoundError, ValidationError } from '../errors';

/** Input shapes of the equipment module, shared by the JSON API, the pages and the CSV import. */

export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

/** A malformed id can never name a row: answer 404 like an unknown one. */
export function requireUuid(id: string, what: string): string {
	if (!z.uuid().safeParse(id).success) throw new NotFoundError(`${what} not found`);
	return id;
}

/** Several attribute problems at once; the API shows the first field, forms show them all. */
export class AttributeValidationError extends ValidationError {
	constructor(readonly problems: AttributeError[]) {
		super(`attributes${problems[0]?.code ? '.' + problems[0].code : ''}`, problems.map((p) => (p.code ? `${p.code}: ${p.message}` : p.message)).join('; '));
	}
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const blankToNull = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' && v.trim() === '' ? null : v);

/** A calendar date given as 2026-11-28 or 28/11/2026. */
const dateString = z.string({ message: 'must be a date' }).transform((v, ctx) => {
	const iso = parseDateLoose(v);
	if (!iso) {
		ctx.addIssue({ code: 'custom', message: 'must be a date (dd/mm/yyyy)' });
		return z.NEVER;
	}
	return iso;
});
const optionalDate = z.preprocess(blankToNull, dateString.nullable().optional());

const uuid = (what: string) => z.uuid({ message: `invalid ${what}` });
const trimmed = (max: number) => z.string().trim().max(max, `at most ${max} characters`);

export const serialNumber = z
	.string({ message: 'required' })
	.transform((v) => v.trim().replace(/\s+/g, ' '))
	.refine((v) => v.length > 0, 'required')
	.refine((v) => v.length <= 80, 'at most 80 characters')
	.refine(isValidSerial, 'letters and digits only (spaces, dashes, dots and slashes are ignored), at most 64');

export const category = z.enum(EQUIPMENT_CATEGORIES, { message: 'invalid category' });
export const status = z.enum(EQUIPMENT_STATUSES, { message: 'invalid status' });

export const createUnitInput = z
	.object({
		serialNumber,
		modelId: uuid('model'),
		siteId: uuid('site'),
		status: z.preprocess(blankToUndefined, status.default('active')),
		installDate: optionalDate,
		warrantyEnd: optionalDate,
		attributes: z.unknown().optional(),
		notes: z.preprocess(blankToNull, trimmed(2000).nullable().optional())
	})
	.superRefine(warrantyAfterInstall);

export const updateUnitInput = z
	.object({
		serialNumber: serialNumber.optional(),
		modelId: uuid('model').optional(),
		status: status.optional(),
		installDate: optionalDate,
		warrantyEnd: optionalDate,
		attributes: z.unknown().optional(),
		notes: z.preprocess(blankToNull, trimmed(2000).nullable().optional()),
		siteId: z.unknown().optional()
	})
	.superRefine((value, ctx) => {
		if (value.siteId !== undefined) ctx.addIssue({ code: 'custom', path: ['siteId'], message: 'use the move endpoint to change site' });
	});

function warrantyAfterInstall(value: { installDate?: string | null; warrantyEnd?: string | null }, ctx: z.RefinementCtx) {
	if (value.installDate && value.warrantyEnd && value.warrantyEnd < value.installDate) {
		ctx.addIssue({ code: 'custom', path: ['warrantyEnd'], message: 'must be on or after the install date' });
	}
}

export function checkWarranty(installDate: string | null, warrantyEnd: string | null): void {
	if (installDate && warrantyEnd && warrantyEnd < installDate) throw new ValidationError('warrantyEnd', 'must be on or after the install date');
}

export const moveUnitInput = z.object({
	siteId: uuid('site'),
	reason: z.string({ message: 'required' }).trim().min(1, 'required').max(500, 'at most 500 characters'),
	at: z.preprocess(blankToUndefined, z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).optional())
});

const meterTypeCodes = z.array(z.string().trim().min(1).max(40), { message: 'must be a list of meter type codes' }).max(20);

export const createModelInput = z.object({
	brand: trimmed(80).min(1, 'required'),
	model: trimmed(120).min(1, 'required'),
	family: z.preprocess(blankToNull, trimmed(120).nullable().optional()),
	category,
	meterTypes: meterTypeCodes.default([])
});

export const updateModelInput = z.object({
	brand: trimmed(80).min(1, 'required').optional(),
	model: trimmed(120).min(1, 'required').optional(),
	family: z.preprocess(blankToNull, trimmed(120).nullable().optional()),
	category: category.optional(),
	meterTypes: meterTypeCodes.optional()
});

/** Numeric bound of a definition: numbers or strings with a comma or a dot. */
const bound = z.preprocess(
	(v) => (v === undefined ? undefined : v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' ? parseNumberLoose(v) : v),
	z.number({ message: 'must be a number' }).finite('must be a number').min(-1e9).max(1e9).nullable().optional()
);

const choices = z.preprocess(
	(v) => (typeof v === 'string' ? v.split(/[\n;|]/) : v),
	z
		.array(z.string().trim().max(80, 'at most 80 characters'))
		.transform((list) => [...new Set(list.filter((c) => c !== ''))])
		.nullable()
		.optional()
);

const definitionShape = {
	labelIt: trimmed(80).min(1, 'required'),
	labelEn: trimmed(80).min(1, 'required'),
	type: z.enum(ATTRIBUTE_TYPES, { message: 'invalid type' }),
	required: z.preprocess((v) => (v === 'on' || v === 'true' ? true : v === 'false' || v === '' ? false : v), z.boolean().default(false)),
	minValue: bound,
	maxValue: bound,
	choices,
	unit: z.preprocess(blankToNull, trimmed(20).nullable().optional()),
	sortOrder: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v === '' ? undefined : v), z.number().int().min(0).max(9999).default(0))
};

export const createDefinitionInput = z
	.object({
		category,
		code: z
			.string({ message: 'required' })
			.trim()
			.refine(isValidAttributeCode, 'lower-case letters, digits and _, starting with a letter, at most 40'),
		...definitionShape
	})
	.superRefine(definitionRules);

export const updateDefinitionInput = z
	.object({
		labelIt: definitionShape.labelIt.optional(),
		labelEn: definitionShape.labelEn.optional(),
		type: definitionShape.type.optional(),
		required: z.preprocess((v) => (v === 'on' || v === 'true' ? true : v === 'false' ? false : v), z.boolean().optional()),
		minValue: bound,
		maxValue: bound,
		choices,
		unit: definitionShape.unit,
		sortOrder: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v === '' ? undefined : v), z.number().int().min(0).max(9999).optional()),
		category: z.unknown().optional(),
		code: z.unknown().optional()
	})
	.superRefine((value, ctx) => {
		if (value.category !== undefined) ctx.addIssue({ code: 'custom', path: ['category'], message: 'cannot change: units keep values under it' });
		if (value.code !== undefined) ctx.addIssue({ code: 'custom', path: ['code'], message: 'cannot change: units keep values under it' });
	});

export type DefinitionFields = {
	type: (typeof ATTRIBUTE_TYPES)[number];
	minValue?: number | null;
	maxValue?: number | null;
	choices?: string[] | null;
};

/** Rules between fields of a definition, also applied to the merged row on update. */
export function definitionProblems(value: DefinitionFields): Array<{ field: string; message: string }> {
	const problems: Array<{ field: string; message: string }> = [];
	const has = (v: number | null | undefined) => v !== null && v !== undefined;
	if (value.type === 'choice' && (!value.choices || value.choices.length === 0)) {
		problems.push({ field: 'choices', message: 'a choice attribute needs at least one choice' });
	}
	if (['boolean', 'date', 'choice'].includes(value.type) && (has(value.minValue) || has(value.maxValue))) {
		problems.push({ field: 'minValue', message: 'minimum and maximum apply to numbers and text only' });
	} else if (has(value.minValue) && has(value.maxValue) && value.minValue! > value.maxValue!) {
		problems.push({ field: 'maxValue', message: 'must be at least the minimum' });
	}
	return problems;
}

function definitionRules(value: DefinitionFields, ctx: z.RefinementCtx) {
	for (const p of definitionProblems(value)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
}

/** The list's filters, from a query string (the page's and the API's alike). */
export const listFilterInput = z.object({
	q: z.preprocess(blankToUndefined, z.string().trim().max(100, 'at most 100 characters').optional()),
	serial: z.preprocess(blankToUndefined, z.string().trim().max(100, 'at most 100 characters').optional()),
	province: z.preprocess(
		(v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().toUpperCase()) : v),
		z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter province').optional()
	),
	region: z.preprocess(blankToUndefined, z.string().trim().regex(/^\d{2}$/, 'must be a two-digit region code').optional()),
	category: z.preprocess(blankToUndefined, category.optional()),
	status: z.preprocess(blankToUndefined, status.optional()),
	modelId: z.preprocess(blankToUndefined, uuid('model').optional()),
	customerId: z.preprocess(blankToUndefined, uuid('customer').optional()),
	siteId: z.preprocess(blankToUndefined, uuid('site').optional()),
	brand: z.preprocess(blankToUndefined, z.string().trim().max(80).optional())
});
export type ListFilter = z.infer<typeof listFilterInput>;

export const LIST_FILTER_KEYS = ['q', 'serial', 'province', 'region', 'category', 'status', 'modelId', 'customerId', 'siteId', 'brand'] as const;

export function filterFromParams(params: URLSearchParams): ListFilter {
	const raw: Record<string, string> = {};
	for (const key of LIST_FILTER_KEYS) {
		const v = params.get(key);
		if (v !== null) raw[key] = v;
	}
	return parse(listFilterInput, raw);
}

/** A `datetime-local` value (wall time in Rome) as an ISO instant; blank stays blank, junk stays as is for the validator. */
export function romeLocalToIso(value: string | null | undefined): string | undefined {
	const v = (value ?? '').trim();
	if (!v) return undefined;
	try {
		return Temporal.PlainDateTime.from(v).toZonedDateTime('Europe/Rome').toInstant().toString();
	} catch {
		return v;
	}
}
