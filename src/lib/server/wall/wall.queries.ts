import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { wallScreens } from '../db/schema';

export type WallScreenRow = typeof wallScreens.$inferSelect;

export async function insertWallScreen(db: Db, row: typeof wallScreens.$inferInsert): Promise<void> {
	await db.insert(wallScreens).values(row);
}

export async function listWallScreens(db: Db) {
	return db
		.select({
			id: wallScreens.id,
			name: wallScreens.name,
			areaIds: wallScreens.areaIds,
			rotateSeconds: wallScreens.rotateSeconds,
			createdAt: wallScreens.createdAt,
			lastSeenAt: wallScreens.lastSeenAt,
			revokedAt: wallScreens.revokedAt
		})
		.from(wallScreens)
		.orderBy(desc(wallScreens.createdAt));
}

export async function findActiveByHash(db: Db, tokenHash: string): Promise<WallScreenRow | null> {
	const [row] = await db
		.select()
		.from(wallScreens)
		.where(and(eq(wallScreens.tokenHash, tokenHash), isNull(wallScreens.revokedAt)))
		.limit(1);
	return row ?? null;
}

export async function activeIds(db: Db, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db
		.select({ id: wallScreens.id })
		.from(wallScreens)
		.where(and(inArray(wallScreens.id, ids), isNull(wallScreens.revokedAt)));
	return new Set(rows.map((r) => r.id));
}

export async function revokeWallScreen(db: Db, id: string, now: Date): Promise<boolean> {
	const rows = await db
		.update(wallScreens)
		.set({ revokedAt: now })
		.where(and(eq(wallScreens.id, id), isNull(wallScreens.revokedAt)))
		.returning({ id: wallScreens.id });
	return rows.length > 0;
}

export async function renameWallScreen(db: Db, id: string, fields: { name: string; areaIds: string[]; rotateSeconds: number | null }): Promise<boolean> {
	const rows = await db.update(wallScreens).set(fields).where(eq(wallScreens.id, id)).returning({ id: wallScreens.id });
	return rows.length > 0;
}

export async function touchWallScreen(db: Db, id: string, now: Date): Promise<void> {
	await db.update(wallScreens).set({ lastSeenAt: now }).where(eq(wallScreens.id, id));
}
