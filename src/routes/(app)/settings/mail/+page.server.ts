import { getMailSettings, saveMailSettings } from '$lib/server/mail/mail-settings.service';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ settings: await getMailSettings(locals.user!) });

export const actions: Actions = {
	save: async (event) => {
		const form = await event.request.formData();
		const values = {
			host: String(form.get('host') ?? ''),
			port: String(form.get('port') ?? ''),
			secure: form.get('secure') === 'on',
			user: String(form.get('user') ?? ''),
			password: String(form.get('password') ?? ''),
			from: String(form.get('from') ?? ''),
			companyName: String(form.get('companyName') ?? '')
		};
		try {
			await saveMailSettings(event.locals.user!, values, clientIp(event));
		} catch (error) {
			return formFailure(error, { values: { ...values, password: '' } });
		}
		return { ok: true };
	}
};
