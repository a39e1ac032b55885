import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { technicians, technicianSkills } from '../db/schema';

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
