import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { listDefinitions } from '$lib/server/equipment/attributes.service';
import { AttributeValidationError } from '$lib/server/equipment/equipment-input';
import { createUnit, getSiteForUnits, searchSitesForUnits } from '$lib/server/equipment/equipment.service';
import { listModels } from '$lib/server/equipment/models.service';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';
import { unitFormValues } from '../unit-form';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user!;
	if (!can(user.role, 'equipment.write')) error(403, 'Forbidden');
	const siteQuery = (url.searchParams.get('siteQuery') ?? '').trim();
	const siteId = url.searchParams.get('siteId') ?? '';
	const [sites, selectedSite, models, definitions] = await Promise.all([
		siteQuery ? searchSitesForUnits(user, siteQuery) : Promise.resolve([]),
		siteId
			? getSiteForUnits(user, siteId).catch((e) => {
					if (e instanceof NotFoundError) return null;
					throw e;
				})
			: Promise.resolve(null),
		listModels(user),
		listDefinitions(user)
	]);
	return { siteQuery, sites, selectedSite, models, definitions };
};

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const input = unitFormValues(form);
		let id: string;
		try {
			id = (await createUnit(event.locals.user!, { ...input, siteId: String(form.get('siteId') ?? '') }, clientIp(event))).id;
		} catch (e) {
			return formFailure(e, { values: Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])), problems: e instanceof AttributeValidationError ? e.problems : null });
		}
		redirect(303, `/equipment/${id}?created=1`);
	}
};
