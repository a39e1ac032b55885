import { json } from '@sveltejs/kit';
import { listInvoices } from '$lib/server/billing/invoices.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await listInvoices(locals.user!, url.searchParams));
	} catch (error) {
		return jsonError(error);
	}
};
