import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog } from '../db/schema';

export type AuditEntry = typeof auditLog.$inferInsert;

export async function insertAudit(db: Db, entry: AuditEntry): Promise<void> {
	await db.insert(auditLog).values(entry);
}

export async function listAudit(db: Db, filter: { action?: string; actorUserId?: string; limit?: number } = {}) {
	const conditions = [];
	if (filter.action) conditions.push(eq(auditLog.action, filter.action));
	if (filter.actorUserId) conditions.push(eq(auditLog.actorUserId, filter.actorUserId));
	return db
		.select()
		.from(auditLog)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(desc(auditLog.id))
		.limit(filter.limit ?? 100);
}
