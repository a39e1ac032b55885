import { json } from '@sveltejs/kit';
import { sitesOfArea } from '$lib/server/areas/areas.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		return json(await sitesOfArea(locals.user!, params.id, url.searchParams));
	} catch (error) {
		return jsonError(error);
	}
};
