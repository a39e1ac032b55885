import { json } from '@sveltejs/kit';
import { candidatesForCall } from '$lib/server/candidates/candidates.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		const query = Object.fromEntries(url.searchParams);
		return json(await candidatesForCall(locals.user!, params.id, query, { locale: locals.user?.locale }));
	} catch (error) {
		return jsonError(error);
	}
};
