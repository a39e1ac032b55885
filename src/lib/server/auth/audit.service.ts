import { db, type Db } from '../db/client';
import { logger } from '../logger';
import { insertAudit } from './audit.queries';

export type AuditInput = {
	action: string;
	actorUserId?: string | null;
	subject?: string | null;
	ip?: string | null;
	details?: Record<string, unknown>;
};

/** Records one audit row; inside a transaction pass `tx` so the row commits with the change. */
export async function audit(entry: AuditInput, database: Db = db()): Promise<void> {
	await insertAudit(database, {
		action: entry.action,
		actorUserId: entry.actorUserId ?? null,
		subject: entry.subject ?? null,
		ip: entry.ip ?? null,
		details: entry.details ?? null
	});
	logger().info({ audit: entry.action, actor: entry.actorUserId, subject: entry.subject }, 'audit');
}
