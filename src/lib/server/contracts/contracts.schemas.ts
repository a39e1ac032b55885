import { z } from 'zod';
import { parsePlainDate } from '$lib/domain/contract-terms';
import { meterTermProblems, normaliseUnitPrice } from '$lib/domain/meter-pricing';
import { BILLING_TIMINGS, CONTRACT_STATUSES, METER_POOLING, PERIODICITIES, TIER_MODES } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';

/** Input shapes of the contracts API, shared by the services (the only place they are checked). */

export const isoDate = z.string({ message: 'must be a date YYYY-MM-DD' }).refine((v) => parsePlainDate(v) !== null, 'must be a date YYYY-MM-DD');
const months = z.number({ message: 'must be a number of months' }).int('must be whole months').min(1, 'at least 1 month').max(120, 'at most 120 months');
const cents = z.number({ message: 'must be whole cents' }).int('must be whole cents').min(0, 'must not be negative').max(1e13, 'too large');
const units = z.number({ message: 'must be a whole number' }).int('must be a whole number').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER);
const unitPrice = z.union([z.string(), z.number()], { message: 'must be a price' }).transform((value, ctx) => {
	const normal = normaliseUnitPrice(value);
	if (normal === null) {
		ctx.addIssue({ code: 'custom', message: 'must be a price from 0 with at most 6 decimals' });
		return z.NEVER;
	}
	return normal;
});
const notes = z
	.string()
	.trim()
	.max(2000, 'at most 2000 characters')
	.transform((v) => v || null)
	.nullable();

export const tierInput = z.strictObject({ fromUnits: units, unitPrice });

export const meterTermInput = z
	.strictObject({
		meterType: z.string({ message: 'required' }).trim().min(1, 'required').max(40),
		includedPerPeriod: units.default(0),
		pooling: z.enum(METER_POOLING, { message: 'must be pooled or per_device' }).default('pooled'),
		tierMode: z.enum(TIER_MODES, { message: 'must be graduated or volume' }).default('graduated'),
		minimumChargeCents: cents.default(0),
		unitPrice,
		tiers: z.array(tierInput).max(20, 'at most 20 tiers').default([])
	})
	.superRefine((term, ctx) => {
		for (const problem of meterTermProblems(term)) ctx.addIssue({ code: 'custom', path: problem.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: problem.message });
	});

export const meterTermsInput = z
	.array(meterTermInput)
	.max(20, 'at most 20 meter terms')
	.superRefine((terms, ctx) => {
		const seen = new Set<string>();
		terms.forEach((t, i) => {
			if (seen.has(t.meterType)) ctx.addIssue({ code: 'custom', path: [i, 'meterType'], message: 'one term per meter type' });
			seen.add(t.meterType);
		});
	});

const contractFields = {
	periodicity: z.enum(PERIODICITIES, { message: 'must be monthly, bimonthly, quarterly or annual' }),
	billingTiming: z.enum(BILLING_TIMINGS, { message: 'must be advance or arrears' }),
	feePerPeriodCents: cents,
	slaLevelId: z.uuid({ message: 'unknown SLA level' }),
	startsOn: isoDate,
	termMonths: months,
	autoRenew: z.boolean({ message: 'must be true or false' }),
	renewalTermMonths: months,
	noticeDays: z.number({ message: 'must be a number of days' }).int('must be whole days').min(0, 'must not be negative').max(730, 'at most 730 days'),
	notes
};

export const createContractInput = z.strictObject({
	...contractFields,
	customerId: z.uuid({ message: 'unknown customer' }),
	billingTiming: contractFields.billingTiming.default('advance'),
	termMonths: months.default(12),
	autoRenew: contractFields.autoRenew.default(false),
	renewalTermMonths: months.default(12),
	noticeDays: contractFields.noticeDays.default(90),
	notes: notes.optional().default(null),
	meterTerms: meterTermsInput.default([])
});

/** Every field optional and none defaulted: a PATCH changes only what it names. */
export const updateContractInput = z.strictObject(contractFields).partial();

export const reasonInput = z.strictObject({
	reason: z.string({ message: 'required' }).trim().min(3, 'at least 3 characters').max(500, 'at most 500 characters')
});

export const renewInput = z.strictObject({
	/** The term being renewed: asking twice for the same one renews once. */
	afterTermNo: z.number({ message: 'must be a term number' }).int().min(1).optional(),
	months: months.optional()
});

export const addCoverageInput = z
	.strictObject({
		equipmentId: z.uuid({ message: 'unknown unit' }).optional(),
		serial: z.string().trim().min(1).max(100).optional(),
		brand: z.string().trim().min(1).max(100).optional(),
		fromDate: isoDate,
		toDate: isoDate.nullable().optional().default(null)
	})
	.refine((v) => v.equipmentId || v.serial, { message: 'give equipmentId or serial', path: ['equipmentId'] });

export const removeCoverageInput = z
	.strictObject({
		coverageId: z.uuid({ message: 'unknown coverage' }).optional(),
		equipmentId: z.uuid({ message: 'unknown unit' }).optional(),
		toDate: isoDate.optional()
	})
	.refine((v) => v.coverageId || v.equipmentId, { message: 'give coverageId or equipmentId', path: ['equipmentId'] });

export const listFilterInput = z.strictObject({
	q: z.string().trim().max(100, 'at most 100 characters').optional(),
	status: z.enum(CONTRACT_STATUSES, { message: 'unknown status' }).optional(),
	periodicity: z.enum(PERIODICITIES, { message: 'unknown periodicity' }).optional(),
	customerId: z.uuid({ message: 'unknown customer' }).optional(),
	expiringWithinDays: z.coerce.number({ message: 'must be a number of days' }).int('must be whole days').min(0).max(3650).optional()
});

export type CreateContractInput = z.infer<typeof createContractInput>;
export type MeterTermsInput = z.infer<typeof meterTermsInput>;

/** Parses with a schema; the first problem becomes a 400 naming its field (unknown keys included). */
export function parse<T extends z.ZodType>(schema: T, input: unknown, prefix = ''): z.infer<T> {
	const result = schema.safeParse(input ?? {});
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
	if (issue.code === 'unrecognized_keys') path.push(issue.keys[0]);
	if (issue.code === 'invalid_type' && path.length === (prefix ? 1 : 0) && issue.expected === 'object') throw new ValidationError(prefix || 'body', 'must be a JSON object');
	throw new ValidationError(path.join('.') || 'body', issue.message);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id can name nothing: 404, as for an unknown one. */
export function requireId(id: string, what = 'contract'): string {
	if (!UUID.test(id)) throw new NotFoundError(`${what} not found`);
	return id.toLowerCase();
}
