import { json } from '@sveltejs/kit';
import { renewContract } from '$lib/server/contracts/renewals.service';
import { ValidationError } from '$lib/server/errors';
import { clientIp, jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Body (optional): { afterTermNo?, months? }. 201 when a term is appended, 200 when it already was. */
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
		const result = await renewContract(event.locals.user!, event.params.id, body, clientIp(event));
		return json(result, { status: result.created ? 201 : 200 });
	} catch (error) {
		return jsonError(error);
	}
};
