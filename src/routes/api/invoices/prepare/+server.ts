import { json } from '@sveltejs/kit';
import { prepareInvoicesNow } from '$lib/server/billing/billing-run.service';
import { ValidationError } from '$lib/server/errors';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Prepares the drafts that are due (all contracts, or one); an empty body means "today". */
export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		const text = await request.text();
		let body: unknown = {};
		if (text.trim()) {
			try {
				body = JSON.parse(text);
			} catch {
				throw new ValidationError('body', 'body must be valid JSON');
			}
		}
		return json(await prepareInvoicesNow(locals.user!, body));
	} catch (error) {
		return jsonError(error);
	}
};
