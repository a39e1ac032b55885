import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { deleteCalendar, getCalendar, updateCalendar } from '$lib/server/sla/calendars.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await getCalendar(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};

export const PATCH: RequestHandler = async (event) => {
	try {
		return json(await updateCalendar(event.locals.user!, event.params.id, await readJson(event), clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};

export const DELETE: RequestHandler = async (event) => {
	try {
		await deleteCalendar(event.locals.user!, event.params.id, clientIp(event));
		return new Response(null, { status: 204 });
	} catch (error) {
		return jsonError(error);
	}
};
