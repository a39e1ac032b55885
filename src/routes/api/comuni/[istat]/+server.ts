import { json } from '@sveltejs/kit';
import { getComune } from '$lib/server/customers/comuni.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await getComune(locals.user!, params.istat));
	} catch (error) {
		return jsonError(error);
	}
};
