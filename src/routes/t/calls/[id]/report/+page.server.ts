import { error } from '@sveltejs/kit';
import { httpStatusOf, ServiceError } from '$lib/server/errors';
import { reportForm } from '$lib/server/reports/reports.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		return await reportForm(locals.user!, params.id);
	} catch (e) {
		if (e instanceof ServiceError) error(httpStatusOf(e), e.message);
		throw e;
	}
};
