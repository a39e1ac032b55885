import { getCompanyProfile, saveCompanyProfile } from '$lib/server/billing/company-profile.service';
import { clientIp, formFailure } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** The form's fields, named as the service's input; every one is sent as typed (blank optional ones become null there). */
const FIELDS = ['businessName', 'vatNumber', 'fiscalCode', 'regimeFiscale', 'address', 'cap', 'comuneName', 'province', 'pec', 'email', 'phone', 'iban', 'defaultVatRate', 'billingStartsOn'] as const;
export type CompanyProfileValues = Record<(typeof FIELDS)[number], string>;

export const load: PageServerLoad = async ({ locals }) => ({ profile: await getCompanyProfile(locals.user!) });

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = Object.fromEntries(FIELDS.map((key) => [key, String(form.get(key) ?? '')])) as CompanyProfileValues;
		try {
			await saveCompanyProfile(event.locals.user!, values, clientIp(event));
		} catch (error) {
			// The typed values come back so nothing is lost while one field is corrected.
			return formFailure(error, { values });
		}
		return { ok: true };
	}
};
