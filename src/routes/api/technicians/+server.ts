import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { listTechnicians } from '$lib/server/technicians/technicians.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json(await listTechnicians(locals.user!));
	} catch (error) {
		return jsonError(error);
	}
};
