import { redirect } from '@sveltejs/kit';
import { parseEuroCents } from '$lib/domain/meter-pricing';
import { meterTermsFromField } from '$lib/components/contracts/meter-terms-form';
import { companyToday, contractFormOptions, createContract, customerOption } from '$lib/server/contracts/contracts.service';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user!;
	const preselected = url.searchParams.get('customerId');
	const [options, customer] = await Promise.all([contractFormOptions(user), preselected ? customerOption(user, preselected) : Promise.resolve(null)]);
	return { ...options, customer, today: companyToday() };
};

function text(form: FormData, key: string): string {
	return String(form.get(key) ?? '').trim();
}

/** Whole numbers as numbers; anything else is passed on for the service to name the field. */
function whole(value: string): number | string | undefined {
	if (value === '') return undefined;
	return /^\d{1,9}$/.test(value) ? Number(value) : value;
}

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = Object.fromEntries(
			['customerId', 'customerName', 'periodicity', 'billingTiming', 'fee', 'slaLevelId', 'startsOn', 'termMonths', 'renewalTermMonths', 'noticeDays', 'notes', 'meterTerms'].map((k) => [k, text(form, k)])
		);
		const fee = values.fee === '' ? '' : (parseEuroCents(values.fee) ?? values.fee);
		let created;
		try {
			created = await createContract(
				event.locals.user!,
				{
					customerId: values.customerId || undefined,
					periodicity: values.periodicity || undefined,
					billingTiming: values.billingTiming || undefined,
					feePerPeriodCents: fee === '' ? undefined : fee,
					slaLevelId: values.slaLevelId || undefined,
					startsOn: values.startsOn || undefined,
					termMonths: whole(values.termMonths),
					autoRenew: form.has('autoRenew'),
					renewalTermMonths: whole(values.renewalTermMonths),
					noticeDays: whole(values.noticeDays),
					notes: values.notes || null,
					meterTerms: meterTermsFromField(form.get('meterTerms'))
				},
				clientIp(event)
			);
		} catch (error) {
			return formFailure(error, { values, autoRenew: form.has('autoRenew') });
		}
		redirect(303, `/contracts/${created.id}?created=${encodeURIComponent(created.number)}`);
	}
};
