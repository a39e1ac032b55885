import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { equipmentMeters } from '$lib/server/readings/usage.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await equipmentMeters(locals.user, params.id));
	} catch (error) {
		return jsonError(error);
	}
};
