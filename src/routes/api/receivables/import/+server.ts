import { json } from '@sveltejs/kit';
import { clientIp, jsonError } from '$lib/server/http';
import { importReceivables } from '$lib/server/receivables/import.service';
import type { RequestHandler } from './$types';

/** Body: the CSV itself (text/csv). ?dryRun=1 checks every row and writes nothing. */
export const POST: RequestHandler = async (event) => {
	try {
		const dryRun = ['1', 'true'].includes(event.url.searchParams.get('dryRun') ?? '');
		const report = await importReceivables(event.locals.user!, await event.request.text(), { dryRun }, clientIp(event));
		if (!dryRun && report.problems.length) {
			return json({ error: 'validation', field: 'file', message: `${report.problems.length} problem(s): nothing was imported`, report }, { status: 400 });
		}
		return json(report);
	} catch (error) {
		return jsonError(error);
	}
};
