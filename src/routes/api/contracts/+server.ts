import { json } from '@sveltejs/kit';
import { createContract, exportContractsCsv, listContracts } from '$lib/server/contracts/contracts.service';
import { csvResponse } from '$lib/server/csv';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The list (JSON, paginated) or, with ?format=csv, every row as filtered. */
export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		if (url.searchParams.get('format') === 'csv') return csvResponse('contratti.csv', await exportContractsCsv(locals.user!, url.searchParams));
		return json(await listContracts(locals.user!, url.searchParams));
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		const created = await createContract(event.locals.user!, await readJson(event), clientIp(event));
		return json(created, { status: 201, headers: { location: `/api/contracts/${created.id}` } });
	} catch (error) {
		return jsonError(error);
	}
};
