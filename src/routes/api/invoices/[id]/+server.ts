import { json } from '@sveltejs/kit';
import { deleteDraftInvoice, getInvoice } from '$lib/server/billing/invoices.service';
import { clientIp, jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await getInvoice(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};

export const DELETE: RequestHandler = async (event) => {
	try {
		await deleteDraftInvoice(event.locals.user!, event.params.id, clientIp(event));
		return new Response(null, { status: 204 });
	} catch (error) {
		return jsonError(error);
	}
};
