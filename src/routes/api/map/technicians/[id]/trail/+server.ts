import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { todaysTrail } from '$lib/server/map/map.service';
import type { RequestHandler } from './$types';

/** Today's path (Europe/Rome day), oldest first. */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await todaysTrail(locals.user, params.id));
	} catch (error) {
		return jsonError(error);
	}
};
