import { createUser, listLinkableTechnicians, listUsers, resetPassword, updateUser } from '$lib/server/auth/users.service';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const [users, technicians] = await Promise.all([listUsers(locals.user!), listLinkableTechnicians(locals.user!)]);
	return { users, technicians };
};

function text(form: FormData, key: string): string {
	return String(form.get(key) ?? '');
}

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const values = {
			email: text(form, 'email'),
			name: text(form, 'name'),
			role: text(form, 'role'),
			locale: text(form, 'locale') || 'it',
			technicianId: text(form, 'technicianId')
		};
		try {
			await createUser(event.locals.user!, { ...values, password: text(form, 'password') }, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'create', values });
		}
		return { action: 'create', ok: true };
	},
	update: async (event) => {
		const form = await event.request.formData();
		const id = text(form, 'id');
		const changes: Record<string, unknown> = {};
		if (form.has('name')) changes.name = text(form, 'name');
		if (form.has('role')) changes.role = text(form, 'role');
		if (form.has('technicianId')) changes.technicianId = text(form, 'technicianId');
		if (form.has('active')) changes.active = text(form, 'active') === 'true';
		try {
			await updateUser(event.locals.user!, id, changes, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'update', id });
		}
		return { action: 'update', id, ok: true };
	},
	reset: async (event) => {
		const form = await event.request.formData();
		const id = text(form, 'id');
		try {
			await resetPassword(event.locals.user!, id, { password: text(form, 'password') }, clientIp(event));
		} catch (error) {
			return formFailure(error, { action: 'reset', id });
		}
		return { action: 'reset', id, ok: true };
	}
};
