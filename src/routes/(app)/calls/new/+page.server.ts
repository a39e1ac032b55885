import { error, fail } from '@sveltejs/kit';
import { localToInstant } from '$lib/components/calls/window';
import { createCall, getCall } from '$lib/server/calls/calls.service';
import { intakeOptions } from '$lib/server/calls/calls-search.service';
import { ForbiddenError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	try {
		return await intakeOptions(locals.user!);
	} catch (e) {
		// Supervisors read calls but do not open them.
		if (e instanceof ForbiddenError) error(403, 'Forbidden');
		throw e;
	}
};

export const actions: Actions = {
	default: async (event) => {
		const actor = event.locals.user!;
		const form = await event.request.formData();
		const text = (k: string) => (form.get(k)?.toString() ?? '').trim();
		const optional = (k: string) => text(k) || null;
		// The window is typed on the company's wall clock (datetime-local has no zone).
		const window: Record<string, string | null> = {};
		for (const k of ['preferredFrom', 'preferredTo']) {
			const instant = localToInstant(text(k));
			if (instant === 'invalid') return fail(400, { error: 'validation', field: k, message: 'must be a date and time' });
			window[k] = instant;
		}
		const minutes = text('estimatedMinutes');
		const input = {
			customerId: text('customerId'),
			siteId: text('siteId'),
			equipmentId: optional('equipmentId'),
			priority: text('priority'),
			type: text('type'),
			description: text('description'),
			requiredSkills: form.getAll('requiredSkills').map(String),
			estimatedMinutes: minutes === '' ? undefined : Number(minutes),
			...window,
			contactName: optional('contactName'),
			contactPhone: optional('contactPhone')
		};
		try {
			const { id } = await createCall(actor, input, clientIp(event));
			const call = await getCall(actor, id);
			return {
				created: {
					id: call.id,
					number: call.number,
					priority: call.priority,
					customerName: call.customerName,
					siteName: call.siteName,
					acknowledgeDue: call.acknowledgeDue?.toISOString() ?? null,
					onsiteDue: call.onsiteDue?.toISOString() ?? null,
					resolutionDue: call.resolutionDue?.toISOString() ?? null
				}
			};
		} catch (error) {
			return formFailure(error);
		}
	}
};
