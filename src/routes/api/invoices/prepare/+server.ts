import { json } from '@sveltejs/kit';
import { prepareInvoicesNow } from '$lib/server/billing/billing-run.service';
import { jsonError, readOptionalJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Prepares the drafts that are due (all contracts, or one); an empty body means "today". */
export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		const body = await readOptionalJson({ request });
		return json(await prepareInvoicesNow(locals.user!, body));
	} catch (error) {
		return jsonError(error);
	}
};
