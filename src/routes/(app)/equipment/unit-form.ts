/** A unit's form fields as the service's input: attr_<code> inputs become the attributes object. */
export function unitFormValues(form: FormData): Record<string, unknown> {
	const attributes: Record<string, string> = {};
	for (const [key, value] of form.entries()) {
		if (key.startsWith('attr_') && typeof value === 'string') attributes[key.slice(5)] = value;
	}
	const text = (key: string) => (form.has(key) ? String(form.get(key) ?? '') : undefined);
	return {
		serialNumber: text('serialNumber'),
		modelId: text('modelId'),
		status: text('status'),
		installDate: text('installDate'),
		warrantyEnd: text('warrantyEnd'),
		notes: text('notes'),
		attributes
	};
}
