import { json } from '@sveltejs/kit';
import { createArea, listAreas } from '$lib/server/areas/areas.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await listAreas(locals.user!, url.searchParams));
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		const { area, repaired } = await createArea(event.locals.user!, await readJson(event), clientIp(event));
		return json({ ...area, repaired }, { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
