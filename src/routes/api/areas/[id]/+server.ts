import { json } from '@sveltejs/kit';
import { deleteArea, getArea, updateArea } from '$lib/server/areas/areas.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await getArea(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};

export const PUT: RequestHandler = async (event) => {
	try {
		const { area, repaired } = await updateArea(event.locals.user!, event.params.id, await readJson(event), clientIp(event));
		return json({ ...area, repaired });
	} catch (error) {
		return jsonError(error);
	}
};

export const DELETE: RequestHandler = async (event) => {
	try {
		await deleteArea(event.locals.user!, event.params.id, clientIp(event));
		return new Response(null, { status: 204 });
	} catch (error) {
		return jsonError(error);
	}
};
