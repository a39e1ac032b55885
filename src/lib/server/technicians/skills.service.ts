import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { isUniqueViolation } from '../db/pg-errors';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import * as queries from './technicians.queries';

const names = {
	nameIt: z.string().trim().min(2, 'at least 2 characters').max(80, 'at most 80 characters'),
	nameEn: z.string().trim().min(2, 'at least 2 characters').max(80, 'at most 80 characters')
};
const createInput = z.object({
	code: z
		.string()
		.trim()
		.min(2, 'at least 2 characters')
		.max(40, 'at most 40 characters')
		.regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and _ only'),
	...names
});
const updateInput = z.object(names);

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

/** The managed skills list, with how many technicians hold each. */
export async function listSkills(actor: Actor) {
	authorize(actor, 'technicians.read');
	return queries.listSkills(db());
}

export async function createSkill(actor: Actor, input: unknown, ip: string | null = null) {
	authorize(actor, 'technicians.manage');
	const data = parse(createInput, input);
	try {
		await db().transaction(async (tx) => {
			await queries.insertSkill(tx, data);
			await audit({ action: 'skill.create', actorUserId: actor.id, subject: data.code, ip, details: data }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ConflictError('code', 'a skill with this code exists');
		throw error;
	}
	return data;
}

export async function updateSkill(actor: Actor, code: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'technicians.manage');
	const data = parse(updateInput, input);
	await db().transaction(async (tx) => {
		if (!(await queries.updateSkill(tx, code, data))) throw new NotFoundError('skill not found');
		await audit({ action: 'skill.update', actorUserId: actor.id, subject: code, ip, details: data }, tx);
	});
	return { code, ...data };
}

/** A skill some technician holds stays: removing it would silently change who qualifies. */
export async function deleteSkill(actor: Actor, code: string, ip: string | null = null): Promise<void> {
	authorize(actor, 'technicians.manage');
	await db().transaction(async (tx) => {
		const holders = await queries.skillInUse(tx, code);
		if (holders > 0) throw new ConflictError('code', `${holders} technician(s) hold this skill`);
		if (!(await queries.deleteSkill(tx, code))) throw new NotFoundError('skill not found');
		await audit({ action: 'skill.delete', actorUserId: actor.id, subject: code, ip }, tx);
	});
}
