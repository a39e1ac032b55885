import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { calls, equipment, maintenanceOccurrences, maintenancePlans, meters, meterTypes, sites } from '../db/schema';

export type PlanRow = typeof maintenancePlans.$inferSelect;
export type NewPlanRow = typeof maintenancePlans.$inferInsert;

/** The unit a plan belongs to, with where it stands now (site and customer). */
export async function findUnit(db: Db, equipmentId: string) {
	const rows = await db
		.select({ id: equipment.id, status: equipment.status, siteId: equipment.siteId, customerId: sites.customerId })
		.from(equipment)
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.where(eq(equipment.id, equipmentId))
		.limit(1);
	return rows[0] ?? null;
}

export async function findMeterOfUnit(db: Db, meterId: string, equipmentId: string) {
	const rows = await db
		.select({ id: meters.id, maxValue: meters.maxValue, meterType: meters.meterType, unitIt: meterTypes.unitIt, unitEn: meterTypes.unitEn })
		.from(meters)
		.innerJoin(meterTypes, eq(meterTypes.code, meters.meterType))
		.where(and(eq(meters.id, meterId), eq(meters.equipmentId, equipmentId)))
		.limit(1);
	return rows[0] ?? null;
}

const planView = {
	plan: maintenancePlans,
	meterType: meters.meterType,
	meterMax: meters.maxValue,
	unitIt: meterTypes.unitIt,
	unitEn: meterTypes.unitEn
};

export async function listPlansOfUnit(db: Db, equipmentId: string) {
	return db
		.select(planView)
		.from(maintenancePlans)
		.leftJoin(meters, eq(meters.id, maintenancePlans.meterId))
		.leftJoin(meterTypes, eq(meterTypes.code, meters.meterType))
		.where(eq(maintenancePlans.equipmentId, equipmentId))
		.orderBy(asc(maintenancePlans.createdAt), asc(maintenancePlans.id));
}

export async function findPlan(db: Db, id: string) {
	const rows = await db
		.select(planView)
		.from(maintenancePlans)
		.leftJoin(meters, eq(meters.id, maintenancePlans.meterId))
		.leftJoin(meterTypes, eq(meterTypes.code, meters.meterType))
		.where(eq(maintenancePlans.id, id))
		.limit(1);
	return rows[0] ?? null;
}

export type PlanView = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

export async function insertPlan(db: Db, row: NewPlanRow): Promise<void> {
	await db.insert(maintenancePlans).values(row);
}

export async function updatePlan(db: Db, id: string, changes: Partial<NewPlanRow>): Promise<void> {
	await db
		.update(maintenancePlans)
		.set({ ...changes, updatedAt: new Date() })
		.where(eq(maintenancePlans.id, id));
}

export async function deletePlan(db: Db, id: string): Promise<boolean> {
	const rows = await db.delete(maintenancePlans).where(eq(maintenancePlans.id, id)).returning({ id: maintenancePlans.id });
	return rows.length > 0;
}

/** Locks a plan's row (as a generation run does) and counts the calls it generated. */
export async function lockPlanAndCountOccurrences(tx: Db, planId: string): Promise<number> {
	await tx.select({ id: maintenancePlans.id }).from(maintenancePlans).where(eq(maintenancePlans.id, planId)).for('update');
	return countOccurrences(tx, planId);
}

export async function countOccurrences(db: Db, planId: string): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(maintenanceOccurrences).where(eq(maintenanceOccurrences.planId, planId));
	return row?.n ?? 0;
}

/** The last generated occurrence of a plan with its call's number and status now. */
export async function lastOccurrence(db: Db, planId: string) {
	const rows = await db
		.select({ occurrence: maintenanceOccurrences.occurrence, dueOn: maintenanceOccurrences.dueOn, callId: calls.id, callNumber: calls.number, callStatus: calls.status })
		.from(maintenanceOccurrences)
		.innerJoin(calls, eq(calls.id, maintenanceOccurrences.callId))
		.where(eq(maintenanceOccurrences.planId, planId))
		.orderBy(desc(maintenanceOccurrences.occurrence))
		.limit(1);
	return rows[0] ?? null;
}

/** Active plans of units still in service: the daily run's candidates (re-checked under lock). */
export async function candidatePlanIds(db: Db, equipmentId?: string): Promise<string[]> {
	const rows = await db
		.select({ id: maintenancePlans.id })
		.from(maintenancePlans)
		.innerJoin(equipment, eq(equipment.id, maintenancePlans.equipmentId))
		.where(and(eq(maintenancePlans.active, true), ne(equipment.status, 'decommissioned'), equipmentId ? eq(maintenancePlans.equipmentId, equipmentId) : undefined))
		.orderBy(asc(maintenancePlans.id));
	return rows.map((r) => r.id);
}

/**
 * Locks one plan for a run and reads its unit's state; null when another run holds it (that run
 * decides it). Skipping rather than waiting keeps concurrent runs from queueing on the lock while
 * each holds a pooled connection, and still gives one call per occurrence.
 */
export async function lockPlanForRun(tx: Db, id: string) {
	const rows = await tx
		.select({ plan: maintenancePlans, unitStatus: equipment.status, siteId: equipment.siteId, customerId: sites.customerId, meterMax: meters.maxValue })
		.from(maintenancePlans)
		.innerJoin(equipment, eq(equipment.id, maintenancePlans.equipmentId))
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.leftJoin(meters, eq(meters.id, maintenancePlans.meterId))
		.where(eq(maintenancePlans.id, id))
		.for('update', { of: maintenancePlans, skipLocked: true })
		.limit(1);
	return rows[0] ?? null;
}

export async function insertOccurrence(tx: Db, row: typeof maintenanceOccurrences.$inferInsert): Promise<void> {
	await tx.insert(maintenanceOccurrences).values(row);
}
