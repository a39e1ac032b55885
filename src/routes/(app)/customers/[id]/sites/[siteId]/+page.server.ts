import { error } from '@sveltejs/kit';
import { createContact, deleteContact, updateContact } from '$lib/server/customers/contacts.service';
import { contactFromForm, siteFromForm } from '$lib/server/customers/form-input';
import { getSite, updateSite } from '$lib/server/customers/sites.service';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const site = await getSite(locals.user!, params.siteId);
		if (site.customerId !== params.id) error(404, 'Not found');
		return { site };
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
};

export const actions: Actions = {
	update: async (event) => {
		const values = siteFromForm(await event.request.formData());
		try {
			await updateSite(event.locals.user!, event.params.siteId, values, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'update', values });
		}
		return { action: 'update', ok: true };
	},
	addContact: async (event) => {
		const values = { ...contactFromForm(await event.request.formData()), siteId: event.params.siteId };
		try {
			await createContact(event.locals.user!, event.params.id, values, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'addContact', values });
		}
		return { action: 'addContact', ok: true };
	},
	updateContact: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		const values = { ...contactFromForm(form), siteId: event.params.siteId };
		try {
			await updateContact(event.locals.user!, id, values, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'updateContact', id, values });
		}
		return { action: 'updateContact', id, ok: true };
	},
	deleteContact: async (event) => {
		const id = String((await event.request.formData()).get('id') ?? '');
		try {
			await deleteContact(event.locals.user!, id, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'deleteContact', id });
		}
		return { action: 'deleteContact', id, ok: true };
	}
};
