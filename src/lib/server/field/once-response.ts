import { json, type RequestEvent } from '@sveltejs/kit';
import { jsonError, readJson } from '../http';
import { runOnce, type OnceResult } from './idempotency.service';

/**
 * Transport helper for outbox endpoints: reads the body, applies the change once per clientId
 * and answers with the first answer (marked as a replay when it is one).
 */
export async function onceJson(event: RequestEvent, kind: string, apply: (body: unknown, deviceAt: Date | null) => Promise<unknown>): Promise<Response> {
	return onceResultJson(event, (body) => runOnce(event.locals.user!, body, kind, async (deviceAt) => ({ status: 200, body: await apply(body, deviceAt) })));
}

/** The same answer for a service that applies its change once itself (runOnceInTransaction). */
export async function onceResultJson(event: RequestEvent, run: (body: unknown) => Promise<OnceResult>): Promise<Response> {
	try {
		const body = await readJson(event);
		const result = await run(body);
		return json(result.body, { status: result.status, headers: result.replayed ? { 'x-replayed': '1' } : {} });
	} catch (error) {
		return jsonError(error);
	}
}
