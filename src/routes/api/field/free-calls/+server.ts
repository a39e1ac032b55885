import { json } from '@sveltejs/kit';
import { freeCallsNearMe } from '$lib/server/field/free-calls.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await freeCallsNearMe(locals.user!));
	} catch (error) {
		return jsonError(error);
	}
};
