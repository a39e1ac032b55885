import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	assignments,
	calls,
	callStatusHistory,
	customers,
	equipment,
	equipmentModels,
	meterReadings,
	meters,
	sites,
	technicianPositions,
	technicians,
	technicianSkills,
	unavailability
} from '../db/schema';

/** The technician record behind a login, with skill codes and home base. */
export async function technicianOfUser(db: Db, userId: string) {
	const rows = await db
		.select({ id: technicians.id, name: technicians.name, homeBase: technicians.homeBase, active: technicians.active })
		.from(technicians)
		.where(eq(technicians.userId, userId))
		.limit(1);
	const tech = rows[0];
	if (!tech) return null;
	const skills = await db.select({ code: technicianSkills.skillCode, level: technicianSkills.level }).from(technicianSkills).where(eq(technicianSkills.technicianId, tech.id));
	return { ...tech, skills };
}

export async function userIdsOfTechnicians(db: Db, technicianIds: string[]): Promise<Map<string, string>> {
	if (technicianIds.length === 0) return new Map();
	const rows = await db
		.select({ id: technicians.id, userId: technicians.userId })
		.from(technicians)
		.where(and(inArray(technicians.id, technicianIds), isNotNull(technicians.userId)));
	return new Map(rows.map((r) => [r.id, r.userId!]));
}

/** The phone to call: the call's own contact, else the first site contact with a phone, else the customer's. */
const contactPhone = sql<string | null>`coalesce(${calls.contactPhone}, (select c.phone from contacts c where c.site_id = ${calls.siteId} and c.phone is not null order by c.created_at limit 1), ${customers.phone})`;
const contactName = sql<string | null>`coalesce(${calls.contactName}, (select c.name from contacts c where c.site_id = ${calls.siteId} and c.phone is not null order by c.created_at limit 1))`;

const jobView = {
	assignmentId: assignments.id,
	day: assignments.day,
	startsAt: assignments.startsAt,
	endsAt: assignments.endsAt,
	assignmentStatus: assignments.status,
	callId: calls.id,
	number: calls.number,
	callStatus: calls.status,
	statusReason: calls.statusReason,
	priority: calls.priority,
	type: calls.type,
	description: calls.description,
	onsiteDue: calls.onsiteDue,
	estimatedMinutes: calls.estimatedMinutes,
	customerName: customers.businessName,
	siteName: sites.name,
	address: sites.address,
	comune: sites.comuneName,
	province: sites.province,
	location: sites.location,
	accessNotes: sites.accessNotes,
	equipmentId: equipment.id,
	serial: equipment.serialNumber,
	brand: equipmentModels.brand,
	model: equipmentModels.model,
	contactName,
	contactPhone
};

function jobsQuery(db: Db) {
	return db
		.select(jobView)
		.from(assignments)
		.innerJoin(calls, eq(calls.id, assignments.callId))
		.innerJoin(customers, eq(customers.id, calls.customerId))
		.innerJoin(sites, eq(sites.id, calls.siteId))
		.leftJoin(equipment, eq(equipment.id, calls.equipmentId))
		.leftJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId));
}

export type JobRow = Awaited<ReturnType<typeof dayJobs>>[number];

/** Who holds an assignment of a call (technicians with a login), for telling them the office changed it. */
export async function assignedUsersOfCall(db: Db, callId: string): Promise<Array<{ userId: string; assignmentId: string; day: string }>> {
	const rows = await db
		.select({ userId: technicians.userId, assignmentId: assignments.id, day: assignments.day })
		.from(assignments)
		.innerJoin(technicians, eq(technicians.id, assignments.technicianId))
		.where(and(eq(assignments.callId, callId), isNotNull(technicians.userId)));
	return rows.map((r) => ({ userId: r.userId!, assignmentId: r.assignmentId, day: String(r.day) }));
}

/** One technician's assignments on a day, in time order (the board's read model joined to the calls). */
export async function dayJobs(db: Db, technicianId: string, day: string) {
	return jobsQuery(db)
		.where(and(eq(assignments.technicianId, technicianId), eq(assignments.day, day)))
		.orderBy(asc(assignments.startsAt), asc(assignments.id));
}

/** The latest assignment of this call to this technician, or null when the call is not theirs. */
export async function jobOfTechnician(db: Db, technicianId: string, callId: string) {
	const rows = await jobsQuery(db)
		.where(and(eq(assignments.technicianId, technicianId), eq(assignments.callId, callId)))
		.orderBy(desc(assignments.startsAt))
		.limit(1);
	return rows[0] ?? null;
}

/**
 * The technician behind a login and whether this call is assigned to them, in one statement: the
 * status change's ownership check (no job view, no skills: it only needs the answer).
 */
export async function technicianAndAssignment(db: Db, userId: string, callId: string): Promise<{ id: string; active: boolean; mine: boolean } | null> {
	const rows = await db
		.select({
			id: technicians.id,
			active: technicians.active,
			// Spelled out: inside select fields drizzle may leave the outer column unqualified, which the
			// subquery would read as its own a.id.
			mine: sql<boolean>`exists (select 1 from assignments a where a.technician_id = technicians.id and a.call_id = ${callId})`
		})
		.from(technicians)
		.where(eq(technicians.userId, userId))
		.limit(1);
	return rows[0] ?? null;
}

export async function assignmentOfTechnician(db: Db, technicianId: string, assignmentId: string) {
	const rows = await db
		.select()
		.from(assignments)
		.where(and(eq(assignments.id, assignmentId), eq(assignments.technicianId, technicianId)))
		.limit(1);
	return rows[0] ?? null;
}

export async function assignmentById(db: Db, assignmentId: string) {
	const rows = await db.select().from(assignments).where(eq(assignments.id, assignmentId)).limit(1);
	return rows[0] ?? null;
}

export async function countOtherAssignments(db: Db, callId: string, exceptAssignmentId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(assignments)
		.where(and(eq(assignments.callId, callId), ne(assignments.id, exceptAssignmentId)));
	return row?.n ?? 0;
}

/** Busy intervals of a technician on a day: assignments and unavailability blocks. */
export async function busyIntervals(db: Db, technicianId: string, day: string): Promise<Array<{ start: Date; end: Date }>> {
	const a = await db.select({ start: assignments.startsAt, end: assignments.endsAt }).from(assignments).where(and(eq(assignments.technicianId, technicianId), eq(assignments.day, day)));
	const b = await db
		.select({ start: unavailability.startsAt, end: unavailability.endsAt })
		.from(unavailability)
		.where(and(eq(unavailability.technicianId, technicianId), eq(unavailability.day, day)));
	return [...a, ...b];
}

/** Where to measure "nearby" from: the last phone/vehicle position when recent, else the home base. */
export async function originOfTechnician(db: Db, technicianId: string, freshSince: Date) {
	const rows = await db
		.select({ location: technicianPositions.location, recordedAt: technicianPositions.recordedAt })
		.from(technicianPositions)
		.where(and(eq(technicianPositions.technicianId, technicianId), sql`${technicianPositions.recordedAt} >= ${freshSince.toISOString()}`))
		.limit(1);
	return rows[0] ?? null;
}

/**
 * Unassigned open calls whose required skills the technician has, nearest first from the point.
 * Few calls are unassigned at a time, so the skill filter runs before the distance sort.
 */
export async function freeCallsNear(db: Db, params: { skills: string[]; lng: number; lat: number; limit: number }) {
	const point = sql`ST_SetSRID(ST_MakePoint(${params.lng}, ${params.lat}), 4326)::geography`;
	return db
		.select({
			callId: calls.id,
			number: calls.number,
			priority: calls.priority,
			type: calls.type,
			description: calls.description,
			onsiteDue: calls.onsiteDue,
			estimatedMinutes: calls.estimatedMinutes,
			requiredSkills: calls.requiredSkills,
			customerName: customers.businessName,
			address: sites.address,
			comune: sites.comuneName,
			province: sites.province,
			location: sites.location,
			serial: equipment.serialNumber,
			distanceMeters: sql<number>`ST_Distance(${sites.location}::geography, ${point})::float8`
		})
		.from(calls)
		.innerJoin(customers, eq(customers.id, calls.customerId))
		.innerJoin(sites, eq(sites.id, calls.siteId))
		.leftJoin(equipment, eq(equipment.id, calls.equipmentId))
		.where(
			and(
				eq(calls.status, 'new'),
				sql`not exists (select 1 from assignments a where a.call_id = ${calls.id})`,
				sql`${calls.requiredSkills} <@ ${sql.param(params.skills)}::text[]`
			)
		)
		.orderBy(sql`${sites.location}::geography <-> ${point}`)
		.limit(params.limit);
}

/**
 * Claims an unassigned call in one conditional update: of two technicians racing, the second
 * finds the status already changed (its update waits on the first's row lock, then matches nothing).
 */
export async function claimFreeCall(tx: Db, callId: string) {
	const rows = await tx
		.update(calls)
		.set({ status: 'assigned', updatedAt: new Date() })
		.where(and(eq(calls.id, callId), eq(calls.status, 'new'), sql`not exists (select 1 from assignments a where a.call_id = ${calls.id})`))
		.returning({ id: calls.id, number: calls.number, estimatedMinutes: calls.estimatedMinutes, requiredSkills: calls.requiredSkills, acknowledgedAt: calls.acknowledgedAt });
	return rows[0] ?? null;
}

export async function callStatusOf(db: Db, callId: string) {
	const rows = await db.select({ id: calls.id, number: calls.number, status: calls.status }).from(calls).where(eq(calls.id, callId)).limit(1);
	return rows[0] ?? null;
}

/** The unit's last calls and each meter's last readings (accepted or in review). */
export async function unitHistory(db: Db, equipmentId: string, limit = 5) {
	const lastCalls = await db
		.select({ id: calls.id, number: calls.number, status: calls.status, type: calls.type, description: calls.description, createdAt: calls.createdAt, statusReason: calls.statusReason })
		.from(calls)
		.where(eq(calls.equipmentId, equipmentId))
		.orderBy(desc(calls.createdAt))
		.limit(limit);
	const readings = await db
		.select({ meterType: meters.meterType, value: meterReadings.value, readAt: meterReadings.readAt, status: meterReadings.status })
		.from(meterReadings)
		.innerJoin(meters, eq(meters.id, meterReadings.meterId))
		.where(and(eq(meters.equipmentId, equipmentId), ne(meterReadings.status, 'rejected')))
		.orderBy(desc(meterReadings.readAt))
		.limit(limit * 3);
	return { lastCalls, readings };
}

export async function unitSummary(db: Db, equipmentId: string) {
	const rows = await db
		.select({ id: equipment.id, serial: equipment.serialNumber, brand: equipmentModels.brand, model: equipmentModels.model })
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.where(eq(equipment.id, equipmentId))
		.limit(1);
	return rows[0] ?? null;
}

/** Whether any assignment of this technician (any day) is on a call for the unit. */
export async function technicianWorksOnUnit(db: Db, technicianId: string, equipmentId: string): Promise<boolean> {
	const rows = await db
		.select({ id: assignments.id })
		.from(assignments)
		.innerJoin(calls, eq(calls.id, assignments.callId))
		.where(and(eq(assignments.technicianId, technicianId), eq(calls.equipmentId, equipmentId)))
		.limit(1);
	return rows.length > 0;
}

export async function callHistoryOf(db: Db, callId: string) {
	return db
		.select({ fromStatus: callStatusHistory.fromStatus, toStatus: callStatusHistory.toStatus, at: callStatusHistory.at, deviceAt: callStatusHistory.deviceAt, reason: callStatusHistory.reason })
		.from(callStatusHistory)
		.where(eq(callStatusHistory.callId, callId))
		.orderBy(asc(callStatusHistory.at));
}
