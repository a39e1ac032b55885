import { json } from '@sveltejs/kit';
import { myDay } from '$lib/server/field/my-day.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await myDay(locals.user!, url.searchParams.get('date')));
	} catch (error) {
		return jsonError(error);
	}
};
