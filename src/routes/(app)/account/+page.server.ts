import { redirect } from '@sveltejs/kit';
import { sessionCookieName } from '$lib/server/auth/cookie';
import { logoutEverywhere } from '$lib/server/auth/login.service';
import { changeOwnPassword, getUser, setOwnLocale } from '$lib/server/auth/users.service';
import { clientIp, formFailure, isSecureRequest } from '$lib/server/http';
import { localeCookie } from '$lib/server/locale';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = await getUser(locals.user!, locals.user!.id);
	return { account: user };
};

export const actions: Actions = {
	password: async (event) => {
		const form = await event.request.formData();
		try {
			await changeOwnPassword(
				event.locals.user!,
				event.locals.session!.id,
				{ currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') },
				clientIp(event)
			);
		} catch (error) {
			return formFailure(error, { action: 'password' });
		}
		return { action: 'password', ok: true };
	},
	locale: async (event) => {
		const form = await event.request.formData();
		try {
			const locale = await setOwnLocale(event.locals.user!, { locale: form.get('locale') });
			const c = localeCookie(locale);
			event.cookies.set(c.name, c.value, c.options);
		} catch (error) {
			return formFailure(error, { action: 'locale' });
		}
		redirect(303, '/account?saved=locale');
	},
	everywhere: async (event) => {
		await logoutEverywhere(event.locals.user!.id, clientIp(event));
		const secure = isSecureRequest(event);
		event.cookies.delete(sessionCookieName(secure), { path: '/', secure });
		redirect(303, '/login');
	}
};
