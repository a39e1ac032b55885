import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { mapCall } from '$lib/server/map/map.service';
import type { RequestHandler } from './$types';

/** One call as the map shows it ({ call: null } once it leaves the map) and its technician. */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await mapCall(locals.user, params.id));
	} catch (error) {
		return jsonError(error);
	}
};
