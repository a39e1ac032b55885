import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { reviewReading } from '$lib/server/readings/readings.service';
import type { RequestHandler } from './$types';

// An API key reaches this path too (the hook maps POST /api/meter-readings/** to the key's scope), but
// the review needs a user: the service refuses anyone without readings.review.
export const POST: RequestHandler = async (event) => {
	try {
		const body = await readJson(event);
		return json({ reading: await reviewReading(event.locals.user, event.params.id, body, clientIp(event)) });
	} catch (error) {
		return jsonError(error);
	}
};
