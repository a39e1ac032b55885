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

/**
 * The screen's "is the server there, is my token still good?" before its 6-hourly reload. Without
 * this SvelteKit answers HEAD by building the whole snapshot and dropping it; a busy server took
 * seconds over that, and every screen asks every 5 minutes once due.
 */
export const HEAD: RequestHandler = async ({ locals }) => {
	return new Response(null, { status: locals.wall ? 204 : 401, headers: { 'cache-control': 'no-store' } });
};
