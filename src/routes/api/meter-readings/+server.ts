import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { listReadings, principalOf, recordReading } from '$lib/server/readings/readings.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await listReadings(locals.user, url.searchParams));
	} catch (error) {
		return jsonError(error);
	}
};

/** A session user with readings.write, or a collector's API key (the hook authenticated it and counts its rate). */
export const POST: RequestHandler = async (event) => {
	try {
		const body = await readJson(event);
		const result = await recordReading(principalOf(event.locals.user, event.locals.apiKey), body, clientIp(event));
		return json(result, { status: result.duplicate ? 200 : 201 });
	} catch (error) {
		return jsonError(error);
	}
};
