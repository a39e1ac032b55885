import { exportCallsCsv } from '$lib/server/calls/calls-csv.service';
import { csvResponse } from '$lib/server/csv';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The calls list as filtered on /calls (same query string), as an Italian Excel CSV. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
		return csvResponse(`chiamate-${day}.csv`, await exportCallsCsv(locals.user!, url.searchParams));
	} catch (error) {
		return jsonError(error);
	}
};
