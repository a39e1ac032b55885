/**
 * Says a customers/sites/contacts problem in the user's language. The server answers in English
 * with the field at fault (and, for imports, a problem code with its values); pages show this.
 */
import * as m from '$lib/paraglide/messages';

export type Problem = {
	/** Service error code: validation, conflict, not_found, forbidden... */
	error?: string | null;
	field?: string | null;
	message?: string | null;
	/** Import problem code (see import.service.ts). */
	code?: string | null;
	params?: Record<string, string> | null;
};

/** CSV column -> API field, so import problems share the form's wording. */
const FIELD_OF_HEADER: Record<string, string> = {
	codice: 'code',
	ragione_sociale: 'businessName',
	partita_iva: 'vatNumber',
	codice_fiscale: 'fiscalCode',
	codice_sdi: 'sdiCode',
	pec: 'pec',
	indirizzo: 'address',
	cap: 'cap',
	comune_istat: 'comuneIstat',
	comune: 'comuneIstat',
	provincia: 'province',
	email: 'email',
	telefono: 'phone',
	giorni_pagamento: 'paymentTermsDays',
	note: 'notes',
	attivo: 'active',
	nome: 'name',
	lat: 'location.lat',
	lng: 'location.lng',
	note_accesso: 'accessNotes',
	orari: 'openingHours',
	cliente: 'customer'
};

function fieldText(field: string, message: string): string {
	if (message === 'required' && field !== 'comuneIstat') return m.cust_err_required();
	switch (field) {
		case 'businessName':
			return m.cust_err_business_name();
		case 'vatNumber':
			return message.includes('codice fiscale for a person') ? m.cust_err_tax_id_required() : m.cust_err_vat();
		case 'fiscalCode':
			return m.cust_err_cf();
		case 'sdiCode':
			return message.includes('PEC') ? m.cust_err_sdi_or_pec() : m.cust_err_sdi();
		case 'pec':
		case 'email':
			return m.cust_err_email();
		case 'address':
			return m.cust_err_address();
		case 'cap':
			return m.cust_err_cap();
		case 'comuneIstat':
			return m.cust_err_comune();
		case 'province':
			return m.cust_err_province();
		case 'paymentTermsDays':
			return m.cust_err_payment_terms();
		case 'active':
			return m.cust_err_active();
		case 'code':
			return m.cust_err_code();
		case 'location':
		case 'location.lat':
		case 'lat':
			return m.cust_err_lat();
		case 'location.lng':
		case 'lng':
			return m.cust_err_lng();
		case 'siteId':
			return m.cust_err_site();
		case 'name':
			return m.cust_err_name();
		case 'customer':
			return m.cust_err_required();
		case 'phone':
		case 'notes':
		case 'accessNotes':
		case 'openingHours':
		case 'role':
			return m.cust_err_too_long();
		case 'file':
			return m.cust_err_file({ detail: message });
		case 'q':
		case 'region':
		case 'hasContract':
		case 'page':
		case 'pageSize':
			return m.cust_filter_error({ field });
		default:
			return m.cust_err_invalid({ field });
	}
}

export function problemText(p: Problem | null | undefined): string | null {
	if (!p) return null;
	const params = p.params ?? {};
	const field = p.field ?? '';
	switch (p.code) {
		case 'tax_id_required':
			return m.cust_err_tax_id_required();
		case 'sdi_or_pec_required':
			return m.cust_err_sdi_or_pec();
		case 'duplicate_in_file':
			return m.cust_err_duplicate_in_file({ line: params.line ?? '?' });
		case 'vat_taken':
			return m.cust_err_vat_taken({ code: params.code ?? '', name: params.name ?? '' });
		case 'code_taken':
			return m.cust_err_code_taken({ code: params.code ?? '', name: params.name ?? '' });
		case 'unknown_comune':
			return m.cust_err_unknown_comune({ value: params.value ?? '' });
		case 'ambiguous_comune':
			return m.cust_err_ambiguous_comune({ value: params.value ?? '' });
		case 'unknown_customer':
			return m.cust_err_unknown_customer({ value: params.value ?? '' });
		case 'site_name_taken':
			return m.cust_err_site_name_taken_import({ code: params.code ?? '', name: params.name ?? '' });
		case 'coordinates_pair':
			return m.cust_err_coordinates_pair();
		case 'missing_column':
			return m.cust_err_missing_column({ column: params.column ?? field });
		case 'unknown_column':
			return m.cust_err_unknown_column({ column: params.column ?? field });
		case 'empty_file':
			return m.cust_err_empty_file();
		case 'invalid':
			return fieldText(FIELD_OF_HEADER[field] ?? field, p.message ?? '');
	}
	switch (p.error) {
		case undefined:
		case null:
			return null;
		case 'forbidden':
			return m.cust_err_forbidden();
		case 'not_found':
			return m.cust_err_not_found();
		case 'conflict':
			if (field === 'vatNumber') {
				const match = /customer (\S+) \((.*)\)$/.exec(p.message ?? '');
				return match ? m.cust_err_vat_taken({ code: match[1], name: match[2] }) : m.cust_err_vat_taken_short();
			}
			if (field === 'code') return m.cust_err_code_taken_short();
			if (field === 'name') return m.cust_err_site_name_taken();
			return m.cust_err_invalid({ field });
		default:
			return fieldText(field, p.message ?? '');
	}
}

/** The text for one field of a form, when the last failure was about it. */
export function errorFor(failure: Problem | null | undefined, ...fields: string[]): string | null {
	if (!failure?.field || !fields.includes(failure.field)) return null;
	return problemText(failure);
}
