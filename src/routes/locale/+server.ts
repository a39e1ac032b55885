import { redirect } from '@sveltejs/kit';
import { setOwnLocale } from '$lib/server/auth/users.service';
import { localeCookie, parseLocale } from '$lib/server/locale';
import type { RequestHandler } from './$types';

/** The language switch: a cookie for everyone, and the user's saved preference when logged in. */
export const POST: RequestHandler = async ({ request, cookies, locals }) => {
	const form = await request.formData();
	const locale = parseLocale(form.get('locale')) ?? 'it';
	const next = String(form.get('next') ?? '/');
	const c = localeCookie(locale);
	cookies.set(c.name, c.value, c.options);
	if (locals.user) await setOwnLocale(locals.user, { locale });
	redirect(303, next.startsWith('/') && !next.startsWith('//') ? next : '/');
};
