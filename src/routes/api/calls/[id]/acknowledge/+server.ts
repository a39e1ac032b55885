import { json } from '@sveltejs/kit';
import { acknowledge } from '$lib/server/calls/calls.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await acknowledge(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};
