const PRIORITIES = ['low', 'medium', 'high'] as const;
const KINDS = { ack: 'acknowledgeMinutes', onsite: 'onsiteMinutes', resolution: 'resolutionMinutes' } as const;

function part(form: FormData, key: string): number {
	const raw = String(form.get(key) ?? '').trim();
	if (raw === '') return 0;
	return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

/** The hours + minutes inputs of the targets table -> targets in minutes, as the service takes them. */
export function targetsFromForm(form: FormData) {
	const targets: Record<string, Record<string, number>> = {};
	for (const p of PRIORITIES) {
		targets[p] = {};
		for (const [kind, field] of Object.entries(KINDS)) {
			targets[p][field] = part(form, `t-${p}-${kind}-h`) * 60 + part(form, `t-${p}-${kind}-m`);
		}
	}
	return targets;
}

/** The raw inputs, sent back on a failure so a page without JavaScript shows what was typed. */
export function targetInputs(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form.entries()) if (key.startsWith('t-')) out[key] = String(value);
	return out;
}

export function levelFromForm(form: FormData) {
	return {
		code: String(form.get('code') ?? '').trim(),
		name: String(form.get('name') ?? ''),
		calendarId: String(form.get('calendarId') ?? ''),
		...(form.get('isDefault') === 'on' ? { isDefault: true } : {}),
		targets: targetsFromForm(form)
	};
}
