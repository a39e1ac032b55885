import { error } from '@sveltejs/kit';
import { parseEuroCents } from '$lib/domain/meter-pricing';
import { can } from '$lib/domain/permissions';
import { meterTermsFromField } from '$lib/components/contracts/meter-terms-form';
import { activateContract, companyToday, contractFormOptions, getContract, suspendContract, terminateContract, updateContract } from '$lib/server/contracts/contracts.service';
import { addCoveredEquipment, CoverageConflictError, removeCoveredEquipment } from '$lib/server/contracts/coverage.service';
import { setMeterTerms } from '$lib/server/contracts/meter-terms.service';
import { renewContract } from '$lib/server/contracts/renewals.service';
import { NotFoundError } from '$lib/server/errors';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = locals.user!;
	let contract;
	try {
		contract = await getContract(user, params.id);
	} catch (e) {
		if (e instanceof NotFoundError) error(404, 'Not found');
		throw e;
	}
	const options = await contractFormOptions(user);
	return { contract, ...options, today: companyToday(), created: url.searchParams.get('created'), canWrite: can(user.role, 'contracts.write'), canReadInvoices: can(user.role, 'billing.read') };
};

function text(form: FormData, key: string): string {
	return String(form.get(key) ?? '').trim();
}

function whole(value: string): number | string | undefined {
	if (value === '') return undefined;
	return /^\d{1,9}$/.test(value) ? Number(value) : value;
}

/** Runs one service call for an action; failures come back to the form with the action's name. */
async function run<T>(action: string, work: () => Promise<T>, extra: Record<string, unknown> = {}) {
	try {
		const result = await work();
		return { action, ok: true, result: result ?? null };
	} catch (e) {
		const contractNumber = e instanceof CoverageConflictError ? e.contract.number : null;
		return formFailure(e, { action, contractNumber, ...extra });
	}
}

async function formOf(event: RequestEvent): Promise<FormData> {
	return event.request.formData();
}

export const actions: Actions = {
	update: async (event) => {
		const form = await formOf(event);
		const changes: Record<string, unknown> = {};
		if (form.has('fee')) changes.feePerPeriodCents = parseEuroCents(text(form, 'fee')) ?? text(form, 'fee');
		for (const key of ['periodicity', 'billingTiming', 'slaLevelId', 'startsOn'] as const) if (form.has(key)) changes[key] = text(form, key);
		for (const key of ['termMonths', 'renewalTermMonths', 'noticeDays'] as const) if (form.has(key)) changes[key] = whole(text(form, key));
		if (form.has('notes')) changes.notes = text(form, 'notes');
		if (form.has('autoRenewShown')) changes.autoRenew = form.has('autoRenew');
		return run('update', () => updateContract(event.locals.user!, event.params.id, changes, clientIp(event)));
	},
	activate: async (event) => run('activate', () => activateContract(event.locals.user!, event.params.id, clientIp(event))),
	suspend: async (event) => {
		const form = await formOf(event);
		return run('suspend', () => suspendContract(event.locals.user!, event.params.id, { reason: text(form, 'reason') }, clientIp(event)));
	},
	terminate: async (event) => {
		const form = await formOf(event);
		return run('terminate', () => terminateContract(event.locals.user!, event.params.id, { reason: text(form, 'reason') }, clientIp(event)));
	},
	renew: async (event) => {
		const form = await formOf(event);
		const input = { afterTermNo: whole(text(form, 'afterTermNo')), months: whole(text(form, 'months')) };
		return run('renew', () => renewContract(event.locals.user!, event.params.id, input, clientIp(event)));
	},
	addUnit: async (event) => {
		const form = await formOf(event);
		const equipmentId = text(form, 'equipmentId');
		const input = {
			...(equipmentId ? { equipmentId } : { serial: text(form, 'serial') || undefined }),
			fromDate: text(form, 'fromDate'),
			toDate: text(form, 'toDate') || null
		};
		return run('addUnit', () => addCoveredEquipment(event.locals.user!, event.params.id, input, clientIp(event)), { serial: text(form, 'serial') });
	},
	removeUnit: async (event) => {
		const form = await formOf(event);
		const input = { coverageId: text(form, 'coverageId'), toDate: text(form, 'toDate') || undefined };
		return run('removeUnit', () => removeCoveredEquipment(event.locals.user!, event.params.id, input, clientIp(event)), { coverageId: input.coverageId });
	},
	meterTerms: async (event) => {
		const form = await formOf(event);
		return run('meterTerms', () => setMeterTerms(event.locals.user!, event.params.id, meterTermsFromField(form.get('meterTerms')), clientIp(event)), {
			meterTerms: text(form, 'meterTerms')
		});
	}
};
