import { json } from '@sveltejs/kit';
import { callJson, createCall, getCall, listCalls } from '$lib/server/calls/calls.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const page = await listCalls(locals.user!, url.searchParams);
		return json({ ...page, items: page.items.map(callJson) });
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		const { id } = await createCall(event.locals.user!, await readJson(event), clientIp(event));
		return json(callJson(await getCall(event.locals.user!, id)), { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
