import { json } from '@sveltejs/kit';
import { positionConsent, setPositionConsent } from '$lib/server/field/my-day.service';
import { jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	try {
		return json(await positionConsent(locals.user!, url.searchParams.get('deviceId') ?? ''));
	} catch (error) {
		return jsonError(error);
	}
};

export const PUT: RequestHandler = async (event) => {
	try {
		return json(await setPositionConsent(event.locals.user!, await readJson(event)));
	} catch (error) {
		return jsonError(error);
	}
};
