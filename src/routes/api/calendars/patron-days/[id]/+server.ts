import { clientIp, jsonError } from '$lib/server/http';
import { removePatronDay } from '$lib/server/sla/calendars.service';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = async (event) => {
	try {
		await removePatronDay(event.locals.user!, event.params.id, clientIp(event));
		return new Response(null, { status: 204 });
	} catch (error) {
		return jsonError(error);
	}
};
