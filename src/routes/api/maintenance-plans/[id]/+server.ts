import { json } from '@sveltejs/kit';
import { deletePlan, getPlan, updatePlan } from '$lib/server/maintenance/plans.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json(await getPlan(locals.user!, params.id));
	} catch (error) {
		return jsonError(error);
	}
};

export const PUT: RequestHandler = async (event) => {
	try {
		return json(await updatePlan(event.locals.user!, event.params.id, await readJson(event), clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};

export const DELETE: RequestHandler = async (event) => {
	try {
		await deletePlan(event.locals.user!, event.params.id, clientIp(event));
		return new Response(null, { status: 204 });
	} catch (error) {
		return jsonError(error);
	}
};
