import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { comuni, meterTypes, patronDays } from '../db/schema';

export type NewComune = typeof comuni.$inferInsert;
export type NewMeterType = typeof meterTypes.$inferInsert;
export type NewPatronDay = typeof patronDays.$inferInsert;

export async function upsertComuni(db: Db, rows: NewComune[]): Promise<void> {
	await db
		.insert(comuni)
		.values(rows)
		.onConflictDoUpdate({
			target: comuni.istat,
			set: {
				name: sql`excluded.name`,
				province: sql`excluded.province`,
				regionCode: sql`excluded.region_code`,
				caps: sql`excluded.caps`,
				location: sql`excluded.location`,
				population: sql`excluded.population`
			}
		});
}

export async function countComuni(db: Db): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(comuni);
	return row?.n ?? 0;
}

export async function upsertMeterTypes(db: Db, rows: NewMeterType[]): Promise<void> {
	await db
		.insert(meterTypes)
		.values(rows)
		.onConflictDoUpdate({
			target: meterTypes.code,
			set: { nameIt: sql`excluded.name_it`, nameEn: sql`excluded.name_en`, unitIt: sql`excluded.unit_it`, unitEn: sql`excluded.unit_en` }
		});
}

export async function countPatronDays(db: Db): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(patronDays);
	return row?.n ?? 0;
}

export async function insertPatronDays(db: Db, rows: NewPatronDay[]): Promise<void> {
	if (rows.length) await db.insert(patronDays).values(rows);
}
