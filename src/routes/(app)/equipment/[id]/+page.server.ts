import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/permissions';
import { listDefinitions } from '$lib/server/equipment/attributes.service';
import { AttributeValidationError, romeLocalToIso } from '$lib/server/equipment/equipment-input';
import { getSiteForUnits, getUnit, moveUnit, searchSitesForUnits, updateUnit } from '$lib/server/equipment/equipment.service';
import { listModels } from '$lib/server/equipment/models.service';
import { getTimeline } from '$lib/server/equipment/timeline.service';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import { generateNow } from '$lib/server/maintenance/generate.service';
import { createPlan, deletePlan, listPlans, updatePlan } from '$lib/server/maintenance/plans.service';
import type { Actions, PageServerLoad } from './$types';
import { unitFormValues } from '../unit-form';
import { formStrings, planFormValues } from './maintenance-form';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = locals.user!;
	const canWrite = can(user.role, 'equipment.write');
	let unit;
	try {
		unit = await getUnit(user, params.id);
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
	const moveQuery = canWrite ? (url.searchParams.get('moveQuery') ?? '').trim() : '';
	const moveTo = canWrite ? (url.searchParams.get('moveTo') ?? '') : '';
	const [timeline, definitions, models, moveSites, moveTarget, plans] = await Promise.all([
		getTimeline(user, params.id),
		listDefinitions(user),
		canWrite ? listModels(user) : Promise.resolve([]),
		moveQuery ? searchSitesForUnits(user, moveQuery) : Promise.resolve([]),
		moveTo
			? getSiteForUnits(user, moveTo).catch((e) => {
					if (e instanceof NotFoundError) return null;
					throw e;
				})
			: Promise.resolve(null),
		can(user.role, 'maintenance.read') ? listPlans(user, params.id) : Promise.resolve(null)
	]);
	return {
		unit,
		timeline,
		definitions,
		models,
		moveQuery,
		moveSites,
		moveTarget,
		canWrite,
		maintenance: { plans, canManage: can(user.role, 'maintenance.manage'), canGenerate: can(user.role, 'maintenance.generate') },
		created: url.searchParams.has('created'),
		moved: url.searchParams.has('moved'),
		moving: canWrite && (url.searchParams.has('move') || !!moveQuery || !!moveTo)
	};
};

function formValues(form: FormData): Record<string, string> {
	return Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
}

export const actions: Actions = {
	update: async (event) => {
		const form = await event.request.formData();
		try {
			await updateUnit(event.locals.user!, event.params.id, unitFormValues(form), clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'update', values: formValues(form), problems: e instanceof AttributeValidationError ? e.problems : null });
		}
		return { action: 'update', ok: true };
	},
	move: async (event) => {
		const form = await event.request.formData();
		const input = { siteId: String(form.get('siteId') ?? ''), reason: String(form.get('reason') ?? ''), at: romeLocalToIso(String(form.get('at') ?? '')) };
		try {
			await moveUnit(event.locals.user!, event.params.id, input, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'move', values: formValues(form) });
		}
		redirect(303, `/equipment/${event.params.id}?moved=1`);
	},
	planSave: async (event) => {
		const form = await event.request.formData();
		const planId = String(form.get('planId') ?? '');
		try {
			const input = planFormValues(form);
			if (planId) await updatePlan(event.locals.user!, planId, input, clientIp(event), new Date(), { equipmentId: event.params.id });
			else await createPlan(event.locals.user!, event.params.id, input, clientIp(event));
		} catch (e) {
			return formFailure(e, { action: 'planSave', planId, values: formStrings(form) });
		}
		return { action: 'planSave', ok: true };
	},
	planDelete: async (event) => {
		const form = await event.request.formData();
		try {
			await deletePlan(event.locals.user!, String(form.get('planId') ?? ''), clientIp(event), { equipmentId: event.params.id });
		} catch (e) {
			return formFailure(e, { action: 'planDelete' });
		}
		return { action: 'planDelete', ok: true };
	},
	generate: async (event) => {
		try {
			const result = await generateNow(event.locals.user!, {}, { equipmentId: event.params.id });
			return { action: 'generate', ok: true, generated: result };
		} catch (e) {
			return formFailure(e, { action: 'generate' });
		}
	}
};
