/**
 * The maintenance plan form's fields as the plans service takes them: numbers as numbers, empty
 * fields left out (so an edit never clears what it did not show), the checkbox as a boolean.
 */
export function planFormValues(form: FormData): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const text = (k: string) => String(form.get(k) ?? '').trim();
	for (const k of ['kind', 'description', 'priority', 'anchorDate', 'meterId']) if (text(k)) out[k] = text(k);
	for (const k of ['estimatedMinutes', 'everyMonths', 'leadDays', 'everyUnits', 'baselineValue']) {
		// Italian thousands separators ("50.000") are common in counters.
		const v = text(k).replace(/[.\s]/g, '');
		if (v) out[k] = /^-?\d+$/.test(v) ? Number(v) : v;
	}
	out.active = form.get('active') === 'true';
	if (out.kind === 'interval') for (const k of ['meterId', 'everyUnits', 'baselineValue']) delete out[k];
	if (out.kind === 'counter') for (const k of ['everyMonths', 'anchorDate']) delete out[k];
	return out;
}

export function formStrings(form: FormData): Record<string, string> {
	return Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
}
