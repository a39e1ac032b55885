import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { addClosure, removeClosure } from '$lib/server/sla/calendars.service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	try {
		const closure = await addClosure(event.locals.user!, event.params.id, await readJson(event), clientIp(event));
		return json(closure, { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};

/** DELETE /api/calendars/:id/closures?day=YYYY-MM-DD */
export const DELETE: RequestHandler = async (event) => {
	try {
		await removeClosure(event.locals.user!, event.params.id, event.url.searchParams.get('day'), clientIp(event));
		return new Response(null, { status: 204 });
	} catch (error) {
		return jsonError(error);
	}
};
