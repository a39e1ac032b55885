import { z } from 'zod';
import { parsePlainDate } from '$lib/domain/contract-terms';
import { MAINTENANCE_KINDS, PRIORITIES } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';

/** Input shapes of the maintenance API, checked only here. */

const isoDate = z.string({ message: 'must be a date YYYY-MM-DD' }).refine((v) => parsePlainDate(v) !== null, 'must be a date YYYY-MM-DD');
const whole = (min: number, max: number, what: string) =>
	z
		.number({ message: `must be a number of ${what}` })
		.int(`must be whole ${what}`)
		.min(min, `at least ${min} ${what}`)
		.max(max, `at most ${max} ${what}`);

/** Every field of a plan; create takes it whole, update merges the body into the stored plan first. */
export const planInput = z
	.strictObject({
		kind: z.enum(MAINTENANCE_KINDS, { message: 'must be interval or counter' }),
		description: z.string({ message: 'required' }).trim().min(3, 'describe the work (at least 3 characters)').max(500, 'at most 500 characters'),
		priority: z.enum(PRIORITIES, { message: 'must be low, medium or high' }).default('low'),
		estimatedMinutes: whole(15, 24 * 60, 'minutes').default(60),
		active: z.boolean({ message: 'must be true or false' }).default(true),
		everyMonths: whole(1, 60, 'months').nullish(),
		anchorDate: isoDate.nullish(),
		leadDays: whole(0, 60, 'days').default(7),
		meterId: z.uuid({ message: 'must be a meter id' }).nullish(),
		everyUnits: whole(1, Number.MAX_SAFE_INTEGER, 'units').nullish(),
		baselineValue: whole(0, Number.MAX_SAFE_INTEGER, 'units').nullish()
	})
	.superRefine((v, ctx) => {
		const need = (field: keyof typeof v, message: string) => {
			if (v[field] === undefined || v[field] === null) ctx.addIssue({ code: 'custom', path: [field], message });
		};
		if (v.kind === 'interval') {
			need('everyMonths', 'required for an interval plan');
			need('anchorDate', 'required for an interval plan (the first due date)');
		} else {
			need('meterId', 'required for a counter plan');
			need('everyUnits', 'required for a counter plan');
		}
	});

export type PlanInput = z.infer<typeof planInput>;

export const generateInput = z.strictObject({ today: isoDate.optional() });

export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input ?? {});
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

export function requireId(id: string, what: string): string {
	if (!z.uuid().safeParse(id).success) throw new NotFoundError(`${what} not found`);
	return id;
}
