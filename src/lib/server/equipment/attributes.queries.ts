import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attributeDefinitions, equipment, equipmentModels } from '../db/schema';
import type { Category } from './models.queries';

export type DefinitionRow = typeof attributeDefinitions.$inferSelect;
export type NewDefinitionRow = typeof attributeDefinitions.$inferInsert;

export async function listDefinitions(db: Db, category?: Category): Promise<DefinitionRow[]> {
	return db
		.select()
		.from(attributeDefinitions)
		.where(category ? eq(attributeDefinitions.category, category) : undefined)
		.orderBy(asc(attributeDefinitions.category), asc(attributeDefinitions.sortOrder), asc(attributeDefinitions.code));
}

export async function findDefinitionById(db: Db, id: string): Promise<DefinitionRow | null> {
	const rows = await db.select().from(attributeDefinitions).where(eq(attributeDefinitions.id, id)).limit(1);
	return rows[0] ?? null;
}

export async function findDefinitionByCode(db: Db, category: Category, code: string): Promise<DefinitionRow | null> {
	const rows = await db
		.select()
		.from(attributeDefinitions)
		.where(and(eq(attributeDefinitions.category, category), eq(attributeDefinitions.code, code)))
		.limit(1);
	return rows[0] ?? null;
}

export async function insertDefinition(db: Db, row: NewDefinitionRow): Promise<void> {
	await db.insert(attributeDefinitions).values(row);
}

export async function updateDefinition(db: Db, id: string, changes: Partial<Omit<NewDefinitionRow, 'id'>>): Promise<void> {
	const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
	if (Object.keys(set).length === 0) return;
	await db.update(attributeDefinitions).set(set).where(eq(attributeDefinitions.id, id));
}

export async function deleteDefinition(db: Db, id: string): Promise<void> {
	await db.delete(attributeDefinitions).where(eq(attributeDefinitions.id, id));
}

/** Units of the category that hold a value for the attribute. */
export async function countUnitsWithAttribute(db: Db, category: Category, code: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.where(and(eq(equipmentModels.category, category), sql`${equipment.attributes} ? ${code}`));
	return row?.n ?? 0;
}
