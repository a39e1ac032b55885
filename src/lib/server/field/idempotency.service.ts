import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { errorBody, httpStatusOf, ServiceError, ValidationError } from '../errors';
import { logger } from '../logger';
import * as queries from './idempotency.queries';

/** An attempt older than this that never finished belongs to a process that died: run it again. */
const STALE_AFTER_MS = 2 * 60_000;

export type OnceResult = { status: number; body: unknown; replayed: boolean };

const envelope = z.object({
	clientId: z.string({ message: 'clientId is required' }).regex(/^[A-Za-z0-9_-]{8,100}$/, 'clientId must be 8-100 letters, digits, - or _'),
	deviceAt: z
		.string()
		.datetime({ offset: true, message: 'must be an ISO date-time with offset' })
		.transform((v) => new Date(v))
		.nullish()
});

/** The outbox fields every idempotent body carries. */
export function outboxEnvelope(input: unknown): { clientId: string; deviceAt: Date | null } {
	const r = envelope.safeParse(input);
	if (!r.success) throw ValidationError.fromZod(r.error);
	return { clientId: r.data.clientId, deviceAt: r.data.deviceAt ?? null };
}

/**
 * Applies a technician-app request exactly once per (user, clientId) and answers every replay
 * with the first answer, refusals included (a call cancelled meanwhile stays refused on replay).
 * Unexpected failures are not stored, so the outbox's next attempt runs the change again.
 * Other modules' outbox endpoints (the intervention report) use this too.
 */
export async function runOnce(actor: Actor, input: unknown, kind: string, apply: (deviceAt: Date | null) => Promise<{ status: number; body: unknown }>): Promise<OnceResult> {
	let env: { clientId: string; deviceAt: Date | null };
	try {
		env = outboxEnvelope(input);
	} catch (error) {
		return { status: 400, body: errorBody(error as ServiceError), replayed: false };
	}
	const claimed = await queries.claimRequest(db(), { userId: actor.id, clientId: env.clientId, kind, deviceAt: env.deviceAt });
	if (!claimed) {
		const seen = await queries.findRequest(db(), actor.id, env.clientId);
		if (seen?.httpStatus != null) return { status: seen.httpStatus, body: seen.response, replayed: true };
		const tookOver = seen && (await queries.takeOverStale(db(), actor.id, env.clientId, new Date(Date.now() - STALE_AFTER_MS)));
		if (!tookOver) return { status: 503, body: { error: 'in_progress', message: 'the same request is being applied; try again shortly' }, replayed: true };
	}
	try {
		const result = await apply(env.deviceAt);
		await queries.completeRequest(db(), actor.id, env.clientId, result.status, result.body);
		return { ...result, replayed: false };
	} catch (error) {
		if (error instanceof ServiceError) {
			const refused = { status: httpStatusOf(error), body: errorBody(error) };
			await queries.completeRequest(db(), actor.id, env.clientId, refused.status, refused.body);
			return { ...refused, replayed: false };
		}
		logger().error({ err: error, kind, clientId: env.clientId }, 'field request failed; the outbox will retry');
		await queries.forgetRequest(db(), actor.id, env.clientId).catch(() => {});
		throw error;
	}
}
