import { json } from '@sveltejs/kit';
import { renewContract } from '$lib/server/contracts/renewals.service';
import { clientIp, jsonError, readOptionalJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Body (optional): { afterTermNo?, months? }. 201 when a term is appended, 200 when it already was. */
export const POST: RequestHandler = async (event) => {
	try {
		const body = await readOptionalJson(event);
		const result = await renewContract(event.locals.user!, event.params.id, body, clientIp(event));
		return json(result, { status: result.created ? 201 : 200 });
	} catch (error) {
		return jsonError(error);
	}
};
