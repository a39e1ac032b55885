import { describe, expect, it } from 'vitest';
import { bodyToDraft, checkDraft, draftBody, isoToRomeLocal, minutesBetween, parseCount, parseQuantity, readingsForMeters, romeLocalToIso, type ReportDraft } from './report-form';

const draft = (o: Partial<ReportDraft> = {}): ReportDraft => ({
	arrivedAt: '2026-12-05T09:00',
	departedAt: '2026-12-05T10:15',
	workDone: 'Pulizia',
	outcome: 'resolved',
	labourMinutes: '75',
	travelMinutes: '20',
	parts: [],
	readings: [],
	photos: [],
	signerName: 'Anna',
	customerSignature: 'data:image/png;base64,xx',
	technicianSignature: null,
	correctionReason: '',
	...o
});

describe('Rome local times', () => {
	it.each([
		['2026-12-05T09:00', '2026-12-05T08:00:00Z'],
		['2026-07-01T09:00', '2026-07-01T07:00:00Z'],
		// Spring forward: 02:30 does not exist, the wall clock moves on to 03:30 (+02:00).
		['2026-03-29T02:30', '2026-03-29T01:30:00Z'],
		// Fall back: 02:30 happens twice, the earlier (+02:00) is taken.
		['2026-10-25T02:30', '2026-10-25T00:30:00Z'],
		['2026-02-30T10:00', null],
		['2026-12-05 09:00', null],
		['', null]
	])('%s -> %s', (local, iso) => expect(romeLocalToIso(local)).toBe(iso));

	it('round-trips an instant', () => expect(isoToRomeLocal('2026-12-05T08:00:00Z')).toBe('2026-12-05T09:00'));

	it.each([
		['2026-12-05T09:00', '2026-12-05T10:15', 75],
		// The night clocks go back lasts an hour longer.
		['2026-10-25T01:00', '2026-10-25T04:00', 240],
		['2026-03-29T01:00', '2026-03-29T04:00', 120],
		['2026-12-05T10:00', '2026-12-05T09:00', -60],
		['x', '2026-12-05T09:00', null]
	])('minutes from %s to %s = %s', (a, b, n) => expect(minutesBetween(a, b)).toBe(n));
});

describe('numbers as typed', () => {
	it.each([
		['1', 1],
		['1,5', 1.5],
		['0.125', 0.125],
		['0', null],
		['1,2345', null],
		['-1', null],
		['abc', null]
	])('quantity %s -> %s', (t, n) => expect(parseQuantity(t)).toBe(n));
	it.each([
		['12345', 12345],
		['12.345', 12345],
		['1.234.567', 1234567],
		['12 345', 12345],
		['12,5', null],
		['12.34', null],
		['-3', null]
	])('count %s -> %s', (t, n) => expect(parseCount(t)).toBe(n));
});

describe('checkDraft', () => {
	it('accepts a complete draft', () => expect(checkDraft(draft(), { correction: false })).toEqual({}));
	it.each([
		[{ arrivedAt: '' }, 'arrivedAt', 'required'],
		[{ departedAt: '2026-12-05T08:00' }, 'departedAt', 'before_arrival'],
		[{ workDone: ' a ' }, 'workDone', 'min_chars'],
		[{ outcome: '' as const }, 'outcome', 'required'],
		[{ labourMinutes: '1,5' }, 'labourMinutes', 'whole_minutes'],
		[{ travelMinutes: '2000' }, 'travelMinutes', 'whole_minutes'],
		[{ parts: [{ key: 'a', description: '', quantity: '1', code: '' }] }, 'parts.0.description', 'required'],
		[{ parts: [{ key: 'a', description: 'Rullo', quantity: '0', code: '' }] }, 'parts.0.quantity', 'quantity'],
		[{ readings: [{ meterType: 'mono', value: '12,5' }] }, 'readings.0.value', 'whole_number'],
		[{ customerSignature: null }, 'customerSignature', 'signature'],
		[{ signerName: 'A' }, 'signerName', 'min_chars']
	] as Array<[Partial<ReportDraft>, string, string]>)('%j -> %s %s', (o, field, key) => {
		expect(checkDraft(draft(o), { correction: false })[field]?.key).toBe(key);
	});
	it('a correction needs a reason', () => {
		expect(checkDraft(draft(), { correction: true }).correctionReason?.key).toBe('min_chars');
		expect(checkDraft(draft({ correctionReason: 'Errore' }), { correction: true })).toEqual({});
	});
});

describe('draftBody', () => {
	it('sends numbers and instants, skips empty readings, and drops readings from a correction', () => {
		const d = draft({ readings: [{ meterType: 'mono', value: '12.345' }, { meterType: 'colour', value: '' }], parts: [{ key: 'k', description: ' Rullo ', quantity: '2,5', code: '' }] });
		expect(draftBody(d, { correction: false })).toMatchObject({
			arrivedAt: '2026-12-05T08:00:00Z',
			labourMinutes: 75,
			parts: [{ description: 'Rullo', quantity: 2.5, code: null }],
			readings: [{ meterType: 'mono', value: 12345 }]
		});
		expect(draftBody({ ...d, correctionReason: 'x y z' }, { correction: true })).toMatchObject({ readings: [], correctionReason: 'x y z' });
	});
});

describe('bodyToDraft (a refused report back into the form)', () => {
	it('gives back what draftBody sent, photos and signatures included', () => {
		const d = draft({
			parts: [{ key: 'k', description: 'Rullo', quantity: '2,5', code: 'KY-1' }],
			readings: [{ meterType: 'mono', value: '12345' }],
			photos: ['data:image/jpeg;base64,AAAA'],
			technicianSignature: 'data:image/png;base64,yy'
		});
		const back = bodyToDraft({ clientId: 'c-123456789', deviceAt: '2026-12-05T10:20:00Z', ...draftBody(d, { correction: false }) });
		expect({ ...back, parts: back.parts.map(({ key: _k, ...rest }) => rest) }).toEqual({ ...d, parts: [{ description: 'Rullo', quantity: '2,5', code: 'KY-1' }] });
		expect(checkDraft(back, { correction: false })).toEqual({});
	});
	it('keeps one reading line per meter of the unit, with the sent values in place', () => {
		const back = bodyToDraft({ readings: [{ meterType: 'colour', value: 77 }] }, ['mono', 'colour']);
		expect(back.readings).toEqual([
			{ meterType: 'mono', value: '' },
			{ meterType: 'colour', value: '77' }
		]);
		expect(readingsForMeters([{ meterType: 'scan', value: '5' }], ['mono'])).toEqual([
			{ meterType: 'mono', value: '' },
			{ meterType: 'scan', value: '5' }
		]);
	});
	it('reads an odd body without throwing: no images that are not images, no unknown outcome', () => {
		const back = bodyToDraft({ outcome: 'maybe', photos: ['http://x/y.jpg', 3], customerSignature: 'javascript:alert(1)', workDone: 5 });
		expect(back).toMatchObject({ outcome: '', photos: [], customerSignature: null, workDone: '5', arrivedAt: '' });
		expect(bodyToDraft(null).parts).toEqual([]);
	});
});
