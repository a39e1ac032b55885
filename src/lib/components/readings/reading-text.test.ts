import { describe, expect, it } from 'vitest';
import { refusedError, reviewReasonText } from '$lib/server/readings/refusal';
import { importProblemText, parseReviewReason, readingFailureText, refusalText, reviewReasonLabel } from './reading-text';

describe('review reasons: what the server stores, the page reads', () => {
	it.each([
		['above_expected', 20_000, { expected: 3_000, min: 1_200, max: 4_800, dailyAverage: 100, days: 30 }, 'Consumo 20.000, oltre il previsto (1200–4800 in 30 gg)'],
		['below_expected', 0, { expected: 3_000, min: 1_200, max: 4_800, dailyAverage: 100, days: 29.958 }, 'Consumo 0, sotto il previsto (1200–4800 in 30 gg)'],
		['above_expected', 4_000, { expected: 2_396, min: 0, max: 3_840, dailyAverage: 2_400, days: 0.958 }, 'Consumo 4000, oltre il previsto (0–3840 in 1 gg)']
	] as const)('%s %i', (reason, usage, expected, label) => {
		const stored = reviewReasonText(reason, usage, expected);
		expect(parseReviewReason(stored)).toMatchObject({ reason, usage, min: expected.min, max: expected.max });
		expect(reviewReasonLabel(stored)).toBe(label);
	});

	it('an unknown text is shown as it is', () => {
		expect(parseReviewReason('checked by hand')).toBeNull();
		expect(reviewReasonLabel('checked by hand')).toBe('checked by hand');
	});
});

describe('refusals in Italian', () => {
	const previous = { value: 13_000, readAt: new Date('2026-10-01T08:00:00Z') };
	const reading = { value: 12_345, readAt: new Date('2026-10-20T08:00:00Z'), previousMeterFinalValue: 12_000 };
	it.each([
		['lower_than_previous', 'La lettura 12.345 è inferiore alla precedente 13.000 del 01/10/2026. Se il contatore ha fatto il giro o è stato sostituito, indicalo nel tipo.'],
		['older_than_latest', "La lettura è più vecchia dell'ultima valida: 13.000 del 01/10/2026."],
		['replacement_final_below_previous', 'Il valore finale del vecchio contatore (12.000) è inferiore alla sua lettura precedente 13.000 del 01/10/2026.'],
		['above_max', 'La lettura 12.345 supera il massimo del contatore (9999).'],
		['above_next', 'La lettura 12.345 è superiore alla lettura successiva 13.000 del 01/10/2026.'],
		['rollover_without_max', 'Per un giro contatore serve il massimo del contatore, che qui non è noto.']
	] as const)('%s', (reason, text) => {
		const error = refusedError(reason, reading, previous, 9_999);
		expect(refusalText({ reason: error.reason, params: error.params })).toBe(text);
		expect(readingFailureText({ error: 'validation', field: error.field, message: error.message, refusal: { reason: error.reason, params: error.params } })).toBe(text);
	});

	it('other failures by field', () => {
		expect(readingFailureText({ error: 'validation', field: 'value', message: 'must be a number' })).toBe('Inserisci un numero intero, ad es. 12.345.');
		expect(readingFailureText({ error: 'validation', field: 'reason', message: 'a correction needs a reason' })).toBe('Indica il motivo della rettifica.');
		expect(readingFailureText({ error: 'conflict', field: 'correctsReadingId', message: 'x' })).toBe('Questa lettura è già stata rettificata: rettifica la rettifica più recente.');
		expect(readingFailureText({ error: 'forbidden', field: null, message: 'forbidden' })).toBe('Non hai il permesso per questa operazione.');
		expect(readingFailureText(null)).toBeNull();
	});

	it('import problems by code', () => {
		expect(importProblemText({ line: 3, field: 'serial', message: 'x', code: 'unknown_serial', params: { serial: 'AB1' } })).toBe('Nessuna apparecchiatura con matricola AB1.');
		expect(importProblemText({ line: 3, field: 'date', message: 'x', code: 'not_a_date', params: { text: '31/02/2026' } })).toBe('«31/02/2026» non è una data gg/mm/aaaa [hh:mm].');
		expect(importProblemText({ line: 3, field: 'x', message: 'server text', code: 'something_new' })).toBe('server text');
	});
});
