import { json } from '@sveltejs/kit';
import { generateNow } from '$lib/server/maintenance/generate.service';
import { jsonError, readOptionalJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		// An empty body means "today".
		const body = await readOptionalJson({ request });
		const result = await generateNow(locals.user!, body);
		return json({ today: result.today, created: result.created, waiting: result.waiting, skipped: result.skipped });
	} catch (error) {
		return jsonError(error);
	}
};
