import { clientIp, formFailure } from '$lib/server/http';
import { readPositionSettings, updatePositionSettings } from '$lib/server/positions/position-settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ settings: await readPositionSettings(locals.user!) });

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = { staleMinutes: String(form.get('staleMinutes') ?? ''), retentionDays: String(form.get('retentionDays') ?? '') };
		try {
			await updatePositionSettings(event.locals.user!, values, clientIp(event));
		} catch (error) {
			return formFailure(error, { values });
		}
		return { ok: true };
	}
};
