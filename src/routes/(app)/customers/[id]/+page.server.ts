import { error } from '@sveltejs/kit';
import { createContact, deleteContact, updateContact } from '$lib/server/customers/contacts.service';
import { getCustomer, updateCustomer } from '$lib/server/customers/customers.service';
import { contactFromForm, customerFromForm } from '$lib/server/customers/form-input';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import { can } from '$lib/domain/permissions';
import { customerReceivables } from '$lib/server/receivables/receivables.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const customer = await getCustomer(locals.user!, params.id);
		const receivables = can(locals.user!.role, 'receivables.read') ? await customerReceivables(locals.user, customer.id) : null;
		return { customer, receivables };
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
};

export const actions: Actions = {
	update: async (event) => {
		const values = customerFromForm(await event.request.formData());
		try {
			await updateCustomer(event.locals.user!, event.params.id, values, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'update', values });
		}
		return { action: 'update', ok: true };
	},
	addContact: async (event) => {
		const values = contactFromForm(await event.request.formData());
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
		const values = contactFromForm(form);
		try {
			await updateContact(event.locals.user!, id, values, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'updateContact', id, values });
		}
		return { action: 'updateContact', id, ok: true };
	},
	deleteContact: async (event) => {
		const form = await event.request.formData();
		const id = String(form.get('id') ?? '');
		try {
			await deleteContact(event.locals.user!, id, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'deleteContact', id });
		}
		return { action: 'deleteContact', id, ok: true };
	}
};
