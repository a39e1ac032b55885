import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { pageRequest } from '$lib/server/pagination';
import { createSlaLevel, listSlaLevels } from '$lib/server/sla/sla-levels.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await listSlaLevels(locals.user!, pageRequest(url.searchParams)));
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		return json(await createSlaLevel(event.locals.user!, await readJson(event), clientIp(event)), { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
