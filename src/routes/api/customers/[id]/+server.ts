import { json } from '@sveltejs/kit';
import { getCustomer, updateCustomer } from '$lib/server/customers/customers.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await getCustomer(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};

export const PATCH: RequestHandler = async (event) => {
	try {
		return json(await updateCustomer(event.locals.user!, event.params.id, await readJson(event), clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};
