import { json } from '@sveltejs/kit';
import { dayConflicts } from '$lib/server/dispatch/board.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await dayConflicts(locals.user!, params.date));
	} catch (error) {
		return jsonError(error);
	}
};
