import { json } from '@sveltejs/kit';
import { terminateContract } from '$lib/server/contracts/contracts.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Body: { reason } (audited). */
export const POST: RequestHandler = async (event) => {
	try {
		return json(await terminateContract(event.locals.user!, event.params.id, await readJson(event), clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};
