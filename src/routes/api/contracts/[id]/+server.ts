import { json } from '@sveltejs/kit';
import { getContract, updateContract } from '$lib/server/contracts/contracts.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await getContract(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};

export const PATCH: RequestHandler = async (event) => {
	try {
		await updateContract(event.locals.user!, event.params.id, await readJson(event), clientIp(event));
		return new Response(null, { status: 204 });
	} catch (error) {
		return jsonError(error);
	}
};
