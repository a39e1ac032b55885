import { json } from '@sveltejs/kit';
import { exportUnitsCsv } from '$lib/server/equipment/equipment-csv.service';
import { filterFromParams } from '$lib/server/equipment/equipment-input';
import { createUnit, listUnits } from '$lib/server/equipment/equipment.service';
import { csvResponse } from '$lib/server/csv';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { pageRequest } from '$lib/server/pagination';
import type { RequestHandler } from './$types';

/** The list as JSON, or with ?format=csv the whole filtered list as an Italian Excel CSV. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		const filter = filterFromParams(url.searchParams);
		if (url.searchParams.get('format') === 'csv') return csvResponse('apparecchiature.csv', await exportUnitsCsv(locals.user!, filter));
		return json(await listUnits(locals.user!, filter, pageRequest(url.searchParams)));
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		return json(await createUnit(event.locals.user!, await readJson(event), clientIp(event)), { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
