import { json } from '@sveltejs/kit';
import { getCompanyProfile, saveCompanyProfile } from '$lib/server/billing/company-profile.service';
import { clientIp, jsonError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	try {
		return json({ profile: await getCompanyProfile(locals.user!) });
	} catch (error) {
		return jsonError(error);
	}
};

export const PUT: RequestHandler = async (event) => {
	try {
		return json({ profile: await saveCompanyProfile(event.locals.user!, await readJson(event), clientIp(event)) });
	} catch (error) {
		return jsonError(error);
	}
};
