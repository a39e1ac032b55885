import { error } from '@sveltejs/kit';
import { getCustomer, updateCustomer } from '$lib/server/customers/customers.service';
import { customerFromForm } from '$lib/server/customers/form-input';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import { can } from '$lib/domain/permissions';
import { customerReceivables } from '$lib/server/receivables/receivables.service';
import { contactActions } from './contact-actions.server';
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
	...contactActions('customer')
};
