import { json } from '@sveltejs/kit';
import { createCustomer, exportCustomersCsv, listCustomers } from '$lib/server/customers/customers.service';
import { csvResponse } from '$lib/server/csv';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { pageRequest } from '$lib/server/pagination';
import type { RequestHandler } from './$types';

/** The list as JSON, or with ?format=csv the whole filtered list as an Italian Excel CSV. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const filter = Object.fromEntries(url.searchParams);
		if (url.searchParams.get('format') === 'csv') return csvResponse('clienti.csv', await exportCustomersCsv(locals.user!, filter));
		return json(await listCustomers(locals.user!, filter, pageRequest(url.searchParams)));
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		const customer = await createCustomer(event.locals.user!, await readJson(event), clientIp(event));
		return json(customer, { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
