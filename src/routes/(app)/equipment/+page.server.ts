import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { importUnitsCsv } from '$lib/server/equipment/equipment-csv.service';
import { filterFromParams, LIST_FILTER_KEYS, type ListFilter } from '$lib/server/equipment/equipment-input';
import { customerNameForFilter, findSerialTarget, listAreas, listUnits } from '$lib/server/equipment/equipment.service';
import { listModels } from '$lib/server/equipment/models.service';
import { ServiceError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import { pageRequest, type PageRequest } from '$lib/server/pagination';
import type { Actions, PageServerLoad } from './$types';

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user!;
	let filter: ListFilter = {};
	let page: PageRequest = { page: 1, pageSize: 25, offset: 0 };
	let filterError: { error: string; field: string | null; message: string } | null = null;
	try {
		filter = filterFromParams(url.searchParams);
		page = pageRequest(url.searchParams);
	} catch (error) {
		// A hand-edited URL shows the message and the unfiltered list instead of an error page.
		if (!(error instanceof ServiceError)) throw error;
		filterError = { error: error.code, field: (error as { field?: string }).field ?? null, message: error.message };
		filter = {};
	}
	const [result, models, areas, customerName] = await Promise.all([
		listUnits(user, filter, page),
		listModels(user),
		listAreas(user),
		filter.customerId ? customerNameForFilter(user, filter.customerId) : Promise.resolve(null)
	]);
	const values = Object.fromEntries(LIST_FILTER_KEYS.map((k) => [k, url.searchParams.get(k) ?? '']));
	return {
		result,
		models: models.map((m) => ({ id: m.id, brand: m.brand, model: m.model })),
		provinces: [...new Set(areas.map((a) => a.province))].sort(),
		regions: [...new Set(areas.map((a) => a.regionCode))].sort(),
		values,
		customerName,
		filterError,
		canWrite: can(user.role, 'equipment.write')
	};
};

export const actions: Actions = {
	find: async ({ locals, request }) => {
		const form = await request.formData();
		const serial = String(form.get('serial') ?? '').trim();
		if (!serial) return fail(400, { action: 'find', serial, notFound: false, empty: true });
		const target = await findSerialTarget(locals.user!, serial);
		if (target && 'unitId' in target) redirect(303, `/equipment/${target.unitId}`);
		if (target) redirect(303, `/equipment?serial=${encodeURIComponent(target.listSerial)}`);
		return fail(404, { action: 'find', serial, notFound: true, empty: false });
	},
	import: async (event) => {
		const form = await event.request.formData();
		const file = form.get('file');
		const dryRun = form.get('dryRun') === 'on';
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { action: 'import', error: 'validation', field: 'file', message: 'the file is empty', dryRun });
		}
		if (file.size > MAX_UPLOAD_BYTES) return fail(400, { action: 'import', error: 'validation', field: 'file', message: 'too many rows', dryRun });
		try {
			const report = await importUnitsCsv(event.locals.user!, await file.text(), { dryRun }, clientIp(event));
			return { action: 'import', report, dryRun };
		} catch (error) {
			return formFailure(error, { action: 'import', dryRun });
		}
	}
};
