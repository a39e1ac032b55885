import { error, redirect } from '@sveltejs/kit';
import { getCustomer } from '$lib/server/customers/customers.service';
import { siteFromForm } from '$lib/server/customers/form-input';
import { createSite } from '$lib/server/customers/sites.service';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const c = await getCustomer(locals.user!, params.id);
		return { customer: { id: c.id, code: c.code, businessName: c.businessName } };
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
};

export const actions: Actions = {
	default: async (event) => {
		const values = siteFromForm(await event.request.formData());
		try {
			await createSite(event.locals.user!, event.params.id, values, clientIp(event));
		} catch (e) {
			return formFailure(e, { values });
		}
		redirect(303, `/customers/${event.params.id}?saved=site`);
	}
};
