/** Form fields -> service input; transport only (the service validates). */
const CUSTOMER_TEXT_FIELDS = [
	'code',
	'businessName',
	'vatNumber',
	'fiscalCode',
	'sdiCode',
	'pec',
	'address',
	'cap',
	'comuneIstat',
	'email',
	'phone',
	'paymentTermsDays',
	'notes'
] as const;

const text = (form: FormData, key: string) => String(form.get(key) ?? '');

export function customerFromForm(form: FormData): Record<string, string | boolean> {
	const values: Record<string, string | boolean> = {};
	for (const key of CUSTOMER_TEXT_FIELDS) values[key] = text(form, key);
	values.active = form.get('active') === 'true';
	return values;
}

/** Latitude and longitude inputs become the service's `location`, or nothing when both are blank. */
export function siteFromForm(form: FormData): Record<string, unknown> {
	const lat = text(form, 'lat').trim();
	const lng = text(form, 'lng').trim();
	return {
		name: text(form, 'name'),
		address: text(form, 'address'),
		comuneIstat: text(form, 'comuneIstat'),
		cap: text(form, 'cap'),
		location: lat === '' && lng === '' ? null : { lat, lng },
		accessNotes: text(form, 'accessNotes'),
		openingHours: text(form, 'openingHours'),
		active: form.get('active') === 'true'
	};
}

export function contactFromForm(form: FormData): Record<string, string> {
	return {
		name: text(form, 'name'),
		role: text(form, 'role'),
		phone: text(form, 'phone'),
		email: text(form, 'email'),
		notes: text(form, 'notes'),
		siteId: text(form, 'siteId')
	};
}
