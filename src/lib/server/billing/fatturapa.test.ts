import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { FatturaPaInvalidError, fatturaPaFileName, fatturaPaProblems, fatturaPaText, fatturaPaXml, type FatturaBuyer, type FatturaDocument, type FatturaLine, type FatturaPaInput, type FatturaSeller } from './fatturapa';

// The schema copied into the project (never the shared data folder). The FatturaPA schema imports
// the signature schema as "xmldsig-core.xsd", so it is handed to xmllint under that name.
const schemaFile = (name: string) => readFileSync(new URL(`./fatturapa-schema/${name}`, import.meta.url), 'utf8');
const FATTURAPA_XSD = schemaFile('Schema_VFPR12_v1.2.2.xsd');
const XMLDSIG_XSD = schemaFile('xmldsig-core-schema.xsd');

async function schemaErrors(xml: string): Promise<string[]> {
	const result = await validateXML({
		xml: [{ fileName: 'fattura.xml', contents: xml }],
		schema: [{ fileName: 'Schema_VFPR12_v1.2.2.xsd', contents: FATTURAPA_XSD }],
		preload: [{ fileName: 'xmldsig-core.xsd', contents: XMLDSIG_XSD }]
	});
	return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

/** Text of every element with this tag, in document order (enough for these flat checks). */
function values(xml: string, tag: string): string[] {
	return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);
}
/** The XML of the first element with this tag, to look inside one block. */
function block(xml: string, tag: string): string {
	const m = new RegExp(`<${tag}>[\\s\\S]*?</${tag}>`).exec(xml);
	return m ? m[0] : '';
}

const seller: FatturaSeller = {
	vatNumber: '01234567897',
	fiscalCode: '01234567897',
	name: 'Quadro Assistenza S.r.l.',
	address: 'Via Roma 1',
	cap: '20121',
	comune: 'Milano',
	province: 'MI',
	country: 'IT',
	regimeFiscale: 'RF01',
	pec: 'amministrazione@pec.quadro.example',
	email: 'fatture@quadro.example',
	phone: '+39 02 123 4567',
	rea: { office: 'MI', number: '1234567' }
};
const companyBuyer: FatturaBuyer = {
	vatNumber: '12345678903',
	fiscalCode: '12345678903',
	name: 'Studio Bianchi S.p.A.',
	address: 'Corso Vittorio Emanuele II 10',
	cap: '10121',
	comune: 'Torino',
	province: 'TO',
	country: 'IT',
	sdiCode: 'M5UXCR1',
	pec: 'studio.bianchi@pec.example.it'
};
const pecOnlyBuyer: FatturaBuyer = { ...companyBuyer, sdiCode: null, pec: 'ufficio@pec.bianchi.it' };
const privateBuyer: FatturaBuyer = { ...companyBuyer, vatNumber: null, fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi', sdiCode: null, pec: null };
const foreignBuyer: FatturaBuyer = { vatNumber: 'DE123456789', fiscalCode: null, name: 'Druckhaus Müller GmbH', address: 'Friedrichstraße 12', cap: '00000', comune: 'Berlin', province: null, country: 'DE', sdiCode: null, pec: null };

const line = (over: Partial<FatturaLine> = {}): FatturaLine => ({ lineNo: 1, description: 'Canone di manutenzione', quantity: '1', unitPrice: '100.00', amountCents: 10000, vatRate: '22', ...over });
const baseDocument: FatturaDocument = {
	documentType: 'TD01',
	number: 'FT-2026/0042',
	date: '2026-02-27',
	currency: 'EUR',
	lines: [line()],
	vatSummary: [{ vatRate: '22', natura: null, taxableCents: 10000, vatCents: 2200 }],
	totalCents: 12200,
	payment: { dueDate: '2026-03-31', amountCents: 12200, iban: 'IT60 X054 2811 1010 0000 0123 456' }
};
const input = (over: { buyer?: FatturaBuyer; seller?: FatturaSeller; document?: Partial<FatturaDocument>; progressive?: string } = {}): FatturaPaInput => ({
	progressive: over.progressive ?? '00001',
	seller: over.seller ?? seller,
	buyer: over.buyer ?? companyBuyer,
	document: { ...baseDocument, ...over.document }
});

const mixedRates: Partial<FatturaDocument> = {
	lines: [
		line({ lineNo: 1, description: 'Intervento tecnico', quantity: '2', unitPrice: '50.00', amountCents: 10000, vatRate: '22' }),
		line({ lineNo: 2, description: 'Manutenzione impianto (aliquota ridotta)', quantity: '1', unitPrice: '50', amountCents: 5000, vatRate: '10' }),
		line({ lineNo: 3, description: 'Rimborso spese non soggette', quantity: '1', unitPrice: '20.00', amountCents: 2000, vatRate: '0', natura: 'N2.2' })
	],
	vatSummary: [
		{ vatRate: '22', natura: null, taxableCents: 10000, vatCents: 2200 },
		{ vatRate: '10', natura: null, taxableCents: 5000, vatCents: 500 },
		{ vatRate: '0', natura: 'N2.2', taxableCents: 2000, vatCents: 0 }
	],
	totalCents: 19700,
	payment: { dueDate: '2026-03-31', amountCents: 19700, iban: null }
};
const creditNote: Partial<FatturaDocument> = {
	documentType: 'TD04',
	number: 'NC-2026/0003',
	lines: [line({ description: 'Storno canone di febbraio' })],
	relatedInvoice: { number: 'FT-2026/0012', date: '2026-01-31' },
	causale: 'Nota di credito a storno parziale della fattura FT-2026/0012',
	payment: null
};
// 125,000 copies at 0.0085 EUR = 1,062.50 EUR; VAT 22% = 233.75 EUR.
const costPerCopy: Partial<FatturaDocument> = {
	date: '2028-03-01',
	lines: [line({ description: 'Copie B/N eccedenti il canone', quantity: '125000', unit: 'copie', unitPrice: '0.008500', amountCents: 106250, periodFrom: '2028-01-01', periodTo: '2028-02-29' })],
	vatSummary: [{ vatRate: '22', natura: null, taxableCents: 106250, vatCents: 23375 }],
	totalCents: 129625,
	payment: { dueDate: '2028-03-31', amountCents: 129625 }
};
const trickyText = 'Riparazione "urgente" & verifica < 5 min > soglia: perché è già così, più €10 – “extra” 🚀 Łódź';
const special: FatturaPaInput = input({ seller: { ...seller, name: 'Rossi & Figli <Assistenza> S.r.l.' }, document: { lines: [line({ description: trickyText })], causale: 'Cortesia: l’intervento è gratuito' } });
const longText = 'Manutenzione programmata dell’impianto di climatizzazione: verifica filtri, pulizia batterie, controllo pressioni e perdite. ';
const thousandChars = longText.repeat(10).replace(/’/g, "'").slice(0, 999) + 'à';
const long: FatturaPaInput = input({ document: { lines: [line({ description: thousandChars })], causale: 'Contratto di assistenza annuale. '.repeat(14) } });

type XmlCase = [name: string, input: FatturaPaInput, expected: Record<string, string[]>, absent?: string[]];
const xmlCases: XmlCase[] = [
	[
		'company buyer with an SDI code: the code, no PEC next to it',
		input(),
		{
			CodiceDestinatario: ['M5UXCR1'],
			FormatoTrasmissione: ['FPR12'],
			ProgressivoInvio: ['00001'],
			IdPaese: ['IT', 'IT', 'IT'],
			IdCodice: ['01234567897', '01234567897', '12345678903'],
			PrezzoUnitario: ['100.00'],
			Quantita: ['1.00'],
			AliquotaIVA: ['22.00', '22.00'],
			EsigibilitaIVA: ['I'],
			ImportoTotaleDocumento: ['122.00'],
			ImponibileImporto: ['100.00'],
			Imposta: ['22.00'],
			CondizioniPagamento: ['TP02'],
			ModalitaPagamento: ['MP05'],
			IBAN: ['IT60X0542811101000000123456'],
			ImportoPagamento: ['122.00'],
			StatoLiquidazione: ['LN'],
			Telefono: ['+39021234567'],
			Email: ['fatture@quadro.example']
		},
		['PECDestinatario', 'Natura']
	],
	['buyer with only a PEC: 0000000 + PECDestinatario', input({ buyer: pecOnlyBuyer }), { CodiceDestinatario: ['0000000'], PECDestinatario: ['ufficio@pec.bianchi.it'] }],
	[
		'private person with a fiscal code only: no IdFiscaleIVA, 0000000 without PEC',
		input({ buyer: privateBuyer, document: { payment: { dueDate: '2026-03-31', amountCents: 12200, iban: null } } }),
		{ CodiceDestinatario: ['0000000'], CodiceFiscale: ['01234567897', 'RSSMRA85T10A562S'], Denominazione: ['Quadro Assistenza S.r.l.', 'Mario Rossi'], ModalitaPagamento: ['MP05'] },
		['PECDestinatario', 'IBAN']
	],
	[
		'foreign buyer (DE): XXXXXXX, DE + VAT without prefix, CAP 00000, no province',
		input({ buyer: foreignBuyer }),
		{ CodiceDestinatario: ['XXXXXXX'], IdPaese: ['IT', 'IT', 'DE'], IdCodice: ['01234567897', '01234567897', '123456789'], CAP: ['20121', '00000'], Provincia: ['MI'], Nazione: ['IT', 'DE'], Comune: ['Milano', 'Berlin'], Indirizzo: ['Via Roma 1', 'Friedrichstraße 12'] }
	],
	[
		'foreign private buyer without VAT number and with a non-numeric postcode',
		input({ buyer: { ...foreignBuyer, vatNumber: null, name: 'Jane Smith', cap: 'SW1A 1AA', comune: 'London', country: 'GB' } }),
		{ CodiceDestinatario: ['XXXXXXX'], IdCodice: ['01234567897', '01234567897', '99999999999'], CAP: ['20121', '00000'], Nazione: ['IT', 'GB'] },
		['PECDestinatario']
	],
	[
		'mixed rates 22/10/0 N2.2: a summary row each, exempt one with Natura and no EsigibilitaIVA',
		input({ document: mixedRates }),
		{
			AliquotaIVA: ['22.00', '10.00', '0.00', '22.00', '10.00', '0.00'],
			Natura: ['N2.2', 'N2.2'],
			PrezzoUnitario: ['50.00', '50.00', '20.00'],
			PrezzoTotale: ['100.00', '50.00', '20.00'],
			ImponibileImporto: ['100.00', '50.00', '20.00'],
			Imposta: ['22.00', '5.00', '0.00'],
			EsigibilitaIVA: ['I', 'I'],
			ImportoTotaleDocumento: ['197.00'],
			ImportoPagamento: ['197.00']
		},
		['IBAN']
	],
	[
		'credit note TD04 linked to the invoice it corrects',
		input({ document: creditNote }),
		{ TipoDocumento: ['TD04'], Numero: ['NC-2026/0003'], IdDocumento: ['FT-2026/0012'], Data: ['2026-02-27', '2026-01-31'], ImportoTotaleDocumento: ['122.00'], Causale: ['Nota di credito a storno parziale della fattura FT-2026/0012'] },
		['DatiPagamento']
	],
	[
		'cost per copy: 6-decimal price kept, quantity 125000, period up to a leap day',
		input({ document: costPerCopy }),
		{ Quantita: ['125000.00'], UnitaMisura: ['copie'], PrezzoUnitario: ['0.008500'], PrezzoTotale: ['1062.50'], DataInizioPeriodo: ['2028-01-01'], DataFinePeriodo: ['2028-02-29'], Imposta: ['233.75'], ImportoTotaleDocumento: ['1296.25'] }
	],
	[
		'& < > " and accents: escaped, accents kept, characters outside Latin-1 replaced',
		special,
		{
			Descrizione: ['Riparazione "urgente" &amp; verifica &lt; 5 min &gt; soglia: perché è già così, più EUR10 - "extra" ? Lódz'],
			Denominazione: ['Rossi &amp; Figli &lt;Assistenza&gt; S.r.l.', 'Studio Bianchi S.p.A.'],
			Causale: ["Cortesia: l'intervento è gratuito"]
		}
	],
	['long description: 1000 characters (one accented) and a causale split into 200-character parts', long, {}]
];

describe('fatturaPaXml: every file validates against the FPR12 1.2.2 schema', () => {
	it.each(xmlCases)('%s', async (_name, data, expected, absent = []) => {
		const xml = fatturaPaXml(data);
		expect(await schemaErrors(xml)).toEqual([]);
		for (const [tag, texts] of Object.entries(expected)) if (texts.length) expect(values(xml, tag), tag).toEqual(texts);
		for (const tag of absent) expect(xml, tag).not.toContain(`<${tag}>`);
	});

	it('root is p:FatturaElettronica versione="FPR12" in the FatturaPA namespace, UTF-8', () => {
		const xml = fatturaPaXml(input());
		expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
		expect(xml).toContain('<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" versione="FPR12">');
		expect(xml.trimEnd().endsWith('</p:FatturaElettronica>')).toBe(true);
	});

	it('the long description reaches the file whole, and the causale is split at 200 characters', () => {
		const xml = fatturaPaXml(long);
		expect(thousandChars).toHaveLength(1000);
		expect(values(xml, 'Descrizione')).toEqual([thousandChars]);
		const causali = values(xml, 'Causale');
		expect(causali.map((c) => c.length)).toEqual([200, 200, 61]);
		expect(causali.join('')).toBe('Contratto di assistenza annuale. '.repeat(14).trim());
	});

	it('a buyer with both an SDI code and a PEC gets only the code (SdI refuses a PEC next to a real code)', () => {
		const xml = fatturaPaXml(input({ buyer: { ...companyBuyer, sdiCode: 'm5uxcr1' } }));
		expect(values(xml, 'CodiceDestinatario')).toEqual(['M5UXCR1']);
		expect(xml).not.toContain('PECDestinatario');
	});

	it('a buyer whose stored SDI code is 0000000 still gets the PEC', () => {
		const xml = fatturaPaXml(input({ buyer: { ...pecOnlyBuyer, sdiCode: '0000000' } }));
		expect(values(xml, 'CodiceDestinatario')).toEqual(['0000000']);
		expect(values(xml, 'PECDestinatario')).toEqual(['ufficio@pec.bianchi.it']);
	});

	it('the sender data block keeps the schema order (PECDestinatario after CodiceDestinatario)', () => {
		const transmission = block(fatturaPaXml(input({ buyer: pecOnlyBuyer })), 'DatiTrasmissione');
		expect(transmission.indexOf('<IdTrasmittente>')).toBeLessThan(transmission.indexOf('<CodiceDestinatario>'));
		expect(transmission.indexOf('<CodiceDestinatario>')).toBeLessThan(transmission.indexOf('<PECDestinatario>'));
	});

	it('quantities keep up to 8 decimals, a discount line may be negative', async () => {
		const data = input({
			document: {
				lines: [line({ quantity: '0.33333333', unitPrice: '300.00', amountCents: 10000 }), line({ lineNo: 2, description: 'Sconto fedeltà', quantity: '1', unitPrice: '-10', amountCents: -1000 })],
				vatSummary: [{ vatRate: '22', natura: null, taxableCents: 9000, vatCents: 1980 }],
				totalCents: 10980,
				payment: null
			}
		});
		const xml = fatturaPaXml(data);
		expect(await schemaErrors(xml)).toEqual([]);
		expect(values(xml, 'Quantita')).toEqual(['0.33333333', '1.00']);
		expect(values(xml, 'PrezzoUnitario')).toEqual(['300.00', '-10.00']);
		expect(values(xml, 'PrezzoTotale')).toEqual(['100.00', '-10.00']);
	});

	it('the validator is not vacuous: a tampered file fails', async () => {
		const xml = fatturaPaXml(input()).replace('<CodiceDestinatario>M5UXCR1<', '<CodiceDestinatario>M5UXCR12<').replace('<CAP>20121<', '<CAP>2012<');
		const errors = await schemaErrors(xml);
		expect(errors.some((e) => e.includes('CodiceDestinatario'))).toBe(true);
		expect(errors.some((e) => e.includes('CAP'))).toBe(true);
	});

	it('refuses input with problems, carrying them', () => {
		const bad = input({ buyer: { ...privateBuyer, fiscalCode: null } });
		expect(() => fatturaPaXml(bad)).toThrow(FatturaPaInvalidError);
		try {
			fatturaPaXml(bad);
		} catch (e) {
			expect((e as FatturaPaInvalidError).problems).toEqual([{ field: 'buyer.vatNumber', message: 'Il cliente deve avere partita IVA o codice fiscale' }]);
		}
	});
});

type ProblemCase = [name: string, input: FatturaPaInput, fields: string[]];
const withLine = (over: Partial<FatturaLine>, doc: Partial<FatturaDocument> = {}) => input({ document: { lines: [line(over)], ...doc } });
const problemCases: ProblemCase[] = [
	['a good invoice has none', input(), []],
	['Italian buyer without VAT number and without fiscal code', input({ buyer: { ...privateBuyer, fiscalCode: null } }), ['buyer.vatNumber']],
	['Italian buyer with a blank fiscal code is the same', input({ buyer: { ...privateBuyer, fiscalCode: '   ' } }), ['buyer.vatNumber']],
	['foreign buyer without any tax id is fine (filler id)', input({ buyer: { ...foreignBuyer, vatNumber: null } }), []],
	['buyer VAT number with a wrong check digit', input({ buyer: { ...companyBuyer, vatNumber: '12345678901' } }), ['buyer.vatNumber']],
	['buyer VAT number with IT prefix and spaces is fine', input({ buyer: { ...companyBuyer, vatNumber: 'IT 123 456 789 03' } }), []],
	['buyer fiscal code with a wrong check character', input({ buyer: { ...privateBuyer, fiscalCode: 'RSSMRA85T10A562X' } }), ['buyer.fiscalCode']],
	['SDI code of 6 characters (a PA office code)', input({ buyer: { ...companyBuyer, sdiCode: 'UFABCD' } }), ['buyer.sdiCode']],
	['SDI code of 8 characters', input({ buyer: { ...companyBuyer, sdiCode: 'M5UXCR12' } }), ['buyer.sdiCode']],
	['SDI code with a symbol', input({ buyer: { ...companyBuyer, sdiCode: 'M5UX-R1' } }), ['buyer.sdiCode']],
	['SDI code in lowercase is fine (sent uppercase)', input({ buyer: { ...companyBuyer, sdiCode: 'm5uxcr1' } }), []],
	['neither SDI code nor PEC is allowed (0000000, reserved area)', input({ buyer: { ...companyBuyer, sdiCode: null, pec: null } }), []],
	['malformed PEC', input({ buyer: { ...pecOnlyBuyer, pec: 'ufficio at pec.it' } }), ['buyer.pec']],
	['Italian CAP of 4 digits', input({ buyer: { ...companyBuyer, cap: '1012' } }), ['buyer.cap']],
	['Italian CAP with a letter', input({ buyer: { ...companyBuyer, cap: '1012A' } }), ['buyer.cap']],
	['foreign postcode with letters is fine (sent as 00000)', input({ buyer: { ...foreignBuyer, cap: 'D-10117' } }), []],
	['Italian province in lowercase', input({ buyer: { ...companyBuyer, province: 'to' } }), ['buyer.province']],
	['Italian province missing', input({ buyer: { ...companyBuyer, province: null } }), ['buyer.province']],
	['Italian province spelled out', input({ buyer: { ...companyBuyer, province: 'Torino' } }), ['buyer.province']],
	['buyer name longer than 80 characters', input({ buyer: { ...companyBuyer, name: 'A'.repeat(81) } }), ['buyer.name']],
	['buyer address empty', input({ buyer: { ...companyBuyer, address: ' ' } }), ['buyer.address']],
	['country not an ISO code', input({ buyer: { ...foreignBuyer, country: 'Germany' } }), ['buyer.country']],
	['description empty', withLine({ description: '' }), ['document.lines.0.description']],
	['description of blanks and line breaks only', withLine({ description: ' \n\t ' }), ['document.lines.0.description']],
	['description of 1001 characters', withLine({ description: 'x'.repeat(1001) }), ['document.lines.0.description']],
	['description of 1000 characters is fine', withLine({ description: 'è'.repeat(1000) }), []],
	['description that grows past 1000 once € becomes EUR', withLine({ description: 'x'.repeat(998) + '€' }), ['document.lines.0.description']],
	['rate 0 without Natura, on the line and in the summary', withLine({ vatRate: '0', amountCents: 10000 }, { vatSummary: [{ vatRate: '0', natura: null, taxableCents: 10000, vatCents: 0 }], totalCents: 10000 }), ['document.lines.0.natura', 'document.vatSummary.0.natura']],
	['Natura with a 22% rate (and so no summary row for it)', withLine({ natura: 'N4' }), ['document.lines.0.natura', 'document.vatSummary.0', 'document.vatSummary']],
	['Natura N2 retired in 2021', withLine({ vatRate: '0', natura: 'N2' }, { vatSummary: [{ vatRate: '0', natura: 'N2', taxableCents: 10000, vatCents: 0 }], totalCents: 10000 }), ['document.lines.0.natura', 'document.vatSummary.0.natura']],
	['rate above 100', withLine({ vatRate: '122' }), ['document.lines.0.vatRate', 'document.vatSummary.0', 'document.vatSummary']],
	['rate with a comma', withLine({ vatRate: '22,0' }), ['document.lines.0.vatRate', 'document.vatSummary.0', 'document.vatSummary']],
	['line amount differs from quantity x price', withLine({ quantity: '2' }), ['document.lines.0.amountCents']],
	['quantity x price within one cent is fine: 3 x 0.335 = 1.005', withLine({ quantity: '3', unitPrice: '0.335', amountCents: 101 }, { vatSummary: [{ vatRate: '22', natura: null, taxableCents: 101, vatCents: 22 }], totalCents: 123, payment: null }), []],
	['quantity with a comma', withLine({ quantity: '1,5' }), ['document.lines.0.quantity']],
	['negative quantity', withLine({ quantity: '-1', amountCents: -10000 }), ['document.lines.0.quantity', 'document.vatSummary.0.taxableCents']],
	['price with 9 decimals', withLine({ unitPrice: '100.000000001' }), ['document.lines.0.unitPrice']],
	['line number 0', withLine({ lineNo: 0 }), ['document.lines.0.lineNo']],
	['no lines', input({ document: { lines: [] } }), ['document.lines', 'document.vatSummary.0']],
	['summary taxable differs from the lines', input({ document: { vatSummary: [{ vatRate: '22', natura: null, taxableCents: 10001, vatCents: 2200 }], totalCents: 12201 } }), ['document.vatSummary.0.taxableCents']],
	['summary VAT off by 2 cents', input({ document: { vatSummary: [{ vatRate: '22', natura: null, taxableCents: 10000, vatCents: 2202 }], totalCents: 12202 } }), ['document.vatSummary.0.vatCents']],
	['summary VAT rounded half-up is fine: 1.25 x 22% = 0.275 -> 0.28', withLine({ unitPrice: '1.25', amountCents: 125 }, { vatSummary: [{ vatRate: '22', natura: null, taxableCents: 125, vatCents: 28 }], totalCents: 153, payment: null }), []],
	['summary row missing for a rate used on a line', input({ document: { ...mixedRates, vatSummary: mixedRates.vatSummary!.slice(0, 2), totalCents: 17700 } }), ['document.vatSummary']],
	['summary row repeated', input({ document: { vatSummary: [baseDocument.vatSummary[0], baseDocument.vatSummary[0]], totalCents: 24400 } }), ['document.vatSummary.1']],
	['total differs from taxable + VAT', input({ document: { totalCents: 12000 } }), ['document.totalCents']],
	['invoice number without a digit', input({ document: { number: 'FT-A' } }), ['document.number']],
	['invoice number longer than 20 characters', input({ document: { number: 'FT-2026/000000000001' + '9' } }), ['document.number']],
	['invoice number with an accent', input({ document: { number: 'Fattura n° 1' } }), ['document.number']],
	['29 February in a non-leap year', input({ document: { date: '2026-02-29' } }), ['document.date']],
	['29 February in a leap year is fine', input({ document: { date: '2028-02-29' } }), []],
	['date before 1970', input({ document: { date: '1969-12-31' } }), ['document.date']],
	['period ending before it starts', withLine({ periodFrom: '2026-02-01', periodTo: '2026-01-31' }), ['document.lines.0.periodTo']],
	['period date that does not exist', withLine({ periodFrom: '2026-04-31' }), ['document.lines.0.periodFrom']],
	['progressive of 6 characters', input({ progressive: '000001' }), ['progressive']],
	['progressive with an underscore', input({ progressive: 'A_1' }), ['progressive']],
	['seller VAT number with a wrong check digit', input({ seller: { ...seller, vatNumber: '01234567890' } }), ['seller.vatNumber']],
	['seller abroad', input({ seller: { ...seller, country: 'FR' } }), ['seller.country']],
	['abolished tax regime RF03', input({ seller: { ...seller, regimeFiscale: 'RF03' } }), ['seller.regimeFiscale']],
	['REA office not a province', input({ seller: { ...seller, rea: { office: 'Milano', number: '1234567' } } }), ['seller.rea.office']],
	['IBAN malformed', input({ document: { payment: { dueDate: '2026-03-31', amountCents: 12200, iban: 'IT60 X054' } } }), ['document.payment.iban']],
	['payment due date malformed', input({ document: { payment: { dueDate: '31/03/2026', amountCents: 12200 } } }), ['document.payment.dueDate']],
	['credit note with a related invoice date that does not exist', input({ document: { ...creditNote, relatedInvoice: { number: 'FT-1', date: '2026-13-01' } } }), ['document.relatedInvoice.date']]
];

describe('fatturaPaProblems', () => {
	it.each(problemCases)('%s', (_name, data, fields) => {
		const problems = fatturaPaProblems(data);
		expect(problems.map((p) => p.field)).toEqual(fields);
		for (const p of problems) expect(p.message).toMatch(/\S/);
	});

	it('speaks Italian', () => {
		expect(fatturaPaProblems(input({ buyer: { ...companyBuyer, cap: '1012' } }))).toEqual([{ field: 'buyer.cap', message: 'CAP del cliente: 5 cifre' }]);
		expect(fatturaPaProblems(withLine({ description: 'x'.repeat(1001) }))[0].message).toBe('Descrizione: massimo 1000 caratteri (ora 1001)');
	});

	it('none of the XML cases has a problem', () => {
		for (const [name, data] of xmlCases) expect(fatturaPaProblems(data), name).toEqual([]);
	});
});

describe('fatturaPaText: what the schema allows (Latin-1), nothing lost silently', () => {
	it.each([
		['accents kept', 'Perché è già là, Öl, ñ', 'Perché è già là, Öl, ñ'],
		['euro sign spelled out', '€ 10', 'EUR 10'],
		['typographic quotes and dashes made plain', '“sì” – l’altro — fine…', '"sì" - l\'altro - fine...'],
		['letters outside Latin-1 lose their accent, Latin-1 ones stay', 'Łódź Dvořák Ősz', 'Lódz Dvorák Osz'],
		['anything else becomes ?', 'ok 🚀 中', 'ok ? ?'],
		['decomposed accents are composed first', 'e\u0300', 'è'],
		['line breaks, tabs and controls become single spaces', ' a\r\n\tb\u0007c ', 'a b c'],
		['empty stays empty', '   ', '']
	])('%s', (_name, text, expected) => {
		expect(fatturaPaText(text)).toBe(expected);
	});
});

describe('fatturaPaFileName', () => {
	it.each([
		['Italian VAT number without prefix', '01234567890', '00001', 'IT01234567890_00001.xml'],
		['prefix and spaces normalised', 'it 01234567890', '00001', 'IT01234567890_00001.xml'],
		['letters in the progressive', '01234567890', 'A1b2Z', 'IT01234567890_A1b2Z.xml'],
		['one-character progressive', '01234567890', '7', 'IT01234567890_7.xml']
	])('%s', (_name, vat, progressive, expected) => {
		expect(fatturaPaFileName(vat, progressive)).toBe(expected);
	});

	it.each([
		['progressive too long', '01234567890', '000001'],
		['progressive empty', '01234567890', ''],
		['progressive with a dot', '01234567890', '0.1'],
		['VAT number with a symbol', '0123-4567890', '00001']
	])('refuses %s', (_name, vat, progressive) => {
		expect(() => fatturaPaFileName(vat, progressive)).toThrow(RangeError);
	});
});
