import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { ProjectedAssignment, ProjectedBlock } from '$lib/domain/board-projection';
import type { Db } from '../db/client';
import { uuidv7 } from '../ids';
import { areas, assignments, calls, callStatusHistory, technicianAreas, technicians, technicianShifts, unavailability } from '../db/schema';

export async function loadDayAssignments(db: Db, day: string): Promise<ProjectedAssignment[]> {
	const rows = await db.select().from(assignments).where(eq(assignments.day, day)).orderBy(asc(assignments.id));
	return rows.map((r) => ({
		id: r.id,
		day: r.day,
		callId: r.callId,
		technicianId: r.technicianId,
		startsAt: r.startsAt.toISOString(),
		endsAt: r.endsAt.toISOString(),
		status: r.status,
		note: r.note
	}));
}

export async function loadDayBlocks(db: Db, day: string): Promise<ProjectedBlock[]> {
	const rows = await db.select().from(unavailability).where(eq(unavailability.day, day)).orderBy(asc(unavailability.id));
	return rows.map((r) => ({ id: r.id, day: r.day, technicianId: r.technicianId, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(), reason: r.reason }));
}

/** Of these calls, the ones that exist and can still be planned, with their status. */
export async function plannableCalls(db: Db, ids: string[]): Promise<Map<string, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db.select({ id: calls.id, status: calls.status }).from(calls).where(inArray(calls.id, ids));
	return new Map(rows.map((r) => [r.id, r.status]));
}

export async function activeTechnicianIds(db: Db, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db
		.select({ id: technicians.id })
		.from(technicians)
		.where(and(inArray(technicians.id, ids), eq(technicians.active, true)));
	return new Set(rows.map((r) => r.id));
}

export async function upsertAssignments(db: Db, rows: ProjectedAssignment[]): Promise<void> {
	if (rows.length === 0) return;
	await db
		.insert(assignments)
		.values(rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt), updatedAt: new Date() })))
		.onConflictDoUpdate({
			target: assignments.id,
			set: {
				day: sql`excluded.day`,
				callId: sql`excluded.call_id`,
				technicianId: sql`excluded.technician_id`,
				startsAt: sql`excluded.starts_at`,
				endsAt: sql`excluded.ends_at`,
				status: sql`excluded.status`,
				note: sql`excluded.note`,
				updatedAt: sql`excluded.updated_at`
			}
		});
}

export async function deleteAssignments(db: Db, ids: string[]): Promise<void> {
	if (ids.length) await db.delete(assignments).where(inArray(assignments.id, ids));
}

export async function upsertBlocks(db: Db, rows: ProjectedBlock[]): Promise<void> {
	if (rows.length === 0) return;
	await db
		.insert(unavailability)
		.values(rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt), updatedAt: new Date() })))
		.onConflictDoUpdate({
			target: unavailability.id,
			set: {
				day: sql`excluded.day`,
				technicianId: sql`excluded.technician_id`,
				startsAt: sql`excluded.starts_at`,
				endsAt: sql`excluded.ends_at`,
				reason: sql`excluded.reason`,
				updatedAt: sql`excluded.updated_at`
			}
		});
}

export async function deleteBlocks(db: Db, ids: string[]): Promise<void> {
	if (ids.length) await db.delete(unavailability).where(inArray(unavailability.id, ids));
}

/**
 * A call with assignments on any day is 'assigned' (unless further along); one without any goes
 * back to 'new'. Records each change in the call's history.
 */
export async function syncCallStatuses(db: Db, callIds: string[], byUser: string | null): Promise<Array<{ id: string; number: string; status: string }>> {
	if (callIds.length === 0) return [];
	const changed: Array<{ id: string; number: string; status: string }> = [];
	const rows = await db
		.select({
			id: calls.id,
			number: calls.number,
			status: calls.status,
			// Spelled out: Drizzle renders ${calls.id} unqualified here, which the subquery would rebind.
			planned: sql<number>`(select count(*)::int from assignments a where a.call_id = calls.id)`
		})
		.from(calls)
		.where(inArray(calls.id, callIds));
	for (const row of rows) {
		const next = row.planned > 0 && row.status === 'new' ? 'assigned' : row.planned === 0 && (row.status === 'assigned' || row.status === 'confirmed') ? 'new' : null;
		if (!next) continue;
		// Planning a call on the board is the dispatcher taking charge of it, the first time.
		await db
			.update(calls)
			.set({ status: next, updatedAt: new Date(), ...(next === 'assigned' ? { acknowledgedAt: sql`coalesce(${calls.acknowledgedAt}, now())`, acknowledgedBy: sql`coalesce(${calls.acknowledgedBy}, ${byUser})` } : {}) })
			.where(eq(calls.id, row.id));
		await db.insert(callStatusHistory).values({ id: uuidv7(), callId: row.id, fromStatus: row.status, toStatus: next, byUser, reason: 'board' });
		changed.push({ id: row.id, number: row.number, status: next });
	}
	return changed;
}

export async function callFacts(db: Db, ids: string[]) {
	if (ids.length === 0) return [];
	return db
		.select({ id: calls.id, number: calls.number, siteId: calls.siteId, requiredSkills: calls.requiredSkills, onsiteDue: calls.onsiteDue })
		.from(calls)
		.where(inArray(calls.id, ids));
}

export type ShiftRow = { technicianId: string; weekday: number; startsAt: string; endsAt: string };

/** Weekly shift segments of these technicians ("HH:MM:SS" wall clock, Europe/Rome). */
export async function shiftRowsOf(db: Db, technicianIds: string[]): Promise<ShiftRow[]> {
	if (technicianIds.length === 0) return [];
	return db
		.select({ technicianId: technicianShifts.technicianId, weekday: technicianShifts.weekday, startsAt: technicianShifts.startsAt, endsAt: technicianShifts.endsAt })
		.from(technicianShifts)
		.where(inArray(technicianShifts.technicianId, technicianIds))
		.orderBy(asc(technicianShifts.technicianId), asc(technicianShifts.weekday), asc(technicianShifts.startsAt));
}

/** Areas some technician covers: the choices of the board's area filter. */
export async function areasWithTechnicians(db: Db): Promise<Array<{ id: string; kind: string; name: string }>> {
	return db
		.selectDistinct({ id: areas.id, kind: areas.kind, name: areas.name })
		.from(areas)
		.innerJoin(technicianAreas, eq(technicianAreas.areaId, areas.id))
		.orderBy(asc(areas.name), asc(areas.id));
}

/**
 * Of these calls, the ones with assignments on days other than `day`, with those days in order:
 * the queue says "planned on <date>" instead of offering them as unplanned.
 */
export async function callsPlannedOutside(db: Db, day: string, callIds: string[]): Promise<Map<string, string[]>> {
	if (callIds.length === 0) return new Map();
	const rows = await db
		.selectDistinct({ callId: assignments.callId, day: assignments.day })
		.from(assignments)
		.where(and(inArray(assignments.callId, callIds), ne(assignments.day, day)))
		.orderBy(asc(assignments.callId), asc(assignments.day));
	const out = new Map<string, string[]>();
	for (const r of rows) out.set(r.callId, [...(out.get(r.callId) ?? []), r.day]);
	return out;
}
