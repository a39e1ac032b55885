import { invoiceXml } from '$lib/server/billing/invoices.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The FatturaPA file, named as the SdI wants it (IT<partita IVA>_<progressive>.xml). */
export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		const { fileName, xml } = await invoiceXml(locals.user!, params.id);
		return new Response(xml, { headers: { 'content-type': 'application/xml; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` } });
	} catch (error) {
		return jsonError(error);
	}
};
