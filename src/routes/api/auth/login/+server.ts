import { json } from '@sveltejs/kit';
import { sessionCookieName, sessionCookieOptions } from '$lib/server/auth/cookie';
import { login } from '$lib/server/auth/login.service';
import { clientIp, isSecureRequest, jsonError, readJson } from '$lib/server/http';
import { localeCookie } from '$lib/server/locale';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	try {
		const body = await readJson(event);
		const result = await login(body, { ip: clientIp(event), userAgent: event.request.headers.get('user-agent') });
		const secure = isSecureRequest(event);
		event.cookies.set(sessionCookieName(secure), result.token, sessionCookieOptions(secure, result.cookieExpiresAt));
		const lc = localeCookie(result.user.locale);
		event.cookies.set(lc.name, lc.value, lc.options);
		const { id, email, name, role } = result.user;
		return json({ user: { id, email, name, role } });
	} catch (error) {
		return jsonError(error);
	}
};
