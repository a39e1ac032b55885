import { z } from 'zod';
import { ROLES } from '$lib/domain/permissions';
import { db } from '../db/client';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../errors';
import { announceSessionsEnded } from '../realtime/live-bridge';
import { authorize, type Actor } from './actor';
import { audit } from './audit.service';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './password';
import { invalidateUserSessions } from './session.service';
import * as queries from './users.queries';
import { uuidv7 } from '../ids';

const password = z
	.string()
	.min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
	.max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`);
const email = z.string().trim().toLowerCase().pipe(z.email({ message: 'invalid email' }));
const name = z.string().trim().min(1, 'required').max(120);
const technicianId = z
	.string()
	.trim()
	.transform((v) => v || null)
	.pipe(z.uuid({ message: 'invalid technician' }).nullable());

export const createUserInput = z.object({
	email,
	name,
	role: z.enum(ROLES, { message: 'invalid role' }),
	password,
	locale: z.enum(['it', 'en']).default('it'),
	technicianId: technicianId.optional().default(null)
});

export const updateUserInput = z.object({
	name: name.optional(),
	role: z.enum(ROLES, { message: 'invalid role' }).optional(),
	active: z.boolean().optional(),
	technicianId: technicianId.optional()
});

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (!result.success) throw ValidationError.fromZod(result.error);
	return result.data;
}

export async function listUsers(actor: Actor) {
	authorize(actor, 'users.manage');
	return queries.listUsersWithTechnician(db());
}

export async function listLinkableTechnicians(actor: Actor) {
	authorize(actor, 'users.manage');
	return queries.listTechniciansForLinking(db());
}

export async function createUser(actor: Actor, input: unknown, ip: string | null = null) {
	authorize(actor, 'users.manage');
	const data = parse(createUserInput, input);
	if (data.role === 'technician' && !data.technicianId) throw new ValidationError('technicianId', 'a technician user needs a technician record');
	const passwordHash = await hashPassword(data.password);
	const id = uuidv7();
	await db().transaction(async (tx) => {
		if (await queries.findUserByEmail(tx, data.email)) throw new ConflictError('email', 'email already in use');
		await queries.insertUser(tx, { id, email: data.email, name: data.name, role: data.role, locale: data.locale, passwordHash });
		if (data.role === 'technician' && data.technicianId) {
			if (!(await queries.findTechnicianById(tx, data.technicianId))) throw new ValidationError('technicianId', 'unknown technician');
			await queries.linkTechnician(tx, data.technicianId, id);
		}
		await audit({ action: 'user.create', actorUserId: actor.id, subject: id, ip, details: { email: data.email, role: data.role } }, tx);
	});
	return { id };
}

export async function updateUser(actor: Actor, userId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'users.manage');
	const data = parse(updateUserInput, input);
	if (userId === actor.id && (data.active === false || (data.role && data.role !== actor.role))) {
		throw new ValidationError(data.active === false ? 'active' : 'role', 'you cannot demote or deactivate yourself');
	}
	const endSessions = await db().transaction(async (tx) => {
		const existing = await queries.findUserById(tx, userId);
		if (!existing) throw new NotFoundError('user not found');
		const role = data.role ?? existing.role;
		await queries.updateUser(tx, userId, { name: data.name, role: data.role, active: data.active });
		if (role !== 'technician') await queries.unlinkTechnician(tx, userId);
		else if (data.technicianId) {
			if (!(await queries.findTechnicianById(tx, data.technicianId))) throw new ValidationError('technicianId', 'unknown technician');
			await queries.linkTechnician(tx, data.technicianId, userId);
		} else if (data.technicianId === null) throw new ValidationError('technicianId', 'a technician user needs a technician record');
		// A new role or a deactivation must take effect now, not when the old session expires.
		const mustEnd = data.active === false || (data.role !== undefined && data.role !== existing.role);
		if (mustEnd) await invalidateUserSessions(userId, undefined, tx);
		await audit({ action: 'user.update', actorUserId: actor.id, subject: userId, ip, details: { ...data } }, tx);
		return mustEnd;
	});
	if (endSessions) announceSessionsEnded(userId);
}

export async function resetPassword(actor: Actor, userId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'users.manage');
	const data = parse(z.object({ password }), input);
	const passwordHash = await hashPassword(data.password);
	await db().transaction(async (tx) => {
		if (!(await queries.findUserById(tx, userId))) throw new NotFoundError('user not found');
		await queries.updateUser(tx, userId, { passwordHash });
		await invalidateUserSessions(userId, undefined, tx);
		await audit({ action: 'user.password-reset', actorUserId: actor.id, subject: userId, ip }, tx);
	});
	announceSessionsEnded(userId);
}

/** A user changes their own password; their other sessions end, this one stays. */
export async function changeOwnPassword(actor: Actor, currentSessionId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'account.self');
	const data = parse(z.object({ currentPassword: z.string().min(1, 'required').max(MAX_PASSWORD_LENGTH), newPassword: password }), input);
	const user = await queries.findUserById(db(), actor.id);
	if (!user) throw new NotFoundError('user not found');
	if (!(await verifyPassword(user.passwordHash, data.currentPassword))) throw new ValidationError('currentPassword', 'wrong password');
	if (data.currentPassword === data.newPassword) throw new ValidationError('newPassword', 'the new password must differ');
	const passwordHash = await hashPassword(data.newPassword);
	await db().transaction(async (tx) => {
		await queries.updateUser(tx, actor.id, { passwordHash });
		await invalidateUserSessions(actor.id, currentSessionId, tx);
		await audit({ action: 'password.change', actorUserId: actor.id, subject: actor.id, ip }, tx);
	});
	announceSessionsEnded(actor.id, currentSessionId);
}

export async function setOwnLocale(actor: Actor, input: unknown) {
	authorize(actor, 'account.self');
	const data = parse(z.object({ locale: z.enum(['it', 'en'], { message: 'invalid language' }) }), input);
	await queries.updateUser(db(), actor.id, { locale: data.locale });
	return data.locale;
}

export async function getUser(actor: Actor, userId: string) {
	if (actor.id !== userId) authorize(actor, 'users.manage');
	const user = await queries.findUserById(db(), userId);
	if (!user) throw (actor.id === userId ? new UnauthorizedError('session user vanished') : new NotFoundError('user not found'));
	return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale, active: user.active };
}
