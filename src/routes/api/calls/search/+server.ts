import { json } from '@sveltejs/kit';
import { searchIntake } from '$lib/server/calls/calls-search.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Intake search as you type: ?q= (2+ characters)&kinds=customer,site,unit&limit= (1-20, default 6 per kind). */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json({ items: await searchIntake(locals.user!, url.searchParams) });
	} catch (error) {
		return jsonError(error);
	}
};
