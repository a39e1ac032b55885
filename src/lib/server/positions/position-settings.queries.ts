import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { appMeta } from '../db/schema';

export async function readMeta(db: Db, keys: string[]): Promise<Map<string, string>> {
	const rows = await db.select({ key: appMeta.key, value: appMeta.value }).from(appMeta).where(inArray(appMeta.key, keys));
	return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeMeta(db: Db, entries: Array<{ key: string; value: string }>): Promise<void> {
	if (entries.length === 0) return;
	await db
		.insert(appMeta)
		.values(entries)
		.onConflictDoUpdate({ target: appMeta.key, set: { value: sql`excluded.value`, updatedAt: sql`now()` } });
}
