import { json } from '@sveltejs/kit';
import { createPlan, listPlans } from '$lib/server/maintenance/plans.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	try {
		return json({ items: await listPlans(locals.user!, params.id) });
	} catch (error) {
		return jsonError(error);
	}
};

export const POST: RequestHandler = async (event) => {
	try {
		return json(await createPlan(event.locals.user!, event.params.id, await readJson(event), clientIp(event)), { status: 201 });
	} catch (error) {
		return jsonError(error);
	}
};
