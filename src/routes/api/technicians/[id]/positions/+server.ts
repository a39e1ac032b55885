import { json } from '@sveltejs/kit';
import { jsonError, readJson } from '$lib/server/http';
import { positionsOfTechnician, reportPosition, type Reporter } from '$lib/server/positions/positions.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		return json(await positionsOfTechnician(locals.user!, params.id, url.searchParams));
	} catch (error) {
		return jsonError(error);
	}
};

/** A technician's own device (session) or an integration (API key of scope `positions`). */
export const POST: RequestHandler = async (event) => {
	try {
		const { locals, params } = event;
		const reporter: Reporter = locals.apiKey ? { kind: 'key', key: locals.apiKey } : { kind: 'user', actor: locals.user! };
		const result = await reportPosition(reporter, params.id, await readJson(event));
		return json(result, { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
