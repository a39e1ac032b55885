import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { db, type Db } from '../db/client';
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

/** One change made in a single transaction, split so its statements can travel together. */
export type OnceStep<R> = {
	/** Reads (and locks) what the change needs; sent to the database together with the claim. */
	read: (tx: Db) => Promise<R>;
	/**
	 * Decides, throwing a ServiceError to refuse; else starts its writes without awaiting them (they
	 * go out together with the answer's record) and returns the answer. `committed` runs once the
	 * change has committed (announcements).
	 */
	write: (tx: Db, read: R, deviceAt: Date | null) => { status: number; body: unknown; writes: Array<Promise<unknown>>; committed?: () => void };
};

/**
 * runOnce for a change that fits in one transaction (the technician's status changes): the claim
 * of (user, clientId), the change and its answer commit together, or not at all. Same guarantees
 * as runOnce, in four round trips and one commit instead of three commits:
 * - exactly once: the claim is the row's primary key, so a replay racing the first attempt waits
 *   for it to commit and then answers with the stored answer (or, if it rolled back, applies it);
 * - refusals are stored, after the rolled-back transaction, and replayed like any answer;
 * - an unexpected failure stores nothing (it rolled back), so the outbox's next attempt runs it again.
 * `prepare` validates the input and builds the step; a ServiceError from it is a stored refusal too.
 */
export async function runOnceInTransaction<R>(actor: Actor, input: unknown, kind: string, prepare: () => OnceStep<R>): Promise<OnceResult> {
	let env: { clientId: string; deviceAt: Date | null };
	try {
		env = outboxEnvelope(input);
	} catch (error) {
		return { status: 400, body: errorBody(error as ServiceError), replayed: false };
	}
	for (let attempt = 0; attempt < 2; attempt++) {
		let committed: (() => void) | undefined;
		let answer: { status: number; body: unknown } | null;
		try {
			const step = prepare();
			answer = await db().transaction(async (tx) => {
				const [claimed, read] = await Promise.all([queries.claimRequest(tx, { userId: actor.id, clientId: env.clientId, kind, deviceAt: env.deviceAt }), step.read(tx)]);
				if (!claimed) return null;
				const { writes, committed: after, ...result } = step.write(tx, read, env.deviceAt);
				await Promise.all([...writes, queries.completeRequest(tx, actor.id, env.clientId, result.status, result.body)]);
				committed = after;
				return result;
			});
		} catch (error) {
			if (!(error instanceof ServiceError)) {
				logger().error({ err: error, kind, clientId: env.clientId }, 'field request failed; the outbox will retry');
				throw error;
			}
			const refused = { status: httpStatusOf(error), body: errorBody(error) };
			const stored = await queries.recordAnswer(db(), { userId: actor.id, clientId: env.clientId, kind, deviceAt: env.deviceAt, httpStatus: refused.status, response: refused.body });
			if (stored) return { ...refused, replayed: false };
			answer = null; // answered meanwhile by a replay: that answer stands
		}
		if (answer) {
			committed?.();
			return { ...answer, replayed: false };
		}
		const seen = await queries.findRequest(db(), actor.id, env.clientId);
		if (seen?.httpStatus != null) return { status: seen.httpStatus, body: seen.response, replayed: true };
		// An unfinished marker can only be runOnce's (this path commits none): another attempt is
		// applying it, unless it is past the stale age (its process died): then clear it and apply.
		if (seen && seen.startedAt.getTime() >= Date.now() - STALE_AFTER_MS) break;
		if (seen) await queries.forgetRequest(db(), actor.id, env.clientId);
	}
	return { status: 503, body: { error: 'in_progress', message: 'the same request is being applied; try again shortly' }, replayed: true };
}
