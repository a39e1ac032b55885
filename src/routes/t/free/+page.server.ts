import { error } from '@sveltejs/kit';
import { freeCallsNearMe } from '$lib/server/field/free-calls.service';
import { ServiceError, httpStatusOf } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	try {
		return { free: await freeCallsNearMe(locals.user!) };
	} catch (e) {
		if (e instanceof ServiceError) error(httpStatusOf(e), e.message);
		throw e;
	}
};
