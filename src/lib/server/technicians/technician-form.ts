import { ValidationError } from '../errors';
import { parseEuroCents } from './technician-input';

function text(form: FormData, key: string): string {
	return String(form.get(key) ?? '').trim();
}

function json(form: FormData, key: string): unknown {
	try {
		return JSON.parse(text(form, key) || '[]');
	} catch {
		throw new ValidationError(key, 'must be valid JSON');
	}
}

const number = (value: string) => (value === '' ? undefined : Number(value.replace(',', '.')));

/**
 * The edit page's form as the service's input: the shift pattern and skills travel as JSON from
 * the page's editors, the cost as euro typed the Italian way ("35,50").
 */
export function technicianFromForm(form: FormData): unknown {
	const costText = text(form, 'cost');
	const cents = parseEuroCents(costText);
	if (cents === null) throw new ValidationError('costPerHourCents', 'write an amount in euro');
	return {
		code: text(form, 'code'),
		name: text(form, 'name'),
		team: text(form, 'team'),
		userId: text(form, 'userId'),
		active: form.get('active') === 'on',
		costPerHourCents: cents,
		home: { lat: number(text(form, 'lat')), lng: number(text(form, 'lng')) },
		homeComuneName: text(form, 'homeComuneName'),
		trackerDeviceId: text(form, 'trackerDeviceId'),
		skills: json(form, 'skills'),
		shifts: json(form, 'shifts'),
		areaIds: form.getAll('areaIds').map(String)
	};
}
