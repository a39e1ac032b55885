import { json } from '@sveltejs/kit';
import { issueInvoice } from '$lib/server/billing/invoices.service';
import { clientIp, jsonError, readOptionalJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Issues a draft; an empty body issues it today. */
export const POST: RequestHandler = async (event) => {
	try {
		const body = await readOptionalJson(event);
		return json(await issueInvoice(event.locals.user!, event.params.id, body, clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};
