import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { areasOfTechnicians, listAreas } from '../areas/areas.queries';
import { db } from '../db/client';
import { isUniqueViolation } from '../db/pg-errors';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { currentPositions } from '../positions/positions.queries';
import { isStale, positionStaleMinutes } from '../positions/position-settings';
import { parseTechnicianInput, type TechnicianInput } from './technician-input';
import * as queries from './technicians.queries';

function checkId(id: string): void {
	if (!z.uuid().safeParse(id).success) throw new NotFoundError('technician not found');
}

/**
 * GET /api/technicians: [{id, name, active, team, skills [{code, level}], position {lat, lng,
 * recordedAt, source, stale} | null, home {lat, lng}, areas [id]}].
 */
export async function listTechnicians(actor: Actor, ids?: string[], now = new Date()) {
	authorize(actor, 'technicians.read');
	const rows = await queries.listTechniciansWithSkills(db(), ids);
	const techIds = rows.map((t) => t.id);
	const [positions, areas, staleMinutes] = await Promise.all([
		currentPositions(db(), techIds),
		areasOfTechnicians(db(), techIds),
		positionStaleMinutes()
	]);
	const positionOf = new Map(positions.map((p) => [p.technicianId, p]));
	return rows.map((t) => {
		const p = positionOf.get(t.id);
		return {
			id: t.id,
			name: t.name,
			code: t.code,
			active: t.active,
			team: t.team,
			skills: t.skills,
			position: p ? { lat: p.lat, lng: p.lng, recordedAt: p.recordedAt.toISOString(), source: p.source, stale: isStale(p.recordedAt, staleMinutes, now) } : null,
			home: { lat: t.homeBase.lat, lng: t.homeBase.lng },
			areas: areas.get(t.id) ?? []
		};
	});
}

/** GET /api/technicians/:id: the list's fields plus what the admin edits. */
export async function getTechnician(actor: Actor, id: string) {
	authorize(actor, 'technicians.read');
	checkId(id);
	const row = await queries.findTechnician(db(), id);
	if (!row) throw new NotFoundError('technician not found');
	const [summary] = await listTechnicians(actor, [id]);
	const shifts = await queries.shiftsOf(db(), id);
	return {
		...summary,
		userId: row.userId,
		homeComuneName: row.homeComuneName,
		costPerHourCents: row.costPerHourCents,
		trackerDeviceId: row.trackerDeviceId,
		shifts: shifts.map((s) => ({ weekday: s.weekday, start: s.start.slice(0, 5), end: s.end.slice(0, 5) }))
	};
}

/** Checks against the database what the input names: skills, areas, the linked user. */
async function checkReferences(data: TechnicianInput, technicianId: string | null): Promise<void> {
	const known = await queries.existingSkillCodes(db(), data.skills.map((s) => s.code));
	data.skills.forEach((s, i) => {
		if (!known.has(s.code)) throw new ValidationError(`skills.${i}.code`, `unknown skill ${s.code}`);
	});
	const areas = await queries.existingAreas(db(), data.areaIds);
	data.areaIds.forEach((a, i) => {
		if (!areas.has(a)) throw new ValidationError(`areaIds.${i}`, 'unknown area');
	});
	if (data.userId) {
		const user = await queries.userForLink(db(), data.userId);
		if (!user) throw new ValidationError('userId', 'unknown user');
		if (user.role !== 'technician') throw new ValidationError('userId', 'the user is not a technician');
		const linked = await queries.findTechnicianByUser(db(), data.userId);
		if (linked && linked.id !== technicianId) throw new ConflictError('userId', 'the user is linked to another technician');
	}
}

function uniqueConflict(error: unknown): never {
	if (isUniqueViolation(error, 'technicians_code_unique')) throw new ConflictError('code', 'another technician has this code');
	if (isUniqueViolation(error, 'technicians_userId_unique')) throw new ConflictError('userId', 'the user is linked to another technician');
	if (isUniqueViolation(error, 'technicians_trackerDeviceId_unique')) throw new ConflictError('trackerDeviceId', 'another technician has this tracker');
	throw error;
}

const rowOf = (d: TechnicianInput): queries.TechnicianRow => ({
	code: d.code,
	name: d.name,
	team: d.team,
	userId: d.userId,
	active: d.active,
	homeBase: d.home,
	homeComuneName: d.homeComuneName,
	costPerHourCents: d.costPerHourCents,
	trackerDeviceId: d.trackerDeviceId
});

/** Writes the record, skills, weekly shifts and areas in one transaction. */
async function save(actor: Actor, id: string, data: TechnicianInput, isNew: boolean, ip: string | null): Promise<void> {
	try {
		await db().transaction(async (tx) => {
			if (isNew) await queries.insertTechnician(tx, id, rowOf(data));
			else if (!(await queries.updateTechnicianRow(tx, id, rowOf(data)))) throw new NotFoundError('technician not found');
			await queries.replaceSkills(tx, id, data.skills);
			await queries.replaceShifts(tx, id, data.shifts.map((s) => ({ ...s, id: uuidv7() })));
			await queries.replaceAreas(tx, id, data.areaIds);
			await audit({ action: isNew ? 'technician.create' : 'technician.update', actorUserId: actor.id, subject: id, ip, details: { code: data.code, skills: data.skills, shifts: data.shifts.length, areas: data.areaIds.length } }, tx);
		});
	} catch (error) {
		uniqueConflict(error);
	}
}

export async function createTechnician(actor: Actor, input: unknown, ip: string | null = null): Promise<string> {
	authorize(actor, 'technicians.manage');
	const data = parseTechnicianInput(input);
	await checkReferences(data, null);
	const id = uuidv7();
	await save(actor, id, data, true, ip);
	return id;
}

export async function updateTechnician(actor: Actor, id: string, input: unknown, ip: string | null = null): Promise<void> {
	authorize(actor, 'technicians.manage');
	checkId(id);
	const data = parseTechnicianInput(input);
	await checkReferences(data, id);
	await save(actor, id, data, false, ip);
}

/** What the edit form offers: the skills list, areas, users with the technician role. */
export async function technicianFormOptions(actor: Actor) {
	authorize(actor, 'technicians.manage');
	const [skills, areas, users] = await Promise.all([queries.listSkills(db()), listAreas(db()), queries.technicianUsers(db())]);
	return { skills, areas: areas.map((a) => ({ id: a.id, kind: a.kind, code: a.code, name: a.name })), users };
}
