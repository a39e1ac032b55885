import { redirect } from '@sveltejs/kit';
import { homeFor } from '$lib/domain/permissions';
import { sessionCookieName, sessionCookieOptions } from '$lib/server/auth/cookie';
import { login } from '$lib/server/auth/login.service';
import { clientIp, formFailure, isSecureRequest } from '$lib/server/http';
import { isDemoInstallation } from '$lib/server/installation/installation.service';
import { localeCookie } from '$lib/server/locale';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths: an open redirect after login would be a phishing tool. */
function safeNext(next: string | null): string | null {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : null;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')) ?? homeFor(locals.user.role));
	return { demo: await isDemoInstallation() };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '');
		const password = String(form.get('password') ?? '');
		let result;
		try {
			result = await login({ email, password }, { ip: clientIp(event), userAgent: event.request.headers.get('user-agent') });
		} catch (error) {
			return formFailure(error, { email });
		}
		const secure = isSecureRequest(event);
		event.cookies.set(sessionCookieName(secure), result.token, sessionCookieOptions(secure, result.cookieExpiresAt));
		const lc = localeCookie(result.user.locale);
		event.cookies.set(lc.name, lc.value, lc.options);
		redirect(303, safeNext(event.url.searchParams.get('next')) ?? homeFor(result.user.role));
	}
};
