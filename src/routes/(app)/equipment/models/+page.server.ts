import { can } from '$lib/domain/permissions';
import { createModel, listMeterTypes, listModels } from '$lib/server/equipment/models.service';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user!;
	const q = (url.searchParams.get('q') ?? '').trim();
	const [models, meterTypes] = await Promise.all([listModels(user, { q: q || undefined }), listMeterTypes(user)]);
	return { models, meterTypes, q, canWrite: can(user.role, 'equipment.write') };
};

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = {
			brand: String(form.get('brand') ?? ''),
			model: String(form.get('model') ?? ''),
			family: String(form.get('family') ?? ''),
			category: String(form.get('category') ?? ''),
			meterTypes: form.getAll('meterTypes').map(String)
		};
		try {
			await createModel(event.locals.user!, values, clientIp(event));
		} catch (error) {
			return formFailure(error, { values });
		}
		return { ok: true, created: `${values.brand} ${values.model}` };
	}
};
