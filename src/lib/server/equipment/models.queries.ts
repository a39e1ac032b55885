import { and, asc, count, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { equipment, equipmentModels, meters, meterTypes } from '../db/schema';
import { uuidv7 } from '../ids';

export type ModelRow = typeof equipmentModels.$inferSelect;
export type NewModelRow = typeof equipmentModels.$inferInsert;
export type Category = ModelRow['category'];

export async function listModels(db: Db, filter: { q?: string; category?: Category } = {}) {
	const conditions = [];
	if (filter.category) conditions.push(eq(equipmentModels.category, filter.category));
	if (filter.q) {
		const like = `%${escapeLike(filter.q)}%`;
		conditions.push(or(ilike(equipmentModels.brand, like), ilike(equipmentModels.model, like), ilike(equipmentModels.family, like)));
	}
	return db
		.select({
			id: equipmentModels.id,
			brand: equipmentModels.brand,
			model: equipmentModels.model,
			family: equipmentModels.family,
			category: equipmentModels.category,
			meterTypes: equipmentModels.meterTypes,
			createdAt: equipmentModels.createdAt,
			units: sql<number>`(select count(*) from ${equipment} where ${equipment.modelId} = ${equipmentModels.id})::int`
		})
		.from(equipmentModels)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(asc(equipmentModels.brand), asc(equipmentModels.model));
}

export async function listAllModels(db: Db): Promise<ModelRow[]> {
	return db.select().from(equipmentModels);
}

export async function findModelById(db: Db, id: string): Promise<ModelRow | null> {
	const rows = await db.select().from(equipmentModels).where(eq(equipmentModels.id, id)).limit(1);
	return rows[0] ?? null;
}

/** Brand and model compared without regard to case: "RICOH" and "Ricoh" are one brand. */
export async function findModelByBrandModel(db: Db, brand: string, model: string): Promise<ModelRow | null> {
	const rows = await db
		.select()
		.from(equipmentModels)
		.where(and(sql`lower(${equipmentModels.brand}) = lower(${brand})`, sql`lower(${equipmentModels.model}) = lower(${model})`))
		.limit(1);
	return rows[0] ?? null;
}

/** The spelling already used for a brand, so new models and units reuse it. */
export async function findBrandSpelling(db: Db, brand: string, exceptModelId?: string): Promise<string | null> {
	const rows = await db
		.select({ brand: equipmentModels.brand })
		.from(equipmentModels)
		.where(
			and(
				sql`lower(${equipmentModels.brand}) = lower(${brand})`,
				exceptModelId ? sql`${equipmentModels.id} <> ${exceptModelId}` : undefined
			)
		)
		.limit(1);
	return rows[0]?.brand ?? null;
}

export async function insertModel(db: Db, row: NewModelRow): Promise<void> {
	await db.insert(equipmentModels).values(row);
}

export async function updateModel(db: Db, id: string, changes: Partial<Omit<NewModelRow, 'id'>>): Promise<void> {
	const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
	if (Object.keys(set).length === 0) return;
	await db.update(equipmentModels).set(set).where(eq(equipmentModels.id, id));
}

export async function deleteModel(db: Db, id: string): Promise<void> {
	await db.delete(equipmentModels).where(eq(equipmentModels.id, id));
}

export async function countUnitsOfModel(db: Db, modelId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(equipment).where(eq(equipment.modelId, modelId));
	return row?.n ?? 0;
}

/** Units copy their model's brand (serial uniqueness is per brand): keep them in step. */
export async function setBrandOfModelUnits(db: Db, modelId: string, brand: string): Promise<void> {
	await db.update(equipment).set({ brand, updatedAt: new Date() }).where(eq(equipment.modelId, modelId));
}

/** A meter type added to a model gives every existing unit of the model that meter. */
export async function addMetersToModelUnits(db: Db, modelId: string, types: string[]): Promise<void> {
	if (types.length === 0) return;
	const units = await db.select({ id: equipment.id }).from(equipment).where(eq(equipment.modelId, modelId));
	const rows = units.flatMap((u) => types.map((t) => ({ id: uuidv7(), equipmentId: u.id, meterType: t })));
	for (let i = 0; i < rows.length; i += 1000) await db.insert(meters).values(rows.slice(i, i + 1000)).onConflictDoNothing();
}

export async function listMeterTypes(db: Db) {
	return db.select().from(meterTypes).orderBy(asc(meterTypes.code));
}

export async function existingMeterTypeCodes(db: Db, codes: string[]): Promise<Set<string>> {
	if (codes.length === 0) return new Set();
	const rows = await db.select({ code: meterTypes.code }).from(meterTypes).where(inArray(meterTypes.code, codes));
	return new Set(rows.map((r) => r.code));
}

export function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (c) => '\\' + c);
}
