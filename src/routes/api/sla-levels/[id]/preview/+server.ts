import { json } from '@sveltejs/kit';
import { jsonError, readJson } from '$lib/server/http';
import { previewDueTimes } from '$lib/server/sla/due-times.service';
import type { RequestHandler } from './$types';

/** POST { priority, openedAt, comuneIstat? } -> the due times a call would get. Reads only. */
export const POST: RequestHandler = async (event) => {
	try {
		return json(await previewDueTimes(event.locals.user!, event.params.id, await readJson(event)));
	} catch (error) {
		return jsonError(error);
	}
};
