import { jsonError } from '$lib/server/http';
import { reportPdf } from '$lib/server/reports/reports.service';
import type { RequestHandler } from './$types';

/** The PDF inline (the browser shows and prints it); ?download=1 saves it instead. */
export const GET: RequestHandler = async (event) => {
	try {
		const { filename, bytes } = await reportPdf(event.locals.user!, event.params.id, event.params.reportId);
		const disposition = event.url.searchParams.get('download') ? 'attachment' : 'inline';
		return new Response(new Uint8Array(bytes), {
			headers: { 'content-type': 'application/pdf', 'content-disposition': `${disposition}; filename="${filename}"`, 'cache-control': 'private, no-store' }
		});
	} catch (error) {
		return jsonError(error);
	}
};
