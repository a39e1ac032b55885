import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { pageRequest } from '$lib/server/pagination';
import { createCalendar, listCalendars } from '$lib/server/sla/calendars.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await listCalendars(locals.user!, pageRequest(url.searchParams)));
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		const calendar = await createCalendar(event.locals.user!, await readJson(event), clientIp(event));
		return json(calendar, { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
