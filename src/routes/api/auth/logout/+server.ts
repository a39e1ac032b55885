import { sessionCookieName } from '$lib/server/auth/cookie';
import { logout } from '$lib/server/auth/login.service';
import { clientIp, isSecureRequest } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	const { locals, cookies } = event;
	if (locals.session && locals.user) await logout(locals.session.id, locals.user.id, clientIp(event));
	const secure = isSecureRequest(event);
	cookies.delete(sessionCookieName(secure), { path: '/', secure });
	return new Response(null, { status: 204 });
};
