import { listCallsView, listFilterOptions } from '$lib/server/calls/calls-search.service';
import { errorBody, ServiceError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('calls:list');
	const actor = locals.user!;
	const p = url.searchParams;
	const filters = {
		q: p.get('q') ?? '',
		status: p.getAll('status').flatMap((s) => s.split(',')).filter(Boolean),
		priority: p.getAll('priority').flatMap((s) => s.split(',')).filter(Boolean),
		sla: p.get('sla') ?? '',
		customerId: p.get('customerId') ?? '',
		skill: p.get('skill') ?? '',
		province: p.get('province') ?? '',
		date: p.get('date') ?? ''
	};
	const options = await listFilterOptions(actor, filters.customerId || undefined);
	try {
		const { query: _query, ...page } = await listCallsView(actor, p);
		return { page, filters, options, failure: null, now: new Date().toISOString() };
	} catch (error) {
		// A hand-edited URL with a bad filter shows the message instead of an error page.
		if (!(error instanceof ServiceError)) throw error;
		return { page: null, filters, options, failure: errorBody(error), now: new Date().toISOString() };
	}
};
