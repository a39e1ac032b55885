import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { mapTechnician } from '$lib/server/map/map.service';
import type { RequestHandler } from './$types';

/** One technician with last position, status and today's jobs. */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await mapTechnician(locals.user, params.id));
	} catch (error) {
		return jsonError(error);
	}
};
