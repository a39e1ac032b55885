import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { mapCall } from '$lib/server/map/map.service';
import { wallActor } from '$lib/server/wall/wall.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		if (!locals.wall) return json({ error: 'unauthorized', message: 'invalid wall token' }, { status: 401 });
		return json(await mapCall(wallActor(locals.wall), params.id), { headers: { 'cache-control': 'no-store' } });
	} catch (error) {
		return jsonError(error);
	}
};
