import { json } from '@sveltejs/kit';
import { createApiKey, listApiKeys } from '$lib/server/auth/api-keys.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { pageOf, pageRequest } from '$lib/server/pagination';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const page = pageRequest(url.searchParams);
		const keys = await listApiKeys(locals.user!);
		return json(pageOf(keys.slice(page.offset, page.offset + page.pageSize), keys.length, page));
	} catch (error) {
		return jsonError(error);
	}
};

/** The key itself is in this response only; the server keeps its hash. */
export const POST: RequestHandler = async (event) => {
	try {
		const body = await readJson(event);
		const { id, key } = await createApiKey(event.locals.user!, body, clientIp(event));
		const created = (await listApiKeys(event.locals.user!)).find((k) => k.id === id)!;
		return json({ ...created, key }, { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
