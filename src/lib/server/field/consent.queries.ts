import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { positionConsents } from '../db/schema';

export async function upsertConsent(db: Db, row: { userId: string; deviceId: string; granted: boolean }): Promise<void> {
	await db
		.insert(positionConsents)
		.values({ ...row, changedAt: new Date() })
		.onConflictDoUpdate({ target: [positionConsents.userId, positionConsents.deviceId], set: { granted: row.granted, changedAt: new Date() } });
}

export async function findConsent(db: Db, userId: string, deviceId: string) {
	const rows = await db
		.select()
		.from(positionConsents)
		.where(and(eq(positionConsents.userId, userId), eq(positionConsents.deviceId, deviceId)))
		.limit(1);
	return rows[0] ?? null;
}
