import { json } from '@sveltejs/kit';
import { getTimeline } from '$lib/server/equipment/timeline.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await getTimeline(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};
