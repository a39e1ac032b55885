import { clientIp, formFailure } from '$lib/server/http';
import { createSkill, deleteSkill, listSkills, updateSkill } from '$lib/server/technicians/skills.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ skills: await listSkills(locals.user!) });

const text = (form: FormData, key: string) => String(form.get(key) ?? '');

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = { code: text(form, 'code'), nameIt: text(form, 'nameIt'), nameEn: text(form, 'nameEn') };
		try {
			await createSkill(event.locals.user!, values, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'create', code: null, values });
		}
		return { action: 'create', ok: true };
	},
	update: async (event) => {
		const form = await event.request.formData();
		const code = text(form, 'code');
		try {
			await updateSkill(event.locals.user!, code, { nameIt: text(form, 'nameIt'), nameEn: text(form, 'nameEn') }, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'update', code });
		}
		return { action: 'update', code, ok: true };
	},
	delete: async (event) => {
		const form = await event.request.formData();
		const code = text(form, 'code');
		try {
			await deleteSkill(event.locals.user!, code, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'delete', code });
		}
		return { action: 'delete', code, ok: true };
	}
};
