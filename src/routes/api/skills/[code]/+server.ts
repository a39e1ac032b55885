import { json } from '@sveltejs/kit';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import { deleteSkill, updateSkill } from '$lib/server/technicians/skills.service';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = async (event) => {
	try {
		return json(await updateSkill(event.locals.user!, event.params.code, await readJson(event), clientIp(event)));
	} catch (error) {
		return jsonError(error);
	}
};

export const DELETE: RequestHandler = async (event) => {
	try {
		await deleteSkill(event.locals.user!, event.params.code, clientIp(event));
		return new Response(null, { status: 204 });
	} catch (error) {
		return jsonError(error);
	}
};
