import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { addPatronDay, listPatronDays } from '$lib/server/sla/calendars.service';
import type { RequestHandler } from './$types';

/** GET /api/calendars/patron-days?comuneIstat=015146&province=MI (both optional). */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const items = await listPatronDays(locals.user!, { comuneIstat: url.searchParams.get('comuneIstat'), province: url.searchParams.get('province') });
		return json({ items, total: items.length, page: 1, pageSize: items.length, pages: 1 });
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		return json(await addPatronDay(event.locals.user!, await readJson(event), clientIp(event)), { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
