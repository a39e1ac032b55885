import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { deleteDraftInvoice, getInvoice, issueInvoice } from '$lib/server/billing/invoices.service';
import { companyToday } from '$lib/server/contracts/contracts.service';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const user = locals.user!;
	let invoice;
	try {
		invoice = await getInvoice(user, params.id);
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
	return { invoice, today: companyToday(), canManage: can(user.role, 'billing.manage') };
};

export const actions: Actions = {
	issue: async (event) => {
		const form = await event.request.formData();
		const issueDate = String(form.get('issueDate') ?? '').trim();
		try {
			const issued = await issueInvoice(event.locals.user!, event.params.id, issueDate ? { issueDate } : {}, clientIp(event));
			return { action: 'issue', ok: true, number: issued.number };
		} catch (e) {
			return formFailure(e, { action: 'issue', issueDate });
		}
	},
	delete: async (event) => {
		try {
			await deleteDraftInvoice(event.locals.user!, event.params.id, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'delete' });
		}
		redirect(303, '/billing?deleted=1');
	}
};
