import { json } from '@sveltejs/kit';
import { setMeterTerms } from '$lib/server/contracts/meter-terms.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Body: { meterTerms: [...] } (or the bare array); replaces the whole set. */
export const PUT: RequestHandler = async (event) => {
	try {
		return json({ items: await setMeterTerms(event.locals.user!, event.params.id, await readJson(event), clientIp(event)) });
	} catch (error) {
		return jsonError(error);
	}
};
