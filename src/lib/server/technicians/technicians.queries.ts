import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { areas, skills, technicianAreas, technicians, technicianShifts, technicianSkills, users } from '../db/schema';

export async function listTechniciansWithSkills(db: Db, ids?: string[]) {
	const techs = await db
		.select({ id: technicians.id, name: technicians.name, code: technicians.code, team: technicians.team, active: technicians.active, homeBase: technicians.homeBase, userId: technicians.userId })
		.from(technicians)
		.where(ids ? inArray(technicians.id, ids) : undefined)
		.orderBy(asc(technicians.team), asc(technicians.name));
	const skills = techs.length
		? await db
				.select({ technicianId: technicianSkills.technicianId, code: technicianSkills.skillCode, level: technicianSkills.level })
				.from(technicianSkills)
				.where(inArray(technicianSkills.technicianId, techs.map((t) => t.id)))
				.orderBy(asc(technicianSkills.skillCode))
		: [];
	return techs.map((t) => ({ ...t, skills: skills.filter((s) => s.technicianId === t.id).map(({ code, level }) => ({ code, level })) }));
}

export async function findTechnicianByUser(db: Db, userId: string) {
	const rows = await db.select({ id: technicians.id }).from(technicians).where(eq(technicians.userId, userId)).limit(1);
	return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Admin: one technician in full, writes, the skills list

export async function findTechnician(db: Db, id: string) {
	const rows = await db
		.select({
			id: technicians.id,
			code: technicians.code,
			name: technicians.name,
			team: technicians.team,
			userId: technicians.userId,
			active: technicians.active,
			homeBase: technicians.homeBase,
			homeComuneName: technicians.homeComuneName,
			costPerHourCents: technicians.costPerHourCents,
			trackerDeviceId: technicians.trackerDeviceId
		})
		.from(technicians)
		.where(eq(technicians.id, id));
	return rows[0] ?? null;
}

export async function shiftsOf(db: Db, technicianId: string) {
	return db
		.select({ weekday: technicianShifts.weekday, start: technicianShifts.startsAt, end: technicianShifts.endsAt })
		.from(technicianShifts)
		.where(eq(technicianShifts.technicianId, technicianId))
		.orderBy(asc(technicianShifts.weekday), asc(technicianShifts.startsAt));
}

export type TechnicianRow = {
	code: string;
	name: string;
	team: string | null;
	userId: string | null;
	active: boolean;
	homeBase: { lat: number; lng: number };
	homeComuneName: string | null;
	costPerHourCents: number;
	trackerDeviceId: string | null;
};

export async function insertTechnician(db: Db, id: string, row: TechnicianRow): Promise<void> {
	await db.insert(technicians).values({ id, ...row });
}

export async function updateTechnicianRow(db: Db, id: string, row: TechnicianRow): Promise<boolean> {
	const updated = await db.update(technicians).set(row).where(eq(technicians.id, id)).returning({ id: technicians.id });
	return updated.length > 0;
}

export async function replaceSkills(db: Db, technicianId: string, skills: Array<{ code: string; level: number }>): Promise<void> {
	await db.delete(technicianSkills).where(eq(technicianSkills.technicianId, technicianId));
	if (skills.length) await db.insert(technicianSkills).values(skills.map((s) => ({ technicianId, skillCode: s.code, level: s.level })));
}

export async function replaceShifts(db: Db, technicianId: string, shifts: Array<{ id: string; weekday: number; start: string; end: string }>): Promise<void> {
	await db.delete(technicianShifts).where(eq(technicianShifts.technicianId, technicianId));
	if (shifts.length) await db.insert(technicianShifts).values(shifts.map((s) => ({ id: s.id, technicianId, weekday: s.weekday, startsAt: s.start, endsAt: s.end })));
}

export async function replaceAreas(db: Db, technicianId: string, areaIds: string[]): Promise<void> {
	await db.delete(technicianAreas).where(eq(technicianAreas.technicianId, technicianId));
	if (areaIds.length) await db.insert(technicianAreas).values([...new Set(areaIds)].map((areaId) => ({ technicianId, areaId })));
}

export async function existingAreas(db: Db, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.select({ id: areas.id }).from(areas).where(inArray(areas.id, ids));
	return new Set(rows.map((r) => r.id));
}

export async function userForLink(db: Db, userId: string) {
	const rows = await db.select({ id: users.id, role: users.role, name: users.name }).from(users).where(eq(users.id, userId));
	return rows[0] ?? null;
}

/** Users with the technician role, and which technician each is linked to (for the edit form). */
export async function technicianUsers(db: Db) {
	return db
		.select({ id: users.id, name: users.name, email: users.email, technicianId: technicians.id })
		.from(users)
		.leftJoin(technicians, eq(technicians.userId, users.id))
		.where(eq(users.role, 'technician'))
		.orderBy(asc(users.name));
}

export async function listSkills(db: Db) {
	const rows = await db
		.select({ code: skills.code, nameIt: skills.nameIt, nameEn: skills.nameEn, technicians: sql<number>`(select count(*)::int from technician_skills ts where ts.skill_code = ${skills.code})` })
		.from(skills)
		.orderBy(asc(skills.code));
	return rows.map((r) => ({ ...r, technicians: Number(r.technicians) }));
}

export async function existingSkillCodes(db: Db, codes: string[]): Promise<Set<string>> {
	if (codes.length === 0) return new Set();
	const rows = await db.select({ code: skills.code }).from(skills).where(inArray(skills.code, codes));
	return new Set(rows.map((r) => r.code));
}

export async function insertSkill(db: Db, row: { code: string; nameIt: string; nameEn: string }): Promise<void> {
	await db.insert(skills).values(row);
}

export async function updateSkill(db: Db, code: string, names: { nameIt: string; nameEn: string }): Promise<boolean> {
	const rows = await db.update(skills).set(names).where(eq(skills.code, code)).returning({ code: skills.code });
	return rows.length > 0;
}

export async function deleteSkill(db: Db, code: string): Promise<boolean> {
	const rows = await db.delete(skills).where(eq(skills.code, code)).returning({ code: skills.code });
	return rows.length > 0;
}

export async function skillInUse(db: Db, code: string): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(technicianSkills).where(eq(technicianSkills.skillCode, code));
	return Number(row?.n ?? 0);
}


// ---------------------------------------------------------------------------------------------
// Demo seed: weekly shifts and areas of competence

/** Inserts shift rows for technicians that have none yet (a re-run adds nothing). */
export async function insertShiftsWhereNone(db: Db, rows: Array<{ id: string; technicianId: string; weekday: number; start: string; end: string }>): Promise<number> {
	if (rows.length === 0) return 0;
	const ids = [...new Set(rows.map((r) => r.technicianId))];
	const have = await db.selectDistinct({ id: technicianShifts.technicianId }).from(technicianShifts).where(inArray(technicianShifts.technicianId, ids));
	const skip = new Set(have.map((h) => h.id));
	const fresh = rows.filter((r) => !skip.has(r.technicianId));
	if (fresh.length) await db.insert(technicianShifts).values(fresh.map((r) => ({ id: r.id, technicianId: r.technicianId, weekday: r.weekday, startsAt: r.start, endsAt: r.end })));
	return fresh.length;
}

/** Region and province areas by code ('03', 'MI'): "kind|code" -> area id. */
export async function istatAreaIds(db: Db): Promise<Map<string, string>> {
	const rows = await db.select({ id: areas.id, kind: areas.kind, code: areas.code }).from(areas).where(inArray(areas.kind, ['region', 'province']));
	return new Map(rows.map((r) => [`${r.kind}|${r.code}`, r.id]));
}

export async function linkAreasIfMissing(db: Db, rows: Array<{ technicianId: string; areaId: string }>): Promise<void> {
	if (rows.length) await db.insert(technicianAreas).values(rows).onConflictDoNothing();
}
