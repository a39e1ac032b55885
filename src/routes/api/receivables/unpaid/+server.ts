import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { unpaidAmong } from '$lib/server/receivables/receivables.service';
import type { RequestHandler } from './$types';

/** ?customers=<id>,<id>... -> { unpaid: [ids of those with overdue receivables] } */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const ids = (url.searchParams.get('customers') ?? '').split(',').filter(Boolean);
		return json({ unpaid: await unpaidAmong(locals.user, ids) });
	} catch (error) {
		return jsonError(error);
	}
};
