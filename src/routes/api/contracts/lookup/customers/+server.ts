import { json } from '@sveltejs/kit';
import { searchCustomers } from '$lib/server/contracts/contracts.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Search-as-you-type for the contract form: ?q= (2+ characters). */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json({ items: await searchCustomers(locals.user!, url.searchParams.get('q') ?? '') });
	} catch (error) {
		return jsonError(error);
	}
};
