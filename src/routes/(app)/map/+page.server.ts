import { mapSnapshot } from '$lib/server/map/map.service';
import { refuseIfForbidden } from '$lib/server/page-guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	refuseIfForbidden(locals);
	return { snapshot: await mapSnapshot(locals.user) };
};
