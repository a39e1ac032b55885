import { json } from '@sveltejs/kit';
import { moveUnit } from '$lib/server/equipment/equipment.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	try {
		return json(await moveUnit(event.locals.user!, event.params.id, await readJson(event), clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};
