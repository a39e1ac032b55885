import { daysBetween, endOfMonth } from '$lib/domain/contract-terms';
import { can } from '$lib/domain/permissions';
import { companyToday, listContracts } from '$lib/server/contracts/contracts.service';
import { ServiceError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

const KEYS = ['q', 'status', 'periodicity', 'customerId'] as const;

/** The page's ?expiring=month|30|60|90 becomes the API's expiringWithinDays. */
function apiParams(url: URL, today: string): URLSearchParams {
	const params = new URLSearchParams();
	for (const key of [...KEYS, 'page']) {
		const v = url.searchParams.get(key);
		if (v) params.set(key, v);
	}
	const expiring = url.searchParams.get('expiring');
	if (expiring === 'month') params.set('expiringWithinDays', String(daysBetween(today, endOfMonth(today))));
	else if (expiring) params.set('expiringWithinDays', expiring);
	return params;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user!;
	const today = companyToday();
	const params = apiParams(url, today);
	let filterError: { error: string; field: string | null; message: string } | null = null;
	let result;
	try {
		result = await listContracts(user, params, today);
	} catch (error) {
		// A hand-edited URL shows the message and the unfiltered list instead of an error page.
		if (!(error instanceof ServiceError)) throw error;
		filterError = { error: error.code, field: (error as { field?: string }).field ?? null, message: error.message };
		result = await listContracts(user, new URLSearchParams(), today);
	}
	const exportParams = new URLSearchParams(params);
	exportParams.delete('page');
	exportParams.set('format', 'csv');
	return {
		result,
		values: {
			q: url.searchParams.get('q') ?? '',
			status: url.searchParams.get('status') ?? '',
			periodicity: url.searchParams.get('periodicity') ?? '',
			customerId: url.searchParams.get('customerId') ?? '',
			expiring: url.searchParams.get('expiring') ?? ''
		},
		filtered: [...KEYS, 'expiring'].some((k) => url.searchParams.get(k)),
		exportHref: `/api/contracts?${exportParams}`,
		filterError,
		canWrite: can(user.role, 'contracts.write')
	};
};
