import * as m from '$lib/paraglide/messages';

export type FormFailure = { error?: string; field?: string | null; message?: string; retryAfter?: number | null } | null | undefined;

const MIN_PASSWORD = 10;

/** Turns a service failure into a sentence in the user's language. */
export function failureText(failure: FormFailure): string | null {
	if (!failure?.error) return null;
	const { error, field, message } = failure;
	if (error === 'throttled') return m.login_throttled({ seconds: String(failure.retryAfter ?? 60) });
	if (error === 'unauthorized') return m.login_invalid();
	if (error === 'forbidden') return m.forbidden_title();
	if (error === 'not_found') return m.not_found_item();
	if (error === 'conflict' && field === 'email') return m.email_in_use();
	if (field === 'technicianId' && message?.includes('needs')) return m.technician_required();
	if (message?.includes('yourself')) return m.cannot_change_self();
	if (field === 'currentPassword' && message === 'wrong password') return m.wrong_password();
	if (field === 'newPassword' && message?.includes('differ')) return m.same_password();
	if ((field === 'password' || field === 'newPassword') && message?.startsWith('at least')) return m.password_too_short({ min: String(MIN_PASSWORD) });
	if (field === 'email') return m.email_invalid();
	if (field === 'name') return m.name_required();
	return m.field_invalid({ field: field ?? '?' });
}
