import { json } from '@sveltejs/kit';
import { searchComuni } from '$lib/server/customers/comuni.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** As-you-type: ?q=mil (name prefix first, by population), ?q=20121 (CAP), ?q=015146 (ISTAT). */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const items = await searchComuni(locals.user!, url.searchParams.get('q'), url.searchParams.get('limit'));
		return json({ items });
	} catch (error) {
		return jsonError(error);
	}
};
