import { describe, expect, it } from 'vitest';
import {
	formatAttributeForInput,
	isValidAttributeCode,
	parseDateLoose,
	parseNumberLoose,
	validateAttributes,
	type AttributeDefinition,
	type AttributeErrorKind
} from './equipment-attributes';

const LIFT: AttributeDefinition[] = [
	{ code: 'tonnage', type: 'decimal', required: true, minValue: '0.1000', maxValue: '50.0000' },
	{ code: 'stops', type: 'integer', required: false, minValue: 2, maxValue: 99 },
	{ code: 'drive', type: 'choice', required: false, choices: ['Idraulico', 'Elettrico', 'MRL'] },
	{ code: 'machine_room', type: 'boolean', required: false },
	{ code: 'last_inspection', type: 'date', required: false },
	{ code: 'notes', type: 'text', required: false, minValue: null, maxValue: 10 },
	{ code: 'plate', type: 'text', required: true, minValue: 3 }
];

const base = { tonnage: '1,5', plate: 'MI-123' };

describe('validateAttributes: coercion of good values', () => {
	it.each([
		['decimal with Italian comma', { tonnage: '1,5' }, { tonnage: 1.5 }],
		['decimal with a dot', { tonnage: '1.5' }, { tonnage: 1.5 }],
		['decimal as a JSON number', { tonnage: 2.25 }, { tonnage: 2.25 }],
		['decimal with thousands and comma', { tonnage: '1.0,5' }, { tonnage: 10.5 }],
		['decimal exactly at max', { tonnage: '50' }, { tonnage: 50 }],
		['decimal exactly at min', { tonnage: '0,1' }, { tonnage: 0.1 }],
		['integer from string with spaces', { stops: ' 12 ' }, { stops: 12 }],
		['integer at min boundary', { stops: 2 }, { stops: 2 }],
		['integer at max boundary', { stops: '99' }, { stops: 99 }],
		['choice in another case', { drive: 'mrl' }, { drive: 'MRL' }],
		['choice exact', { drive: 'Idraulico' }, { drive: 'Idraulico' }],
		['boolean sì', { machine_room: 'sì' }, { machine_room: true }],
		['boolean SI', { machine_room: 'SI' }, { machine_room: true }],
		['boolean checkbox on', { machine_room: 'on' }, { machine_room: true }],
		['boolean no', { machine_room: 'no' }, { machine_room: false }],
		['boolean 0', { machine_room: '0' }, { machine_room: false }],
		['boolean JSON false', { machine_room: false }, { machine_room: false }],
		['boolean number 1', { machine_room: 1 }, { machine_room: true }],
		['date Italian', { last_inspection: '28/02/2024' }, { last_inspection: '2024-02-28' }],
		['date leap day', { last_inspection: '29/02/2024' }, { last_inspection: '2024-02-29' }],
		['date ISO', { last_inspection: '2025-12-31' }, { last_inspection: '2025-12-31' }],
		['date with dashes, one digit', { last_inspection: '1-3-2025' }, { last_inspection: '2025-03-01' }],
		['text trimmed', { notes: '  ciao  ' }, { notes: 'ciao' }],
		['text at max length', { notes: '0123456789' }, { notes: '0123456789' }],
		['blank optional dropped', { stops: '', drive: '  ', machine_room: null, notes: undefined }, {}],
		['number given for text', { notes: 42 }, { notes: '42' }]
	])('%s', (_name, extra, expected) => {
		const result = validateAttributes({ ...base, ...extra }, LIFT);
		expect('errors' in result ? result.errors : []).toEqual([]);
		expect(result.ok).toBe(true);
		const { tonnage: _t, plate: _p, ...rest } = result.values;
		const { tonnage: _et, ...expectedRest } = expected as Record<string, unknown>;
		expect(rest).toEqual(expectedRest);
		if ('tonnage' in expected) expect(result.values.tonnage).toBe(expected.tonnage);
	});
});

describe('validateAttributes: one error per bad attribute', () => {
	it.each<[string, Record<string, unknown>, string, AttributeErrorKind]>([
		['required missing', { tonnage: undefined }, 'tonnage', 'required'],
		['required blank', { tonnage: '   ' }, 'tonnage', 'required'],
		['required text blank', { plate: '  ' }, 'plate', 'required'],
		['unknown key', { colour: 'red' }, 'colour', 'unknown'],
		['decimal junk', { tonnage: 'tanto' }, 'tonnage', 'type'],
		['decimal with two commas', { tonnage: '1,2,3' }, 'tonnage', 'type'],
		['decimal below min', { tonnage: '0,05' }, 'tonnage', 'min'],
		['decimal above max', { tonnage: '50,0001' }, 'tonnage', 'max'],
		['decimal as boolean', { tonnage: true }, 'tonnage', 'type'],
		['decimal NaN', { tonnage: Number.NaN }, 'tonnage', 'type'],
		['decimal Infinity', { tonnage: Number.POSITIVE_INFINITY }, 'tonnage', 'type'],
		['integer with decimals', { stops: '2,5' }, 'stops', 'type'],
		['integer float number', { stops: 3.5 }, 'stops', 'type'],
		['integer below min', { stops: 1 }, 'stops', 'min'],
		['integer above max', { stops: '100' }, 'stops', 'max'],
		['integer negative below min', { stops: '-4' }, 'stops', 'min'],
		['integer unsafe', { stops: '99999999999999999999' }, 'stops', 'type'],
		['choice not listed', { drive: 'Vapore' }, 'drive', 'choice'],
		['choice as object', { drive: { a: 1 } }, 'drive', 'choice'],
		['boolean word unknown', { machine_room: 'forse' }, 'machine_room', 'type'],
		['boolean number 2', { machine_room: 2 }, 'machine_room', 'type'],
		['date 31 April', { last_inspection: '31/04/2024' }, 'last_inspection', 'type'],
		['date 29 Feb non-leap', { last_inspection: '29/02/2023' }, 'last_inspection', 'type'],
		['date 29 Feb 1900 (not leap)', { last_inspection: '29/02/1900' }, 'last_inspection', 'type'],
		['date month 13', { last_inspection: '2024-13-01' }, 'last_inspection', 'type'],
		['date as number', { last_inspection: 20240101 }, 'last_inspection', 'type'],
		['date US order impossible', { last_inspection: '12/31/2024' }, 'last_inspection', 'type'],
		['text too long', { notes: '01234567890' }, 'notes', 'max'],
		['text too short', { plate: 'AB' }, 'plate', 'min'],
		['text as array', { notes: ['a'] }, 'notes', 'type']
	])('%s', (_name, extra, code, kind) => {
		const result = validateAttributes({ ...base, ...extra }, LIFT);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual([expect.objectContaining({ code, kind })]);
		expect(result.errors[0].message.length).toBeGreaterThan(0);
	});

	it('reports every problem at once, unknown keys first', () => {
		const result = validateAttributes({ tonnage: 'x', stops: 1, drive: 'Vapore', extra: 1, other: 2 }, LIFT);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((e) => `${e.code}:${e.kind}`)).toEqual([
			'extra:unknown',
			'other:unknown',
			'tonnage:type',
			'stops:min',
			'drive:choice',
			'plate:required'
		]);
	});

	it('keeps the good values beside the errors, so a form can be refilled', () => {
		const result = validateAttributes({ tonnage: '2', stops: 0, plate: 'ABC' }, LIFT);
		expect(result.ok).toBe(false);
		expect(result.values).toEqual({ tonnage: 2, plate: 'ABC' });
	});

	it.each([
		['array', ['a']],
		['string', 'tonnage=1'],
		['number', 5]
	])('a non-object (%s) is one error', (_name, input) => {
		const result = validateAttributes(input, LIFT);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors).toEqual([expect.objectContaining({ kind: 'not_object' })]);
	});

	it.each([
		['null', null],
		['undefined', undefined],
		['empty object', {}]
	])('%s with no definitions is fine', (_name, input) => {
		expect(validateAttributes(input, [])).toEqual({ ok: true, values: {} });
	});

	it('with no definitions every key is unknown (a printer has no tonnage)', () => {
		const result = validateAttributes({ tonnage: 1 }, []);
		expect(result.ok).toBe(false);
	});

	it('ignores keys inherited from the prototype', () => {
		const input = Object.create({ colour: 'red' }) as Record<string, unknown>;
		input.tonnage = '1';
		input.plate = 'ABC';
		expect(validateAttributes(input, LIFT).ok).toBe(true);
	});

	it('a bound stored as an unparsable string is ignored, not fatal', () => {
		const defs: AttributeDefinition[] = [{ code: 'x', type: 'integer', required: false, minValue: 'abc', maxValue: '' }];
		expect(validateAttributes({ x: -5 }, defs)).toEqual({ ok: true, values: { x: -5 } });
	});
});

describe('parseNumberLoose', () => {
	it.each([
		['12', 12],
		['-3', -3],
		['+4', 4],
		['1,5', 1.5],
		['1.234,56', 1234.56],
		['1.234', 1234],
		['1.234.567', 1234567],
		['1.5', 1.5],
		['12.3456', 12.3456],
		['1 234', 1234],
		['', Number.NaN],
		['1e3', Number.NaN],
		['abc', Number.NaN],
		['1,2,3', Number.NaN]
	])('%j -> %s', (input, expected) => expect(parseNumberLoose(input)).toBe(expected));
});

describe('parseDateLoose', () => {
	it.each([
		['01/01/2026', '2026-01-01'],
		['1.1.2026', '2026-01-01'],
		['29/02/2000', '2000-02-29'],
		['29/02/2100', null],
		['2026-02-30', null],
		['31/12/1899', null],
		['2026/01/01', null],
		['oggi', null]
	])('%j -> %j', (input, expected) => expect(parseDateLoose(input)).toBe(expected));
});

describe('formatAttributeForInput', () => {
	it.each<[AttributeDefinition['type'], string | number | boolean | undefined, string]>([
		['boolean', true, 'sì'],
		['boolean', false, 'no'],
		['decimal', 1.5, '1,5'],
		['integer', 12, '12'],
		['date', '2024-02-29', '29/02/2024'],
		['choice', 'MRL', 'MRL'],
		['text', undefined, '']
	])('%s %j -> %j', (type, value, expected) => expect(formatAttributeForInput({ type }, value)).toBe(expected));

	it('round-trips through validation', () => {
		const values = { tonnage: 12.75, stops: 4, drive: 'MRL', machine_room: false, last_inspection: '2024-02-29', notes: 'ok', plate: 'ABC' };
		const asForm = Object.fromEntries(LIFT.map((d) => [d.code, formatAttributeForInput(d, values[d.code as keyof typeof values])]));
		expect(validateAttributes(asForm, LIFT)).toEqual({ ok: true, values });
	});
});

describe('isValidAttributeCode', () => {
	it.each([
		['tonnage', true],
		['refrigerant_gas', true],
		['a1', true],
		['1a', false],
		['Tonnage', false],
		['ton-nage', false],
		['', false],
		['a'.repeat(40), true],
		['a'.repeat(41), false]
	])('%j -> %s', (code, expected) => expect(isValidAttributeCode(code)).toBe(expected));
});
