import * as m from '$lib/paraglide/messages';

/**
 * Says a calls problem in the user's language. The server answers in English with the field at
 * fault (400), or a conflict (409: "this change of status is not possible (new -> closed)").
 */
export type CallProblem = { error?: string | null; field?: string | null; message?: string | null } | null | undefined;

function fieldText(field: string, message: string): string {
	switch (field) {
		case 'customerId':
			return message.includes('not active') ? m.calls_err_customer_inactive() : m.calls_err_customer();
		case 'siteId':
			return m.calls_err_site();
		case 'equipmentId':
			return message.includes('decommissioned') ? m.calls_err_unit_decommissioned() : m.calls_err_unit();
		case 'priority':
			return m.calls_err_priority();
		case 'type':
			return m.calls_err_type();
		case 'description':
			return m.calls_err_description();
		case 'requiredSkills':
			return m.calls_err_skills();
		case 'estimatedMinutes':
			return m.calls_err_minutes();
		case 'preferredFrom':
			return m.calls_err_window_from();
		case 'preferredTo':
			return message.includes('after') ? m.calls_err_window_order() : m.calls_err_window_to();
		case 'contactName':
		case 'contactPhone':
			return m.calls_err_too_long();
		case 'reason':
			return message.includes('required') ? m.calls_err_reason_required() : m.calls_err_too_long();
		case 'status':
			return m.calls_err_status_unknown();
		case 'q':
		case 'kinds':
		case 'limit':
		case 'page':
		case 'pageSize':
		case 'date':
		case 'sla':
		case 'province':
		case 'skill':
		case 'filters':
			return field === 'filters' ? m.calls_err_export_too_many() : m.calls_err_filter({ field });
		default:
			return m.calls_err_invalid({ field });
	}
}

/** "this change of status is not possible (new -> closed)" -> the statuses, for a readable sentence. */
function transitionOf(message: string): { from: string; to: string } | null {
	const match = /\((\w+) -> (\w+)\)/.exec(message);
	return match ? { from: match[1], to: match[2] } : null;
}

export function callProblemText(p: CallProblem, statusLabel: (s: string) => string = (s) => s): string | null {
	if (!p?.error) return null;
	const field = p.field ?? '';
	const message = p.message ?? '';
	switch (p.error) {
		case 'forbidden':
			return m.calls_err_forbidden();
		case 'not_found':
			if (message.includes('SLA level')) return m.calls_err_no_sla_level();
			if (message.includes('calendar')) return m.calls_err_no_calendar();
			return m.calls_err_not_found();
		case 'conflict': {
			const t = transitionOf(message);
			const from = t ? statusLabel(t.from) : '?';
			const to = t ? statusLabel(t.to) : '?';
			if (message.startsWith('the call already has')) return m.calls_err_same_status({ status: to });
			if (message.startsWith('your role')) return m.calls_err_not_yours({ from, to });
			return m.calls_err_transition({ from, to });
		}
		case 'throttled':
			return m.calls_err_throttled();
		case 'validation':
			return fieldText(field, message);
		default:
			return m.calls_err_generic();
	}
}

/** The text for one field of a form, when the last failure was about it. */
export function errorFor(p: CallProblem, ...fields: string[]): string | null {
	if (!p?.field || !fields.includes(p.field)) return null;
	return callProblemText(p);
}
