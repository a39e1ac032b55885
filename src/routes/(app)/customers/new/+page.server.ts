import { redirect } from '@sveltejs/kit';
import { createCustomer } from '$lib/server/customers/customers.service';
import { customerFromForm } from '$lib/server/customers/form-input';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const values = customerFromForm(await event.request.formData());
		let id: string;
		try {
			id = (await createCustomer(event.locals.user!, values, clientIp(event))).id;
		} catch (error) {
			return formFailure(error, { values });
		}
		redirect(303, `/customers/${id}?saved=created`);
	}
};
