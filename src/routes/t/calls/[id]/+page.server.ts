import { error } from '@sveltejs/kit';
import { myJob } from '$lib/server/field/my-day.service';
import { ServiceError, httpStatusOf } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		return await myJob(locals.user!, params.id);
	} catch (e) {
		if (e instanceof ServiceError) error(httpStatusOf(e), e.message);
		throw e;
	}
};
