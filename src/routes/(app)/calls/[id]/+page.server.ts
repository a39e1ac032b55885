import { error } from '@sveltejs/kit';
import { acknowledge, callJson, changeStatus, getCall } from '$lib/server/calls/calls.service';
import { callDetailExtras } from '$lib/server/calls/calls-search.service';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	depends('calls:detail');
	const actor = locals.user!;
	try {
		const [call, extras] = await Promise.all([getCall(actor, params.id), callDetailExtras(actor, params.id)]);
		return { call: { ...callJson(call), slaLevelId: call.slaLevelId, contractId: call.contractId }, extras, now: new Date().toISOString() };
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
};

export const actions: Actions = {
	status: async (event) => {
		const form = await event.request.formData();
		const to = form.get('status')?.toString() ?? '';
		const reason = form.get('reason')?.toString().trim() || null;
		try {
			const result = await changeStatus(event.locals.user!, event.params.id, { status: to, reason }, clientIp(event));
			return { done: 'status' as const, status: result.status };
		} catch (e) {
			return formFailure(e, { action: 'status', to, reason });
		}
	},
	acknowledge: async (event) => {
		try {
			const result = await acknowledge(event.locals.user!, event.params.id);
			return { done: 'acknowledge' as const, first: result.first };
		} catch (e) {
			return formFailure(e, { action: 'acknowledge', to: '', reason: null });
		}
	}
};
