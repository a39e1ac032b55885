import { error } from '@sveltejs/kit';
import { mapSnapshot } from '$lib/server/map/map.service';
import { wallActor } from '$lib/server/wall/wall.service';
import type { PageServerLoad } from './$types';

/** The hook has checked the token (locals.wall); reads run as the wall role. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const screen = locals.wall;
	if (!screen) error(401, 'Unauthorized');
	return { screen: { name: screen.name, areaIds: screen.areaIds, rotateSeconds: screen.rotateSeconds }, token: params.token, snapshot: await mapSnapshot(wallActor(screen)) };
};
