import { json } from '@sveltejs/kit';
import { activateContract } from '$lib/server/contracts/contracts.service';
import { clientIp, jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	try {
		return json(await activateContract(event.locals.user!, event.params.id, clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};
