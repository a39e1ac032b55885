import { json } from '@sveltejs/kit';
import { searchUnits } from '$lib/server/contracts/coverage.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Units by serial prefix for "add a unit" on the contract page: ?serial= (2+ characters). */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json({ items: await searchUnits(locals.user!, url.searchParams.get('serial') ?? '') });
	} catch (error) {
		return jsonError(error);
	}
};
