import { json } from '@sveltejs/kit';
import { createDefinition, listDefinitions } from '$lib/server/equipment/attributes.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json({ items: await listDefinitions(locals.user!, { category: url.searchParams.get('category') ?? undefined }) });
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		return json(await createDefinition(event.locals.user!, await readJson(event), clientIp(event)), { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
