import { redirect } from '@sveltejs/kit';
import { sessionCookieName } from '$lib/server/auth/cookie';
import { logout, logoutEverywhere } from '$lib/server/auth/login.service';
import { clientIp, isSecureRequest } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	const { locals, cookies } = event;
	const form = await event.request.formData();
	if (locals.session && locals.user) {
		if (form.get('everywhere') === '1') await logoutEverywhere(locals.user.id, clientIp(event));
		else await logout(locals.session.id, locals.user.id, clientIp(event));
	}
	const secure = isSecureRequest(event);
	cookies.delete(sessionCookieName(secure), { path: '/', secure });
	redirect(303, '/login');
};
