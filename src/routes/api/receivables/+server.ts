import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { principalOf, receivableSources, replaceReceivables } from '$lib/server/receivables/receivables.service';
import type { RequestHandler } from './$types';

/** Per source: items, open amount, last replaced. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await receivableSources(locals.user));
	} catch (error) {
		return jsonError(error);
	}
};

/** { source, items: [...] } replaces every item of that source. An admin session or a key of scope 'receivables'. */
export const PUT: RequestHandler = async (event) => {
	try {
		const body = await readJson(event);
		return json(await replaceReceivables(principalOf(event.locals.user, event.locals.apiKey), body, clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};
