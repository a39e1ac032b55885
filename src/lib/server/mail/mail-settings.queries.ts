import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { appMeta } from '../db/schema';

export const MAIL_SETTINGS_KEY = 'mail.smtp';

export async function readMeta(db: Db, key: string): Promise<string | null> {
	const rows = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, key)).limit(1);
	return rows[0]?.value ?? null;
}

export async function writeMeta(db: Db, key: string, value: string): Promise<void> {
	await db
		.insert(appMeta)
		.values({ key, value })
		.onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: sql`now()` } });
}
