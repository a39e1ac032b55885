import { listProvinces } from '$lib/server/customers/comuni.service';
import { listCustomers } from '$lib/server/customers/customers.service';
import { errorBody, ServiceError } from '$lib/server/errors';
import { pageRequest } from '$lib/server/pagination';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = locals.user!;
	const filters = {
		q: url.searchParams.get('q') ?? '',
		province: url.searchParams.get('province') ?? '',
		region: url.searchParams.get('region') ?? '',
		active: url.searchParams.get('active') ?? '',
		hasContract: url.searchParams.get('hasContract') ?? ''
	};
	const provinces = await listProvinces(actor);
	try {
		const page = await listCustomers(actor, filters, pageRequest(url.searchParams));
		return { page, filters, provinces, failure: null };
	} catch (error) {
		// A hand-edited URL with a bad filter shows the message instead of an error page.
		if (!(error instanceof ServiceError)) throw error;
		return { page: null, filters, provinces, failure: errorBody(error) };
	}
};
