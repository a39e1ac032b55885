import { error } from '@sveltejs/kit';
import { siteFromForm } from '$lib/server/customers/form-input';
import { getSite, updateSite } from '$lib/server/customers/sites.service';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import { contactActions } from '../../contact-actions.server';
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
	...contactActions('site')
};
