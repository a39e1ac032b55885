import { error } from '@sveltejs/kit';
import { myDay } from '$lib/server/field/my-day.service';
import { ServiceError, httpStatusOf } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('field:day');
	try {
		return { day: await myDay(locals.user!, url.searchParams.get('date')) };
	} catch (e) {
		if (e instanceof ServiceError) error(httpStatusOf(e), e.message);
		throw e;
	}
};
