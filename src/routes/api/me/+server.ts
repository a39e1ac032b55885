import { json } from '@sveltejs/kit';
import { getUser } from '$lib/server/auth/users.service';
import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	try {
		if (!locals.user) return json({ error: 'unauthorized', message: 'login required' }, { status: 401 });
		const user = await getUser(locals.user, locals.user.id);
		return json({ user: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale } });
	} catch (error) {
		return jsonError(error);
	}
};
