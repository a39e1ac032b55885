import * as m from '$lib/paraglide/messages';

/** A failed save in the user's language; the service's English message is the fallback detail. */
export function areaFailureText(failure: { error?: string; field?: string | null; message?: string }): string {
	const field = failure.field ?? '';
	const message = failure.message ?? '';
	if (field === 'name' && failure.error === 'conflict') return m.areas_error_name_taken();
	if (field === 'name') return m.areas_error_required();
	if (field.startsWith('geometry')) {
		if (/outside Italy/.test(message)) return m.areas_error_outside();
		if (/not closed|at least 3/.test(message)) return m.areas_error_not_closed();
		if (/required/.test(message)) return m.areas_geometry_missing();
		if (/valid JSON/.test(message)) return m.areas_geometry_not_json();
		return m.areas_error_invalid_shape();
	}
	return m.areas_error({ message: message || m.areas_error_generic() });
}
