import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { equipment, equipmentModels, maintenancePlans, meterReadings, meters } from '../db/schema';

/** Units of some categories in service, in serial order, with the meter of a given type when asked. */
export async function unitsForPlans(db: Db, categories: string[], limit: number) {
	return db
		.select({ id: equipment.id, category: equipmentModels.category })
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.where(and(inArray(equipmentModels.category, categories as never[]), eq(equipment.status, 'active')))
		.orderBy(asc(equipment.serialNumber))
		.limit(limit);
}

/** Each unit's meter of this type with its last accepted reading (the counter plans' baseline). */
export async function metersWithLastReading(db: Db, unitIds: string[], meterType: string) {
	if (unitIds.length === 0) return [];
	return db
		.selectDistinctOn([meters.id], { equipmentId: meters.equipmentId, meterId: meters.id, value: meterReadings.value, readAt: meterReadings.readAt })
		.from(meters)
		.innerJoin(meterReadings, and(eq(meterReadings.meterId, meters.id), eq(meterReadings.status, 'accepted')))
		.where(and(inArray(meters.equipmentId, unitIds), eq(meters.meterType, meterType)))
		.orderBy(meters.id, desc(meterReadings.readAt));
}

export async function insertPlans(db: Db, rows: (typeof maintenancePlans.$inferInsert)[]): Promise<void> {
	if (rows.length) await db.insert(maintenancePlans).values(rows).onConflictDoNothing();
}

export async function countPlans(db: Db): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(maintenancePlans);
	return row?.n ?? 0;
}
