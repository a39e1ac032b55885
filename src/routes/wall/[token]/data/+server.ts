import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { mapSnapshot } from '$lib/server/map/map.service';
import { wallActor } from '$lib/server/wall/wall.service';
import type { RequestHandler } from './$types';

/** The wall's resync after a reconnection: the same snapshot as the office map. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		if (!locals.wall) return json({ error: 'unauthorized', message: 'invalid wall token' }, { status: 401 });
		return json(await mapSnapshot(wallActor(locals.wall)), { headers: { 'cache-control': 'no-store' } });
	} catch (error) {
		return jsonError(error);
	}
};
