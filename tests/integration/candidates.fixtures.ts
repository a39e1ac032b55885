// Test arrangement for the candidates tests: rows inserted directly (customers, calls, positions
// and the board's projection belong to other modules; here they are only the stage).
import { sql } from 'drizzle-orm';
import type { ShiftSegment } from '../../src/lib/domain/free-windows';
import type { Db } from '../../src/lib/server/db/client';
import { assignments, calls, customers, sites, skills, technicianPositions, technicianShifts, technicians, technicianSkills, unavailability } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';

let counter = 0;
let callSeq = 0;
const tag = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase();
export type Point = { lat: number; lng: number };

export async function insertSkills(db: Db, codes: string[]) {
	await db
		.insert(skills)
		.values(codes.map((code) => ({ code, nameIt: `Abilità ${code}`, nameEn: `Skill ${code}` })))
		.onConflictDoNothing();
}

export async function insertSite(db: Db, at: Point) {
	const customerId = uuidv7();
	const siteId = uuidv7();
	await db.insert(customers).values({ id: customerId, code: `T${tag()}`, businessName: 'Cliente Srl', address: 'Via Roma 1' });
	await db.insert(sites).values({
		id: siteId,
		customerId,
		name: 'Sede',
		address: 'Via Roma 1',
		comuneIstat: '015146',
		comuneName: 'Milano',
		province: 'MI',
		regionCode: '03',
		location: { lat: at.lat, lng: at.lng }
	});
	return { customerId, siteId };
}

export async function insertCall(
	db: Db,
	site: { customerId: string; siteId: string },
	opts: { requiredSkills?: string[]; estimatedMinutes?: number; onsiteDue?: Date | null } = {}
) {
	const id = uuidv7();
	// Numbers unique per database: the demo seed's calls stay far below, random ones collided.
	const seq = 100000 + callSeq++;
	await db.insert(calls).values({
		id,
		number: `2026/${id.slice(-10)}`,
		year: 2026,
		seq,
		customerId: site.customerId,
		siteId: site.siteId,
		priority: 'high',
		type: 'breakdown',
		description: 'Guasto',
		requiredSkills: opts.requiredSkills ?? [],
		estimatedMinutes: opts.estimatedMinutes ?? 60,
		onsiteDue: opts.onsiteDue ?? null
	});
	return id;
}

export const WEEKDAY_SHIFTS: ShiftSegment[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
	{ weekday, start: '08:00', end: '12:30' },
	{ weekday, start: '13:30', end: '17:30' }
]);

export type TechSpec = {
	id?: string;
	name: string;
	home: Point;
	active?: boolean;
	skills?: Record<string, number>;
	position?: Point & { recordedAt: Date };
	shifts?: ShiftSegment[];
	areaIds?: string[];
};

export async function insertTechnician(db: Db, spec: TechSpec): Promise<string> {
	const id = spec.id ?? uuidv7();
	await db.insert(technicians).values({ id, code: `X${tag()}`, name: spec.name, homeBase: spec.home, active: spec.active ?? true });
	const held = Object.entries(spec.skills ?? {});
	if (held.length) await db.insert(technicianSkills).values(held.map(([skillCode, level]) => ({ technicianId: id, skillCode, level })));
	const shifts = spec.shifts ?? WEEKDAY_SHIFTS;
	if (shifts.length) await db.insert(technicianShifts).values(shifts.map((s) => ({ id: uuidv7(), technicianId: id, weekday: s.weekday, startsAt: s.start, endsAt: s.end })));
	if (spec.position)
		await db.insert(technicianPositions).values({ technicianId: id, location: { lat: spec.position.lat, lng: spec.position.lng }, source: 'phone', recordedAt: spec.position.recordedAt });
	for (const areaId of spec.areaIds ?? []) await db.execute(sql`insert into technician_areas (technician_id, area_id) values (${id}, ${areaId})`);
	return id;
}

/** A custom area: the rectangle between two corners. */
export async function insertBoxArea(db: Db, name: string, sw: Point, ne: Point): Promise<string> {
	const id = uuidv7();
	await db.execute(
		sql`insert into areas (id, kind, code, name, geometry) values (${id}, 'custom', null, ${name}, st_multi(st_makeenvelope(${sw.lng}, ${sw.lat}, ${ne.lng}, ${ne.lat}, 4326)))`
	);
	return id;
}

export async function insertAssignment(db: Db, technicianId: string, callId: string, day: string, startsAt: Date, endsAt: Date) {
	await db.insert(assignments).values({ id: uuidv7(), day, callId, technicianId, startsAt, endsAt, status: 'planned' });
}

export async function insertAbsence(db: Db, technicianId: string, day: string, startsAt: Date, endsAt: Date) {
	await db.insert(unavailability).values({ id: uuidv7(), day, technicianId, startsAt, endsAt, reason: 'ferie' });
}
