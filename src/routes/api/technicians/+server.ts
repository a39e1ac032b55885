import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { createTechnician, getTechnician, listTechnicians } from '$lib/server/technicians/technicians.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await listTechnicians(locals.user!));
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		const id = await createTechnician(event.locals.user!, await readJson(event), clientIp(event));
		return json(await getTechnician(event.locals.user!, id), { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
