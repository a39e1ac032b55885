import { json } from '@sveltejs/kit';
import { listMeterTypes } from '$lib/server/equipment/models.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json({ items: await listMeterTypes(locals.user!) });
	} catch (error) {
		return jsonError(error);
	}
};
