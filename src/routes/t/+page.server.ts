import { error } from '@sveltejs/kit';
import { myDay } from '$lib/server/field/my-day.service';
import { NotLinkedToTechnicianError } from '$lib/server/field/technician';
import { ServiceError, httpStatusOf } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('field:day');
	try {
		return { day: await myDay(locals.user!, url.searchParams.get('date')) };
	} catch (e) {
		// A login not (or no longer) linked to an active technician sees why, not an error page.
		if (e instanceof NotLinkedToTechnicianError) return { day: null };
		if (e instanceof ServiceError) error(httpStatusOf(e), e.message);
		throw e;
	}
};
