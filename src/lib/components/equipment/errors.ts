import * as m from '$lib/paraglide/messages';

/** What a form action of the equipment pages returns on failure (see formFailure). */
export type EquipmentFailure =
	| {
			error?: string;
			field?: string | null;
			message?: string;
			problems?: AttributeProblem[] | null;
	  }
	| null
	| undefined;

export type AttributeProblem = { code: string; kind: string; message: string };
export type AttributeDef = { code: string; type: string; minValue?: string | null; maxValue?: string | null; choices?: string[] | null };

function num(value: string | null | undefined): string {
	if (value === null || value === undefined) return '?';
	const n = Number(value);
	return Number.isFinite(n) ? String(n).replace('.', ',') : value;
}

/** The sentence for a service error in the user's language. */
export function failureText(failure: EquipmentFailure): string | null {
	if (!failure?.error) return null;
	const { error, field, message = '' } = failure;
	if (error === 'forbidden') return m.forbidden_title();
	if (error === 'not_found') return m.not_found_item();
	if (error === 'conflict') {
		if (field === 'serialNumber') return m.eq_error_serial_taken();
		if (field === 'model') return m.eq_error_model_exists();
		if (field === 'category') return m.eq_error_category_locked();
		if (field === 'meterTypes') return m.eq_error_meter_types_locked();
		if (field === 'brand') return m.eq_error_brand_clash();
		if (field === 'code') return m.eq_error_code_exists();
		if (field === 'file') return m.eq_import_race();
		return m.eq_error_in_use();
	}
	switch (field) {
		case 'serialNumber':
			return message === 'required' ? m.eq_error_required() : m.eq_error_serial_invalid();
		case 'modelId':
			return m.eq_error_model_required();
		case 'siteId':
			if (message.includes('not active')) return m.eq_error_site_inactive();
			if (message.includes('already at')) return m.eq_error_same_site();
			if (message.includes('move')) return m.eq_error_use_move();
			return m.eq_error_site_required();
		case 'installDate':
		case 'warrantyEnd':
			return message.includes('install date') ? m.eq_error_warranty_before_install() : m.eq_error_date_invalid();
		case 'reason':
			return m.eq_error_reason_required();
		case 'at':
			if (message.includes('future')) return m.eq_error_move_future();
			if (message.includes('after')) return m.eq_error_move_before_current();
			return m.eq_error_date_invalid();
		case 'status':
			return m.eq_error_status();
		case 'notes':
			return m.eq_error_too_long();
		case 'brand':
		case 'model':
		case 'labelIt':
		case 'labelEn':
			return message === 'required' ? m.eq_error_required() : m.eq_error_too_long();
		case 'category':
			return m.eq_error_category();
		case 'meterTypes':
			return m.eq_error_meter_types();
		case 'code':
			return m.eq_error_code_invalid();
		case 'choices':
			return m.eq_error_choices_required();
		case 'minValue':
		case 'maxValue':
			return message.includes('numbers and text') ? m.eq_error_bounds_type() : message.includes('minimum') ? m.eq_error_bounds_order() : m.eq_error_bound_number();
		case 'type':
			return m.eq_error_attribute_type();
		case 'file':
			if (message.includes('empty') || message.includes('no rows')) return m.eq_import_empty();
			if (message.startsWith('missing column')) return m.eq_import_missing_column({ column: message.replace('missing column ', '') });
			if (message.startsWith('too many rows')) return m.eq_import_too_many();
			return m.eq_import_unreadable();
	}
	if (field?.startsWith('attributes')) return m.eq_error_attributes();
	return m.field_invalid({ field: field ?? '?' });
}

/** The error to show next to one field, when the failure is about it. */
export function fieldError(failure: EquipmentFailure, field: string): string | null {
	if (!failure?.error || failure.field !== field) return null;
	return failureText(failure);
}

/** One attribute problem as a sentence, with the definition's bounds and choices. */
export function attributeProblemText(problem: AttributeProblem, def: AttributeDef | undefined): string {
	switch (problem.kind) {
		case 'required':
			return m.eq_attr_required();
		case 'unknown':
			return m.eq_attr_unknown({ code: problem.code });
		case 'min':
			return def?.type === 'text' ? m.eq_attr_min_length({ min: num(def.minValue) }) : m.eq_attr_min({ min: num(def?.minValue) });
		case 'max':
			return def?.type === 'text' ? m.eq_attr_max_length({ max: num(def.maxValue) }) : m.eq_attr_max({ max: num(def?.maxValue) });
		case 'choice':
			return m.eq_attr_choice({ choices: (def?.choices ?? []).join(', ') });
		case 'type':
			if (def?.type === 'integer') return m.eq_attr_integer();
			if (def?.type === 'decimal') return m.eq_attr_number();
			if (def?.type === 'boolean') return m.eq_attr_boolean();
			if (def?.type === 'date') return m.eq_attr_date();
			return m.eq_attr_invalid();
		default:
			return m.eq_attr_invalid();
	}
}

/** Import problems come with English messages (the API's); the page shows them in the user's language. */
export function importProblemText(problem: { field: string; message: string }): string {
	const msg = problem.message;
	let match: RegExpMatchArray | null;
	if (msg === 'required') return m.eq_error_required();
	if (msg.startsWith('letters and digits')) return m.eq_error_serial_invalid();
	if ((match = msg.match(/^unknown model (.+): create it first$/))) return m.eq_import_unknown_model({ model: match[1] });
	if (msg === 'unknown site') return m.eq_import_unknown_site();
	if (msg.startsWith('give site_id')) return m.eq_import_site_missing();
	if ((match = msg.match(/^no site named "(.*)" for customer (.+)$/))) return m.eq_import_no_site({ site: match[1], customer: match[2] });
	if (msg.includes('sites named')) return m.eq_import_ambiguous_site();
	if (msg === 'the site is not active') return m.eq_error_site_inactive();
	if (problem.field === 'status') return m.eq_error_status();
	if (msg.startsWith('must be a date')) return m.eq_error_date_invalid();
	if (msg.includes('on or after the install date')) return m.eq_error_warranty_before_install();
	if (msg.startsWith('at most')) return m.eq_error_too_long();
	if ((match = msg.match(/serial as line (\d+)$/))) return m.eq_import_duplicate_in_file({ line: match[1] });
	if (msg.includes('already exists')) return m.eq_error_serial_taken();
	if (msg.startsWith('unknown attribute')) return m.eq_attr_unknown({ code: problem.field.replace(/^attr_/, '') });
	if (msg === 'must be a whole number' || msg === 'is too large') return m.eq_attr_integer();
	if (msg === 'must be a number') return m.eq_attr_number();
	if (msg === 'must be yes or no') return m.eq_attr_boolean();
	if ((match = msg.match(/^must be at least ([-\d.]+)( characters)?$/))) return match[2] ? m.eq_attr_min_length({ min: match[1] }) : m.eq_attr_min({ min: match[1].replace('.', ',') });
	if ((match = msg.match(/^must be at most ([-\d.]+)( characters)?$/))) return match[2] ? m.eq_attr_max_length({ max: match[1] }) : m.eq_attr_max({ max: match[1].replace('.', ',') });
	if ((match = msg.match(/^must be one of: (.*)$/))) return m.eq_attr_choice({ choices: match[1] });
	return msg;
}
