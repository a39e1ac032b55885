import { json } from '@sveltejs/kit';
import { generateNow } from '$lib/server/maintenance/generate.service';
import { jsonError } from '$lib/server/http';
import { ValidationError } from '$lib/server/errors';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, request }) => {
	try {
		// An empty body means "today".
		const text = await request.text();
		let body: unknown = {};
		if (text.trim()) {
			try {
				body = JSON.parse(text);
			} catch {
				throw new ValidationError('body', 'body must be valid JSON');
			}
		}
		const result = await generateNow(locals.user!, body);
		return json({ today: result.today, created: result.created, waiting: result.waiting, skipped: result.skipped });
	} catch (error) {
		return jsonError(error);
	}
};
