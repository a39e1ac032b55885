import { json } from '@sveltejs/kit';
import { findUnitBySerial } from '$lib/server/equipment/equipment.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The unit with this serial however it is typed ("ab-123 45" = "AB12345"); ?brand= when brands share it. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		return json(await findUnitBySerial(locals.user!, params.serial, url.searchParams.get('brand')));
	} catch (error) {
		return jsonError(error);
	}
};
