import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/** Applied migrations as recorded by drizzle's migrator. */
export async function appliedMigrationCount(db: Db): Promise<number> {
	const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
	return rows[0]?.n ?? 0;
}

export async function postgisVersion(db: Db): Promise<string | null> {
	const rows = await db.execute<{ v: string | null }>(sql`select extversion as v from pg_extension where extname = 'postgis'`);
	return rows[0]?.v ?? null;
}
