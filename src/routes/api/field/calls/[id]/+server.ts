import { json } from '@sveltejs/kit';
import { myJob } from '$lib/server/field/my-day.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await myJob(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};
