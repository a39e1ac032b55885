import { json } from '@sveltejs/kit';
import { errorBody } from '$lib/server/errors';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { ReportReadingRefusedError } from '$lib/server/reports/report-readings';
import { listReportVersions, submitReport } from '$lib/server/reports/reports.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	try {
		return json(await listReportVersions(event.locals.user!, event.params.id));
	} catch (error) {
		return jsonError(error);
	}
};

/** Submit (or correct) the report; idempotent on body.clientId, so the phone's outbox may replay it. */
export const POST: RequestHandler = async (event) => {
	try {
		return json(await submitReport(event.locals.user!, event.params.id, await readJson(event), clientIp(event)), { status: 201 });
	} catch (error) {
		// A refused reading also carries the reason and figures, so the phone can say it in Italian.
		if (error instanceof ReportReadingRefusedError) return json({ ...errorBody(error), refusal: { reason: error.reason, params: error.params } }, { status: 400 });
		return jsonError(error);
	}
};
