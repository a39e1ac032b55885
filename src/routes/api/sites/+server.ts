import { json } from '@sveltejs/kit';
import { csvResponse } from '$lib/server/csv';
import { exportSitesCsv, listSites } from '$lib/server/customers/sites.service';
import { jsonError } from '$lib/server/http';
import { pageRequest } from '$lib/server/pagination';
import type { RequestHandler } from './$types';

/** Sites of every customer (filter with customerId), or with ?format=csv the filtered list as CSV. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const filter = Object.fromEntries(url.searchParams);
		if (url.searchParams.get('format') === 'csv') return csvResponse('sedi.csv', await exportSitesCsv(locals.user!, filter));
		return json(await listSites(locals.user!, filter, pageRequest(url.searchParams)));
	} catch (error) {
		return jsonError(error);
	}
};
