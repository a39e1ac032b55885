import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { parseEuroCents, parseTechnicianInput } from './technician-input';

describe('parseEuroCents', () => {
	const cases: Array<[string, number | null]> = [
		['35', 3500],
		['35,5', 3550],
		['35,50', 3550],
		['1.234,50', 123450],
		['1.234', 123400],
		['€ 40', 4000],
		['35.50', 3550],
		['0', 0],
		['', null],
		['abc', null],
		['-5', null],
		['35,505', null],
		['1,234.50', null]
	];
	for (const [text, cents] of cases) it(`"${text}" -> ${cents}`, () => expect(parseEuroCents(text)).toBe(cents));
});

describe('parseTechnicianInput', () => {
	const valid = {
		code: 'T99',
		name: 'Mario Rossi',
		costPerHourCents: 3500,
		home: { lat: 45.46, lng: 9.19 },
		skills: [{ code: 'hvac', level: 2 }],
		shifts: [
			{ weekday: 1, start: '08:00', end: '12:30' },
			{ weekday: 1, start: '13:30:00', end: '17:30:00' }
		]
	};
	const fieldOf = (input: unknown) => {
		try {
			parseTechnicianInput(input);
			return null;
		} catch (e) {
			return (e as ValidationError).field;
		}
	};
	it('accepts a valid technician and normalises times', () => expect(parseTechnicianInput(valid).shifts[1]).toEqual({ weekday: 1, start: '13:30', end: '17:30' }));
	const cases: Array<[string, unknown, string]> = [
		['end before start', { ...valid, shifts: [{ weekday: 2, start: '12:00', end: '08:00' }] }, 'shifts.0.end'],
		['overlapping segments', { ...valid, shifts: [{ weekday: 2, start: '08:00', end: '12:00' }, { weekday: 2, start: '11:00', end: '13:00' }] }, 'shifts.1.start'],
		['bad time', { ...valid, shifts: [{ weekday: 2, start: '8', end: '12:00' }] }, 'shifts.0.start'],
		['weekday 8', { ...valid, shifts: [{ weekday: 8, start: '08:00', end: '12:00' }] }, 'shifts.0.weekday'],
		['level 4', { ...valid, skills: [{ code: 'hvac', level: 4 }] }, 'skills.0.level'],
		['skill twice', { ...valid, skills: [{ code: 'hvac', level: 1 }, { code: 'hvac', level: 2 }] }, 'skills.1.code'],
		['home outside Italy', { ...valid, home: { lat: 51.5, lng: -0.1 } }, 'home.lat'],
		['short name', { ...valid, name: 'M' }, 'name'],
		['negative cost', { ...valid, costPerHourCents: -1 }, 'costPerHourCents'],
		['bad user id', { ...valid, userId: 'mario' }, 'userId']
	];
	for (const [name, input, field] of cases) it(`${name} -> ${field}`, () => expect(fieldOf(input)).toBe(field));
	it('adjacent segments are not an overlap', () => expect(fieldOf({ ...valid, shifts: [{ weekday: 3, start: '08:00', end: '12:00' }, { weekday: 3, start: '12:00', end: '16:00' }] })).toBeNull());
});
