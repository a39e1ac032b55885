import { json } from '@sveltejs/kit';
import { coverage } from '$lib/server/contracts/coverage.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** ?serial=&at=(ISO instant or date; default now)&brand=(when several brands share the serial) */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const p = url.searchParams;
		return json(await coverage(locals.user!, { serial: p.get('serial'), at: p.get('at'), brand: p.get('brand') }));
	} catch (error) {
		return jsonError(error);
	}
};
