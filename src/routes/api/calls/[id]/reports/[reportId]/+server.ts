import { json } from '@sveltejs/kit';
import { jsonError } from '$lib/server/http';
import { getReportVersion } from '$lib/server/reports/reports.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	try {
		return json(await getReportVersion(event.locals.user!, event.params.id, event.params.reportId));
	} catch (error) {
		return jsonError(error);
	}
};
