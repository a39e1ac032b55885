import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { mapSnapshot } from '$lib/server/map/map.service';
import type { RequestHandler } from './$types';

/** Everything the live map draws: calls, technicians, filter choices, the warning window. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await mapSnapshot(locals.user));
	} catch (error) {
		return jsonError(error);
	}
};
