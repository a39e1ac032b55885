import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { apiKeys } from '../db/schema';

export type NewApiKey = typeof apiKeys.$inferInsert;

export async function insertApiKey(db: Db, row: NewApiKey): Promise<void> {
	await db.insert(apiKeys).values(row);
}

export async function findActiveApiKeyByHash(db: Db, hash: string) {
	const rows = await db
		.select({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes })
		.from(apiKeys)
		.where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
		.limit(1);
	return rows[0] ?? null;
}

export async function touchApiKey(db: Db, id: string, at: Date): Promise<void> {
	await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
}

export async function revokeApiKey(db: Db, id: string, at: Date): Promise<boolean> {
	const rows = await db
		.update(apiKeys)
		.set({ revokedAt: at })
		.where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
		.returning({ id: apiKeys.id });
	return rows.length > 0;
}

export async function listApiKeys(db: Db) {
	return db
		.select({
			id: apiKeys.id,
			name: apiKeys.name,
			prefix: apiKeys.prefix,
			scopes: apiKeys.scopes,
			createdAt: apiKeys.createdAt,
			lastUsedAt: apiKeys.lastUsedAt,
			revokedAt: apiKeys.revokedAt
		})
		.from(apiKeys)
		.orderBy(desc(apiKeys.createdAt));
}
