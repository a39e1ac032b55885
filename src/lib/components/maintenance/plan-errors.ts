import * as m from '$lib/paraglide/messages';

/** What a maintenance form action returns on failure (see formFailure). */
export type PlanFailure = { error?: string; field?: string | null; message?: string } | null | undefined;

/** The sentence for a plan form's error, in the user's language. */
export function planErrorText(failure: PlanFailure): string | null {
	if (!failure?.error) return null;
	if (failure.error === 'forbidden') return m.forbidden_title();
	if (failure.error === 'not_found') return m.not_found_item();
	if (failure.error === 'conflict') return m.mnt_error_schedule_fixed();
	switch (failure.field) {
		case 'description':
			return m.mnt_error_description();
		case 'everyMonths':
			return m.mnt_error_every_months();
		case 'anchorDate':
			return m.mnt_error_anchor_date();
		case 'leadDays':
			return m.mnt_error_lead_days();
		case 'meterId':
			return m.mnt_error_meter();
		case 'everyUnits':
			return m.mnt_error_every_units();
		case 'baselineValue':
			return m.mnt_error_baseline();
		case 'estimatedMinutes':
			return m.mnt_error_estimated_minutes();
		default:
			return m.mnt_error_generic();
	}
}

/** Why a due plan made no call in a generation run (the server names the field at fault). */
export function skipText(field: string | null): string {
	switch (field) {
		case 'siteId':
			return m.mnt_skip_site();
		case 'customerId':
			return m.mnt_skip_customer();
		case 'equipmentId':
			return m.mnt_skip_unit();
		default:
			return m.mnt_skip_other({ field: field ?? '—' });
	}
}
