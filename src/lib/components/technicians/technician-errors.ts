import * as m from '$lib/paraglide/messages';

/** What a technicians form action returns on failure (see formFailure). */
export type Failure = { error?: string; field?: string | null; message?: string } | null | undefined;

/** The sentence for a field error in the user's language; the service speaks English to logs and APIs. */
export function technicianErrorText(f: Failure): string | null {
	if (!f?.error) return null;
	const field = f.field ?? '';
	const message = f.message ?? '';
	if (f.error === 'conflict') {
		if (field === 'code') return m.technicians_err_code_taken();
		if (field === 'userId') return m.technicians_err_user_taken();
		if (field === 'trackerDeviceId') return m.technicians_err_tracker_taken();
	}
	if (field.startsWith('shifts.')) {
		if (message.includes('after')) return m.technicians_err_shift_order();
		if (message.includes('overlaps')) return m.technicians_err_shift_overlap();
		return m.technicians_err_shift_time();
	}
	if (field.startsWith('skills.')) return field.endsWith('level') ? m.technicians_err_skill_level() : m.technicians_err_skill_unknown();
	if (field.startsWith('areaIds')) return m.technicians_err_area();
	if (field.startsWith('home')) return m.technicians_err_home();
	switch (field) {
		case 'code':
			return message === 'required' ? m.technicians_err_required() : m.technicians_err_code();
		case 'name':
			return m.technicians_err_name();
		case 'costPerHourCents':
			return m.technicians_err_cost();
		case 'userId':
			return m.technicians_err_user();
	}
	return m.technicians_err_invalid();
}

/** The error for one field (or a row of a list: `shifts.3`), when the failure is about it. */
export function errorFor(f: Failure, field: string): string | null {
	if (!f?.field) return null;
	return f.field === field || f.field.startsWith(field + '.') ? technicianErrorText(f) : null;
}

export function skillErrorText(f: Failure): string | null {
	if (!f?.error) return null;
	if (f.error === 'conflict') return f.field === 'code' && (f.message ?? '').includes('hold') ? m.technicians_skills_err_in_use() : m.technicians_skills_err_code_taken();
	if (f.field === 'code') return m.technicians_skills_err_code();
	if (f.field === 'nameIt' || f.field === 'nameEn') return m.technicians_skills_err_name();
	return m.technicians_err_invalid();
}

/** Cents as euro the Italian way: 3550 -> "35,50". */
export function euroText(cents: number): string {
	return new Intl.NumberFormat('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
}
