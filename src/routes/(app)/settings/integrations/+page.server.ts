import { API_KEY_SCOPES } from '$lib/domain/permissions';
import { createApiKey, listApiKeys, revokeApiKey } from '$lib/server/auth/api-keys.service';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	return { keys: await listApiKeys(locals.user!), scopes: [...API_KEY_SCOPES] };
};

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = { name: String(form.get('name') ?? ''), scopes: form.getAll('scopes').map(String) };
		try {
			const { id, key } = await createApiKey(event.locals.user!, values, clientIp(event));
			// The key leaves the server this once; only its hash is stored.
			return { action: 'create', ok: true, id, key, name: values.name.trim() };
		} catch (error) {
			return formFailure(error, { action: 'create', values });
		}
	},
	revoke: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		try {
			await revokeApiKey(event.locals.user!, id, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'revoke', id });
		}
		return { action: 'revoke', ok: true, id };
	}
};
