import { listTechnicians } from '$lib/server/technicians/technicians.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	return { technicians: await listTechnicians(locals.user!) };
};
