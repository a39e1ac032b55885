import { and, asc, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { businessCalendars, contracts, slaLevels, slaTargets } from '../db/schema';

export type SlaLevelRow = typeof slaLevels.$inferSelect;
export type NewSlaLevelRow = typeof slaLevels.$inferInsert;
export type SlaTargetRow = typeof slaTargets.$inferSelect;

const levelColumns = {
	id: slaLevels.id,
	code: slaLevels.code,
	name: slaLevels.name,
	calendarId: slaLevels.calendarId,
	calendarName: businessCalendars.name,
	isDefault: slaLevels.isDefault,
	createdAt: slaLevels.createdAt
};

export async function listLevels(db: Db, limit: number, offset: number) {
	return db
		.select(levelColumns)
		.from(slaLevels)
		.innerJoin(businessCalendars, eq(businessCalendars.id, slaLevels.calendarId))
		.orderBy(desc(slaLevels.isDefault), asc(slaLevels.code))
		.limit(limit)
		.offset(offset);
}

export async function countLevels(db: Db): Promise<number> {
	const [row] = await db.select({ n: count() }).from(slaLevels);
	return row?.n ?? 0;
}

export async function findLevel(db: Db, id: string) {
	const rows = await db
		.select(levelColumns)
		.from(slaLevels)
		.innerJoin(businessCalendars, eq(businessCalendars.id, slaLevels.calendarId))
		.where(eq(slaLevels.id, id))
		.limit(1);
	return rows[0] ?? null;
}

export async function findDefaultLevel(db: Db) {
	const rows = await db
		.select(levelColumns)
		.from(slaLevels)
		.innerJoin(businessCalendars, eq(businessCalendars.id, slaLevels.calendarId))
		.where(eq(slaLevels.isDefault, true))
		.orderBy(asc(slaLevels.createdAt))
		.limit(1);
	return rows[0] ?? null;
}

export async function findLevelByCode(db: Db, code: string): Promise<{ id: string } | null> {
	const rows = await db
		.select({ id: slaLevels.id })
		.from(slaLevels)
		.where(sql`lower(${slaLevels.code}) = lower(${code})`)
		.limit(1);
	return rows[0] ?? null;
}

export async function targetsOf(db: Db, levelIds: string[]): Promise<SlaTargetRow[]> {
	if (levelIds.length === 0) return [];
	return db.select().from(slaTargets).where(inArray(slaTargets.slaLevelId, levelIds));
}

/**
 * Serialises every change of the default flag: two admins making two different levels the
 * default at the same moment would otherwise both clear the others and both win.
 */
export async function lockDefaultFlag(db: Db): Promise<void> {
	await db.execute(sql`select pg_advisory_xact_lock(hashtext('quadro:sla_levels:default'))`);
}

export async function countDefaults(db: Db): Promise<number> {
	const [row] = await db.select({ n: count() }).from(slaLevels).where(eq(slaLevels.isDefault, true));
	return row?.n ?? 0;
}

export async function clearDefaultExcept(db: Db, id: string): Promise<void> {
	await db
		.update(slaLevels)
		.set({ isDefault: false })
		.where(and(eq(slaLevels.isDefault, true), ne(slaLevels.id, id)));
}

export async function insertLevel(db: Db, row: NewSlaLevelRow): Promise<void> {
	await db.insert(slaLevels).values(row);
}

export async function updateLevel(db: Db, id: string, changes: Partial<Omit<NewSlaLevelRow, 'id'>>): Promise<void> {
	if (Object.keys(changes).length === 0) return;
	await db.update(slaLevels).set(changes).where(eq(slaLevels.id, id));
}

export async function upsertTargets(db: Db, rows: SlaTargetRow[]): Promise<void> {
	if (rows.length === 0) return;
	await db
		.insert(slaTargets)
		.values(rows)
		.onConflictDoUpdate({
			target: [slaTargets.slaLevelId, slaTargets.priority],
			set: {
				acknowledgeMinutes: sql`excluded.acknowledge_minutes`,
				onsiteMinutes: sql`excluded.onsite_minutes`,
				resolutionMinutes: sql`excluded.resolution_minutes`
			}
		});
}

export async function contractsUsingLevel(db: Db, levelId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(contracts).where(eq(contracts.slaLevelId, levelId));
	return row?.n ?? 0;
}

export async function deleteLevel(db: Db, id: string): Promise<void> {
	await db.delete(slaLevels).where(eq(slaLevels.id, id));
}
