import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { getTechnician, updateTechnician } from '$lib/server/technicians/technicians.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await getTechnician(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};

/** Replaces the technician's record, skills, weekly shifts and areas (the full edit form). */
export const PUT: RequestHandler = async (event) => {
	try {
		await updateTechnician(event.locals.user!, event.params.id, await readJson(event), clientIp(event));
		return json(await getTechnician(event.locals.user!, event.params.id));
	} catch (error) {
		return jsonError(error);
	}
};
