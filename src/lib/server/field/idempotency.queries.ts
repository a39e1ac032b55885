import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { fieldRequests } from '../db/schema';

/** Inserts the in-progress marker; false when this (user, clientId) was seen before. */
export async function claimRequest(db: Db, row: { userId: string; clientId: string; kind: string; deviceAt: Date | null }): Promise<boolean> {
	const inserted = await db.insert(fieldRequests).values(row).onConflictDoNothing().returning({ clientId: fieldRequests.clientId });
	return inserted.length > 0;
}

export async function findRequest(db: Db, userId: string, clientId: string) {
	const rows = await db
		.select()
		.from(fieldRequests)
		.where(and(eq(fieldRequests.userId, userId), eq(fieldRequests.clientId, clientId)))
		.limit(1);
	return rows[0] ?? null;
}

/** Takes over an attempt that never finished (its process died) once it is older than `before`. */
export async function takeOverStale(db: Db, userId: string, clientId: string, before: Date): Promise<boolean> {
	const rows = await db
		.update(fieldRequests)
		.set({ startedAt: new Date() })
		.where(and(eq(fieldRequests.userId, userId), eq(fieldRequests.clientId, clientId), isNull(fieldRequests.httpStatus), lt(fieldRequests.startedAt, before)))
		.returning({ clientId: fieldRequests.clientId });
	return rows.length > 0;
}

export async function completeRequest(db: Db, userId: string, clientId: string, httpStatus: number, response: unknown): Promise<void> {
	await db
		.update(fieldRequests)
		.set({ httpStatus, response, completedAt: new Date() })
		.where(and(eq(fieldRequests.userId, userId), eq(fieldRequests.clientId, clientId)));
}

export async function forgetRequest(db: Db, userId: string, clientId: string): Promise<void> {
	await db.delete(fieldRequests).where(and(eq(fieldRequests.userId, userId), eq(fieldRequests.clientId, clientId), isNull(fieldRequests.httpStatus)));
}

/** Stores a finished answer in one statement (a refusal made after its transaction rolled back); false when the request was answered meanwhile. */
export async function recordAnswer(db: Db, row: { userId: string; clientId: string; kind: string; deviceAt: Date | null; httpStatus: number; response: unknown }): Promise<boolean> {
	const inserted = await db
		.insert(fieldRequests)
		.values({ ...row, completedAt: new Date() })
		.onConflictDoNothing()
		.returning({ clientId: fieldRequests.clientId });
	return inserted.length > 0;
}
