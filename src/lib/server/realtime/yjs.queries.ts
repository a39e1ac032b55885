import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { yjsUpdates } from '../db/schema';

export async function appendUpdate(db: Db, docName: string, update: Uint8Array, userId: string | null): Promise<void> {
	await db.insert(yjsUpdates).values({ docName, update, userId });
}

export async function loadUpdates(db: Db, docName: string): Promise<Uint8Array[]> {
	const rows = await db.select({ update: yjsUpdates.update }).from(yjsUpdates).where(eq(yjsUpdates.docName, docName)).orderBy(asc(yjsUpdates.id));
	return rows.map((r) => r.update);
}

export async function countUpdates(db: Db, docName: string): Promise<number> {
	const rows = await db.select({ n: count() }).from(yjsUpdates).where(eq(yjsUpdates.docName, docName));
	return rows[0]?.n ?? 0;
}
