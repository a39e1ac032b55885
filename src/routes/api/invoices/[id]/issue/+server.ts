import { json } from '@sveltejs/kit';
import { issueInvoice } from '$lib/server/billing/invoices.service';
import { ValidationError } from '$lib/server/errors';
import { clientIp, jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Issues a draft; an empty body issues it today. */
export const POST: RequestHandler = async (event) => {
	try {
		const text = await event.request.text();
		let body: unknown = {};
		if (text.trim()) {
			try {
				body = JSON.parse(text);
			} catch {
				throw new ValidationError('body', 'body must be valid JSON');
			}
		}
		return json(await issueInvoice(event.locals.user!, event.params.id, body, clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};
