import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { billingFailureText, issueProblemText, profileFailureText, REGIMI, regimeLabel } from './billing-text';

const it_ = JSON.parse(readFileSync(new URL('../../../../messages/billing/it.json', import.meta.url), 'utf8')) as Record<string, string>;
const en = JSON.parse(readFileSync(new URL('../../../../messages/billing/en.json', import.meta.url), 'utf8')) as Record<string, string>;

describe('billing messages', () => {
	it('exist in Italian and English with the same keys, all prefixed billing_', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(it_).sort());
		for (const key of Object.keys(it_)) if (key !== '$schema') expect(key).toMatch(/^billing_/);
	});

	it('use the same parameters in both languages', () => {
		const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const key of Object.keys(it_)) expect([key, params(en[key])]).toEqual([key, params(it_[key])]);
	});
});

describe('billingFailureText (Italian, the base locale)', () => {
	it.each([
		[{ error: 'validation', field: 'issueDate', message: 'issueDate cannot be before 2026-12-05, the date of the last invoice of 2026' }, 'La data non può precedere il 05/12/2026, data dell\'ultima fattura emessa nel 2026.'],
		// Leap day and year end: the date is re-written, not recomputed.
		[{ error: 'validation', field: 'issueDate', message: 'issueDate cannot be before 2028-02-29, the date of the last invoice of 2028' }, /29\/02\/2028.*2028/],
		[{ error: 'validation', field: 'issueDate', message: 'issueDate cannot be after today' }, /non può essere successiva a oggi/],
		[{ error: 'validation', field: 'issueDate', message: 'issueDate must be a date YYYY-MM-DD' }, 'Indica una data valida.'],
		[{ error: 'validation', field: 'today', message: 'today can be at most 45 days ahead' }, /al massimo 45 giorni/],
		[{ error: 'validation', field: 'today', message: 'today must be a date YYYY-MM-DD' }, 'Indica una data valida.'],
		[{ error: 'validation', field: 'companyProfile', message: 'enter the company\'s invoicing details ...' }, /dati fiscali dell'azienda/],
		[{ error: 'validation', field: 'seller', message: 'the company\'s invoicing details are missing (Settings, Company)' }, /Mancano i dati fiscali dell'azienda/],
		[{ error: 'validation', field: 'lines', message: 'an invoice must total more than zero' }, /maggiore di zero/],
		[{ error: 'validation', field: 'buyer.cap', message: 'CAP del cliente: 5 cifre' }, 'Dati del cliente: CAP da completare o correggere.'],
		[{ error: 'validation', field: 'seller.vatNumber', message: 'bad' }, /Dati dell'azienda: partita IVA/],
		[{ error: 'validation', field: 'document.lines.2.description', message: 'too long' }, /Fattura: riga 3/],
		[{ error: 'validation', field: 'status', message: 'status must be draft or issued' }, /Filtro non valido \(status\)/],
		[{ error: 'conflict', field: 'status', message: 'invoice already issued as 2026/000001' }, /già stata emessa/],
		[{ error: 'conflict', field: 'status', message: 'an issued invoice cannot be deleted: issue a credit note' }, /nota di credito/],
		[{ error: 'not_found', message: 'invoice not found' }, /non trovat/],
		[{ error: 'forbidden', message: 'forbidden' }, 'Accesso negato'],
		[{ error: 'validation', field: 'mystery', message: '?' }, /mystery/]
	])('%j', (failure, expected) => {
		const text = billingFailureText(failure);
		if (typeof expected === 'string') expect(text).toBe(expected);
		else expect(text).toMatch(expected);
	});

	it('says nothing when nothing failed', () => {
		expect(billingFailureText(null)).toBeNull();
		expect(billingFailureText({ ok: true } as never)).toBeNull();
	});
});

describe('issueProblemText', () => {
	it.each([
		// The messages fatturaPaProblems gives (Italian, for the log): only the field decides the words.
		[{ field: 'buyer.vatNumber', message: 'Il cliente deve avere partita IVA o codice fiscale' }, /né partita IVA né codice fiscale/],
		[{ field: 'buyer.vatNumber', message: 'Partita IVA del cliente non valida' }, 'Dati del cliente: partita IVA da completare o correggere.'],
		[{ field: 'buyer.sdiCode', message: 'Codice destinatario: 7 caratteri tra lettere maiuscole e cifre' }, /Dati del cliente: codice destinatario SDI/],
		[{ field: 'buyer.province', message: 'Provincia del cliente: sigla di 2 lettere maiuscole (es. MI)' }, 'Dati del cliente: provincia da completare o correggere.'],
		[{ field: 'document.payment.iban', message: 'IBAN non valido' }, /^Dati dell'azienda: IBAN/],
		[{ field: 'document.vatSummary.0.vatCents', message: 'Imposta diversa' }, /Fattura: riepilogo IVA e totali/],
		[{ field: 'document.lines.0.amountCents', message: 'Importo della riga diverso' }, /Fattura: riga 1 /],
		[{ field: 'document.number', message: 'Il numero documento deve contenere almeno una cifra' }, /Fattura: numero/],
		[{ field: 'seller.iban', message: 'bad IBAN' }, /Dati dell'azienda: IBAN/],
		[{ field: 'seller.regimeFiscale', message: 'bad' }, /regime fiscale/],
		[{ field: 'seller', message: "Mancano i dati fiscali dell'azienda (Impostazioni, Azienda)." }, /Mancano i dati fiscali/],
		[{ field: '', message: '' }, /Da correggere/],
		[{ field: 'weird.thing', message: 'x' }, /weird\.thing/]
	])('%j', (problem, expected) => {
		const text = issueProblemText(problem);
		if (typeof expected === 'string') expect(text).toBe(expected);
		else expect(text).toMatch(expected);
	});
});

describe('profileFailureText', () => {
	it.each([
		['vatNumber', /^Partita IVA non valida/],
		['fiscalCode', /^Codice fiscale non valido/],
		['cap', 'Il CAP ha 5 cifre.'],
		['province', /due lettere/],
		['iban', /IBAN/],
		['defaultVatRate', /percentuale/],
		['billingStartsOn', /primo giorno/],
		['regimeFiscale', /regime fiscale/],
		['pec', /PEC/],
		['body', /body/]
	])('%s', (field, expected) => {
		const text = profileFailureText({ error: 'validation', field, message: 'whatever' });
		if (typeof expected === 'string') expect(text).toBe(expected);
		else expect(text).toMatch(expected);
	});

	it('says forbidden and nothing for no failure', () => {
		expect(profileFailureText({ error: 'forbidden' })).toBe('Accesso negato');
		expect(profileFailureText(undefined)).toBeNull();
	});
});

describe('regimeLabel', () => {
	it('names every code the service accepts, and leaves an unknown code as it is', () => {
		for (const code of REGIMI) expect(regimeLabel(code)).toMatch(new RegExp(`^${code} \\S`));
		expect(regimeLabel('RF01')).toBe('RF01 Ordinario');
		expect(regimeLabel('RF19')).toBe('RF19 Regime forfettario');
		expect(regimeLabel('RF03')).toBe('RF03');
	});
});
