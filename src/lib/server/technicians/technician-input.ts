import { z } from 'zod';
import { ValidationError } from '../errors';

/** "HH:MM" (or "HH:MM:SS" as PostgreSQL returns it); 24:00 ends a shift at midnight. */
const time = z
	.string()
	.regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)(:00)?$/, 'must be a time HH:MM')
	.transform((v) => v.slice(0, 5));
const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `at most ${max} characters`)
		.nullish()
		.transform((v) => v || null);

export const technicianInput = z.object({
	code: z.string().trim().min(1, 'required').max(20, 'at most 20 characters').regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
	name: z.string().trim().min(2, 'at least 2 characters').max(120, 'at most 120 characters'),
	team: optionalText(60),
	userId: z
		.union([z.uuid({ message: 'must be a user id' }), z.literal(''), z.null()])
		.optional()
		.transform((v) => v || null),
	active: z.boolean({ message: 'must be true or false' }).default(true),
	costPerHourCents: z.number({ message: 'must be an amount' }).int('must be whole cents').min(0, 'cannot be negative').max(100_000_00, 'at most 100.000 euro'),
	home: z.object(
		{
			lat: z.number({ message: 'must be a latitude' }).min(35, 'outside Italy').max(47.5, 'outside Italy'),
			lng: z.number({ message: 'must be a longitude' }).min(6, 'outside Italy').max(19, 'outside Italy')
		},
		{ message: 'choose the home base' }
	),
	homeComuneName: optionalText(120),
	trackerDeviceId: optionalText(64),
	skills: z
		.array(z.object({ code: z.string().trim().min(1, 'required'), level: z.number({ message: 'level 1-3' }).int('level 1-3').min(1, 'level 1-3').max(3, 'level 1-3') }))
		.max(50)
		.default([]),
	shifts: z
		.array(z.object({ weekday: z.number().int().min(1, 'weekday 1-7').max(7, 'weekday 1-7'), start: time, end: time }))
		.max(70, 'at most 70 segments')
		.default([]),
	areaIds: z.array(z.uuid({ message: 'must be an area id' })).max(500).default([])
});

export type TechnicianInput = z.infer<typeof technicianInput>;

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Parses and checks what zod cannot see alone: segment order and overlaps, duplicate skills. */
export function parseTechnicianInput(input: unknown): TechnicianInput {
	const result = technicianInput.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	const data = result.data;
	data.shifts.forEach((s, i) => {
		if (minutes(s.start) >= minutes(s.end)) throw new ValidationError(`shifts.${i}.end`, 'must be after the start');
		const clash = data.shifts.findIndex((o, j) => j !== i && o.weekday === s.weekday && minutes(o.start) < minutes(s.end) && minutes(s.start) < minutes(o.end));
		if (clash >= 0) throw new ValidationError(`shifts.${Math.max(i, clash)}.start`, 'overlaps another segment of the same day');
	});
	data.skills.forEach((s, i) => {
		if (data.skills.findIndex((o) => o.code === s.code) !== i) throw new ValidationError(`skills.${i}.code`, 'skill listed twice');
	});
	return data;
}

/**
 * Euro as people type them in Italy: "35", "35,50", "1.234,50", "€ 40"; also "35.50" (one dot
 * followed by one or two digits is a decimal point). Returns cents, or null when unreadable.
 */
export function parseEuroCents(text: string): number | null {
	const cleaned = text.replace(/€|\s/g, '');
	if (cleaned === '') return null;
	let normal: string;
	if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(cleaned) || /^\d+(,\d{1,2})?$/.test(cleaned)) normal = cleaned.replace(/\./g, '').replace(',', '.');
	else if (/^\d+\.\d{1,2}$/.test(cleaned)) normal = cleaned;
	else return null;
	return Math.round(Number(normal) * 100);
}
