import * as m from '$lib/paraglide/messages';

/** What a contracts form action returns on failure (see formFailure), plus the clashing contract on a 409. */
export type ContractFailure = { error?: string; field?: string | null; message?: string; contractNumber?: string | null } | null | undefined;

function meterProblem(field: string, message: string): string {
	const row = String(Number(field.split('.')[1]) + 1);
	let problem = m.ctr_err_meter_number();
	if (field.endsWith('meterType')) problem = m.ctr_err_meter_type();
	else if (message.includes('ascending')) problem = m.ctr_err_meter_tiers();
	else if (field.endsWith('unitPrice')) problem = m.ctr_err_meter_price();
	return m.ctr_err_meter({ row, problem });
}

/** The sentence for a service error in the user's language. */
export function contractFailureText(failure: ContractFailure): string | null {
	if (!failure?.error) return null;
	const { error, field = null, message = '' } = failure;
	if (error === 'forbidden') return m.forbidden_title();
	if (error === 'not_found') return field === null && message.includes('covered') ? m.ctr_err_unit() : m.not_found_item();
	if (error === 'conflict') {
		if (field === 'equipmentId') return m.ctr_err_covered({ number: failure.contractNumber ?? '?' });
		if (message.includes('term ended')) return m.ctr_err_term_ended();
		if (field === 'startsOn' || field === 'termMonths') return m.ctr_err_draft_only();
		return m.ctr_err_status();
	}
	if (!field) return m.field_invalid({ field: '?' });
	if (field.startsWith('meterTerms')) return meterProblem(field, message);
	switch (field) {
		case 'customerId':
			return m.ctr_err_customer();
		case 'slaLevelId':
			return m.ctr_err_sla();
		case 'feePerPeriodCents':
			return m.ctr_err_fee();
		case 'startsOn':
			return m.ctr_err_date();
		case 'termMonths':
		case 'renewalTermMonths':
		case 'months':
			return m.ctr_err_months();
		case 'noticeDays':
			return m.ctr_err_days();
		case 'reason':
			return m.ctr_err_reason();
		case 'serial':
			return m.ctr_err_unit();
		case 'brand':
			return m.ctr_err_unit_brand();
		case 'equipmentId':
			return message.includes('customer') ? m.ctr_err_other_customer() : m.ctr_err_unit();
		case 'fromDate': {
			const date = /\d{4}-\d{2}-\d{2}/.exec(message)?.[0];
			return date ? m.ctr_err_from_before_start({ date: date.split('-').reverse().join('/') }) : m.ctr_err_date();
		}
		case 'toDate':
			return m.ctr_err_to_date();
		default:
			return m.ctr_err_generic({ field });
	}
}
