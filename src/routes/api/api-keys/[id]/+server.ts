import { clientIp, jsonError } from '$lib/server/http';
import { revokeApiKey } from '$lib/server/auth/api-keys.service';
import type { RequestHandler } from './$types';

/** Revokes the key: it stops working at once; the row stays for the audit trail. */
export const DELETE: RequestHandler = async (event) => {
	try {
		await revokeApiKey(event.locals.user!, event.params.id, clientIp(event));
		return new Response(null, { status: 204 });
	} catch (error) {
		return jsonError(error);
	}
};
