import { json } from '@sveltejs/kit';
import { createModel, listModels } from '$lib/server/equipment/models.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json({ items: await listModels(locals.user!, { q: url.searchParams.get('q') ?? undefined, category: url.searchParams.get('category') ?? undefined }) });
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		return json(await createModel(event.locals.user!, await readJson(event), clientIp(event)), { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
