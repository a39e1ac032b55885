import { Temporal } from 'temporal-polyfill';
import { can } from '$lib/domain/permissions';
import { MAX_DAYS_AHEAD, prepareInvoicesNow } from '$lib/server/billing/billing-run.service';
import { listInvoices } from '$lib/server/billing/invoices.service';
import { companyToday } from '$lib/server/contracts/contracts.service';
import { errorBody, ServiceError } from '$lib/server/errors';
import { formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** Filters the page passes on to the service: the status tabs and, from links elsewhere, one contract or customer. */
const KEYS = ['status', 'contractId', 'customerId', 'page'] as const;

function listParams(url: URL): URLSearchParams {
	const params = new URLSearchParams();
	for (const key of KEYS) {
		const value = url.searchParams.get(key);
		if (value) params.set(key, value);
	}
	return params;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user!;
	const today = companyToday();
	let filterError: ReturnType<typeof errorBody> | null = null;
	let result;
	try {
		result = await listInvoices(user, listParams(url));
	} catch (error) {
		// A hand-edited URL shows the message and the whole list instead of an error page.
		if (!(error instanceof ServiceError)) throw error;
		filterError = errorBody(error);
		result = await listInvoices(user, new URLSearchParams());
	}
	return {
		result,
		filterError,
		status: url.searchParams.get('status') ?? '',
		contractId: url.searchParams.get('contractId') ?? '',
		customerId: url.searchParams.get('customerId') ?? '',
		deleted: url.searchParams.has('deleted'),
		today,
		latestPrepareDay: Temporal.PlainDate.from(today).add({ days: MAX_DAYS_AHEAD }).toString(),
		canManage: can(user.role, 'billing.manage')
	};
};

export const actions: Actions = {
	prepare: async (event) => {
		const form = await event.request.formData();
		const today = String(form.get('today') ?? '').trim();
		try {
			const result = await prepareInvoicesNow(event.locals.user!, today ? { today } : {});
			return {
				action: 'prepare',
				ok: true,
				today: result.today,
				prepared: result.invoices.length,
				withWarnings: result.invoices.filter((i) => i.warnings.length > 0).length,
				skipped: result.skipped
			};
		} catch (error) {
			return formFailure(error, { action: 'prepare', today });
		}
	}
};
