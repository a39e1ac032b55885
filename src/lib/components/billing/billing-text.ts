/**
 * Says a billing problem in the user's language. The services answer in English with the field
 * at fault; pages show these sentences next to that field, never the English text.
 */
import * as m from '$lib/paraglide/messages';
import { formatDate } from '$lib/ui/format';

export type BillingFailure = { error?: string | null; field?: string | null; message?: string | null } | null | undefined;
export type IssueProblem = { field: string; message: string };

/** FatturaPA RegimeFiscale codes the company profile accepts (RF03 was abolished). */
export const REGIMI = ['RF01', 'RF02', 'RF04', 'RF05', 'RF06', 'RF07', 'RF08', 'RF09', 'RF10', 'RF11', 'RF12', 'RF13', 'RF14', 'RF15', 'RF16', 'RF17', 'RF18', 'RF19', 'RF20'] as const;

const REGIME_LABEL: Record<(typeof REGIMI)[number], () => string> = {
	RF01: m.billing_regime_rf01,
	RF02: m.billing_regime_rf02,
	RF04: m.billing_regime_rf04,
	RF05: m.billing_regime_rf05,
	RF06: m.billing_regime_rf06,
	RF07: m.billing_regime_rf07,
	RF08: m.billing_regime_rf08,
	RF09: m.billing_regime_rf09,
	RF10: m.billing_regime_rf10,
	RF11: m.billing_regime_rf11,
	RF12: m.billing_regime_rf12,
	RF13: m.billing_regime_rf13,
	RF14: m.billing_regime_rf14,
	RF15: m.billing_regime_rf15,
	RF16: m.billing_regime_rf16,
	RF17: m.billing_regime_rf17,
	RF18: m.billing_regime_rf18,
	RF19: m.billing_regime_rf19,
	RF20: m.billing_regime_rf20
};

export function regimeLabel(code: string): string {
	return code in REGIME_LABEL ? REGIME_LABEL[code as keyof typeof REGIME_LABEL]() : code;
}

/** The company profile's fields, each with the sentence for any refusal of it. */
const PROFILE_FIELD_TEXT: Record<string, () => string> = {
	businessName: m.billing_err_business_name,
	vatNumber: m.billing_err_vat,
	fiscalCode: m.billing_err_cf,
	regimeFiscale: m.billing_err_regime,
	address: m.billing_err_address,
	cap: m.billing_err_cap,
	comuneName: m.billing_err_comune,
	province: m.billing_err_province,
	pec: m.billing_err_pec,
	email: m.billing_err_email,
	phone: m.billing_err_phone,
	iban: m.billing_err_iban,
	defaultVatRate: m.billing_err_vat_rate,
	billingStartsOn: m.billing_err_starts_on
};

/** The refusal of the company profile form, for the field it names. */
export function profileFailureText(failure: BillingFailure): string | null {
	if (!failure?.error) return null;
	if (failure.error === 'forbidden') return m.forbidden_title();
	const field = failure.field ?? '';
	return PROFILE_FIELD_TEXT[field]?.() ?? m.billing_err_generic({ field: field || '?' });
}

/** A YYYY-MM-DD inside an English message ("cannot be before 2026-12-05, ..."), in the user's format. */
function dateIn(message: string): string | null {
	const iso = /\d{4}-\d{2}-\d{2}/.exec(message)?.[0];
	return iso ? formatDate(iso) : null;
}

function dateText(message: string): string {
	if (message.includes('after today')) return m.billing_err_issue_future();
	if (message.includes('cannot be before')) {
		const year = /of (\d{4})$/.exec(message)?.[1] ?? /\d{4}/.exec(message)?.[0] ?? '';
		return m.billing_err_issue_before({ date: dateIn(message) ?? '?', year });
	}
	const days = /at most (\d+) days/.exec(message)?.[1];
	if (days) return m.billing_err_prepare_ahead({ days });
	return m.billing_err_date();
}

/** What a FatturaPA field is called on screen: the last part of "buyer.sdiCode", "seller.address"... */
function whatOf(leaf: string, path: string[]): string | null {
	// document.lines.2.description -> "riga 3": which line matters more than which of its items.
	const lineAt = path.indexOf('lines');
	if (lineAt >= 0 && /^\d+$/.test(path[lineAt + 1] ?? '')) return m.billing_what_line({ line: String(Number(path[lineAt + 1]) + 1) });
	switch (leaf) {
		case 'vatNumber':
			return m.billing_what_vat();
		case 'fiscalCode':
			return m.billing_what_cf();
		case 'name':
		case 'businessName':
			return m.billing_what_name();
		case 'address':
			return m.billing_what_address();
		case 'cap':
			return m.billing_what_cap();
		case 'comune':
		case 'comuneName':
			return m.billing_what_comune();
		case 'province':
			return m.billing_what_province();
		case 'country':
			return m.billing_what_country();
		case 'regimeFiscale':
			return m.billing_what_regime();
		case 'iban':
			return m.billing_what_iban();
		case 'pec':
			return m.billing_what_pec();
		case 'sdiCode':
			return m.billing_what_sdi();
		case 'email':
			return m.billing_what_email();
		case 'phone':
			return m.billing_what_phone();
		case 'number':
			return m.billing_what_number();
		case 'date':
			return m.billing_what_date();
		case 'lines':
			return m.billing_what_lines();
		case 'vatSummary':
		case 'totalCents':
		case 'taxableCents':
		case 'vatCents':
			return m.billing_what_totals();
	}
	// A summary row (document.vatSummary.0.vatCents) or the payment's IBAN is named by its section.
	if (path.includes('vatSummary')) return m.billing_what_totals();
	return null;
}

/**
 * Why a draft cannot be issued yet (the FatturaPA checks), for a person: whose data (the
 * company's, the customer's, the invoice's) and which item is missing or wrong.
 */
export function issueProblemText(problem: IssueProblem): string {
	const field = problem.field ?? '';
	const message = problem.message ?? '';
	if (field === 'seller' || field === 'companyProfile') return m.billing_err_seller();
	if (field === 'lines' && /zero/.test(message)) return m.billing_err_zero();
	// "Il cliente deve avere partita IVA o codice fiscale": say what to add, not which tag failed.
	if (field === 'buyer.vatNumber' && /fiscal/i.test(message) && /(vat|partita)/i.test(message)) return m.billing_problem_tax_id();
	const path = field.split('.');
	const leaf = path[path.length - 1];
	// The IBAN printed in the payment terms is the company's own.
	const owner = path[0] === 'document' && path[1] === 'payment' && leaf === 'iban' ? 'seller' : path[0];
	const party = owner === 'seller' ? m.billing_party_seller() : owner === 'buyer' ? m.billing_party_buyer() : owner === 'document' || owner === 'lines' ? m.billing_party_invoice() : null;
	const what = whatOf(leaf, path);
	if (party && what) return m.billing_problem({ party, what });
	return m.billing_problem_unknown({ field: field || '?' });
}

/** The refusal of a billing action (prepare, issue, delete) or a list filter. */
export function billingFailureText(failure: BillingFailure): string | null {
	if (!failure?.error) return null;
	const field = failure.field ?? '';
	const message = failure.message ?? '';
	switch (failure.error) {
		case 'forbidden':
			return m.forbidden_title();
		case 'not_found':
			return m.billing_err_not_found();
		case 'conflict':
			return message.includes('deleted') ? m.billing_err_issued_delete() : m.billing_err_already_issued();
	}
	switch (field) {
		case 'issueDate':
		case 'today':
			return dateText(message);
		case 'companyProfile':
			return m.billing_err_company_profile();
		case 'status':
		case 'customerId':
		case 'contractId':
		case 'year':
		case 'page':
		case 'pageSize':
			return m.billing_err_filter({ field });
	}
	return issueProblemText({ field, message });
}
