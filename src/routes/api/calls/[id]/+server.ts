import { json } from '@sveltejs/kit';
import { callJson, getCall } from '$lib/server/calls/calls.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const call = await getCall(locals.user!, params.id);
		return json({ ...callJson(call), history: call.history });
	} catch (error) {
		return jsonError(error);
	}
};
