import Decimal from 'decimal.js';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { isValidCodiceFiscale, isValidPartitaIva, normalizeTaxId } from '$lib/domain/italian-tax-ids';

/**
 * FatturaPA XML, format FPR12 ("fattura tra privati"), schema 1.2.2, for the Sistema di
 * Interscambio (SdI).
 *
 * `fatturaPaProblems` lists, in Italian, what would make the file fail the schema or SdI's
 * checks; `fatturaPaXml` refuses (FatturaPaInvalidError) any input with a problem, so it never
 * returns a file SdI would discard.
 *
 * Choices, with the rule behind each:
 * - Recipient (CodiceDestinatario, 7 characters for FPR12): the buyer's SdI code when known;
 *   otherwise, for a buyer abroad, 'XXXXXXX' (the code SdI reserves for foreign recipients);
 *   otherwise '0000000', with PECDestinatario when the buyer gave a PEC. '0000000' with no PEC is
 *   accepted by SdI: the invoice lands in the buyer's reserved area at the Agenzia delle Entrate
 *   (the normal case for consumers), and the seller must hand the customer a copy itself. So a
 *   buyer with no channel is NOT a problem. PECDestinatario is never sent next to a real code:
 *   SdI rejects a PEC next to a code other than '0000000'.
 * - Foreign buyer: IdFiscaleIVA = country + VAT number, or country + '99999999999' when there is
 *   none (the conventional filler); no CodiceFiscale (Italian residents only); CAP '00000' unless
 *   the postcode happens to be five digits; no Provincia (the schema only has Italian sigle).
 * - Names are sent as Denominazione, also for private persons: the schema accepts it and Quadro
 *   does not keep first and last names apart.
 * - Text: the schema allows only Basic Latin + Latin-1 Supplement (U+0000-U+00FF), so accents like
 *   àèéìòù stay as they are (UTF-8). Typographic characters outside that set are replaced (€ ->
 *   'EUR', curly quotes -> straight, dashes -> '-', '…' -> '...'), other accented letters lose the
 *   accent (ő -> o), anything else becomes '?'. Control characters and line breaks become spaces
 *   and runs of blanks collapse. Lengths are checked AFTER this, because '€' grows to 'EUR'.
 * - Numbers: amounts with 2 decimals and '.'; PrezzoUnitario and Quantita keep the decimals they
 *   were given (2 to 8, so a 6-decimal cost-per-copy price stays 6); AliquotaIVA with 2.
 * - Payment: CondizioniPagamento TP02 (one payment), ModalitaPagamento MP05 (bank transfer); the
 *   IBAN is optional in the schema, so MP05 without one is valid.
 * - A VAT row with a Natura (rate 0) gets no EsigibilitaIVA: esigibilità is about when VAT falls
 *   due, and there is none. Taxable rows get 'I' (immediata).
 * - The seller's REA entry is sent with StatoLiquidazione 'LN' (not in liquidation), which the
 *   schema requires whenever IscrizioneREA is present.
 */

export type FatturaParty = { vatNumber: string | null; fiscalCode: string | null; name: string; address: string; cap: string; comune: string; province: string | null; country: string };
export type FatturaSeller = FatturaParty & { vatNumber: string; regimeFiscale: string; pec?: string | null; email?: string | null; phone?: string | null; rea?: { office: string; number: string } | null };
export type FatturaBuyer = FatturaParty & { sdiCode: string | null; pec: string | null };
export type FatturaLine = { lineNo: number; description: string; quantity: string; unit?: string | null; unitPrice: string; amountCents: number; vatRate: string; natura?: string | null; periodFrom?: string | null; periodTo?: string | null };
export type FatturaVatRow = { vatRate: string; natura: string | null; taxableCents: number; vatCents: number };
export type FatturaDocument = {
	documentType: 'TD01' | 'TD04';
	number: string;
	date: string;
	currency: 'EUR';
	lines: FatturaLine[];
	vatSummary: FatturaVatRow[];
	totalCents: number;
	causale?: string | null;
	payment?: { dueDate: string; amountCents: number; iban?: string | null } | null;
	/** For a credit note (TD04): the invoice it corrects, sent as DatiFattureCollegate. */
	relatedInvoice?: { number: string; date: string } | null;
};
export type FatturaPaInput = { progressive: string; seller: FatturaSeller; buyer: FatturaBuyer; document: FatturaDocument };
export type FatturaPaProblem = { field: string; message: string };

export class FatturaPaInvalidError extends Error {
	constructor(readonly problems: FatturaPaProblem[]) {
		super(`FatturaPA non valida: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
		this.name = 'FatturaPaInvalidError';
	}
}

const NAMESPACE = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2';
const FORMAT = 'FPR12';
const NO_CODE = '0000000';
const FOREIGN_CODE = 'XXXXXXX';
const FOREIGN_NO_VAT_ID = '99999999999';
const FOREIGN_CAP = '00000';

/** RF03 was abolished; RF20 (forfettari crossing the threshold) came with schema 1.2.3 and SdI accepts it. */
const REGIMI = new Set(['RF01', 'RF02', 'RF04', 'RF05', 'RF06', 'RF07', 'RF08', 'RF09', 'RF10', 'RF11', 'RF12', 'RF13', 'RF14', 'RF15', 'RF16', 'RF17', 'RF18', 'RF19', 'RF20']);
/** Natura codes valid since 1 January 2021 (N2, N3 and N6 without a sub-code were retired then). */
const NATURE = new Set(['N1', 'N2.1', 'N2.2', 'N3.1', 'N3.2', 'N3.3', 'N3.4', 'N3.5', 'N3.6', 'N4', 'N5', 'N6.1', 'N6.2', 'N6.3', 'N6.4', 'N6.5', 'N6.6', 'N6.7', 'N6.8', 'N6.9', 'N7']);

const QUANTITY = /^\d{1,12}(\.\d{1,8})?$/;
const UNIT_PRICE = /^-?\d{1,11}(\.\d{1,8})?$/;
const VAT_RATE = /^\d{1,3}(\.\d{1,2})?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CAP = /^\d{5}$/;
const SIGLA = /^[A-Z]{2}$/;
const PROGRESSIVE = /^[A-Za-z0-9]{1,5}$/;
const SDI_CODE = /^[A-Z0-9]{7}$/;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
// The dot-atom form of the schema's EmailType (its quoted-local-part form is never needed here).
const ATEXT = "[!#-'*+/-9=?A-Z^-~-]+";
const PEC = new RegExp(`^${ATEXT}(\\.${ATEXT})*@${ATEXT}(\\.${ATEXT})*$`);
// The schema's EmailContattiType: .+@.+[.]+.+ , 7 to 256 characters.
const CONTACT_EMAIL = /^\S+@\S+\.+\S+$/;

// ---------------------------------------------------------------- text

const REPLACEMENTS: Record<string, string> = {
	'€': 'EUR',
	'‘': "'",
	'’': "'",
	'‚': "'",
	'′': "'",
	'“': '"',
	'”': '"',
	'„': '"',
	'″': '"',
	'–': '-',
	'—': '-',
	'‐': '-',
	'−': '-',
	'…': '...',
	'•': '-',
	'™': 'TM',
	'œ': 'oe',
	'Œ': 'OE',
	// Letters with a stroke do not decompose, so the accent stripping below cannot reach them.
	Ł: 'L',
	ł: 'l',
	Đ: 'D',
	đ: 'd',
	ı: 'i'
};

function isControl(cp: number): boolean {
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/** Text inside the schema's Latin set (see the header comment); trimmed, blanks collapsed. */
export function fatturaPaText(text: string): string {
	let out = '';
	for (const ch of text.normalize('NFC')) {
		const cp = ch.codePointAt(0)!;
		if (isControl(cp)) out += ' ';
		else if (cp <= 0xff) out += ch;
		else if (ch in REPLACEMENTS) out += REPLACEMENTS[ch];
		else {
			const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
			out += base !== '' && [...base].every((c) => c.codePointAt(0)! <= 0xff) ? base : '?';
		}
	}
	return out.replace(/ {2,}/g, ' ').trim();
}

/** Basic Latin only (UnitaMisura): accents dropped, anything else '?'. */
function asciiText(text: string): string {
	return [...fatturaPaText(text)].map((ch) => (ch.codePointAt(0)! < 0x80 ? ch : ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\x20-\x7e]/g, '?'))).join('');
}

function present(value: string | null | undefined): value is string {
	return typeof value === 'string' && value.trim() !== '';
}

// ---------------------------------------------------------------- numbers and dates

function isIsoDate(value: string | null | undefined): value is string {
	const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Cents -> "1234.50" (negative for a discount line). */
function amount(cents: number): string {
	return new Decimal(cents).dividedBy(100).toFixed(2);
}

/** A decimal string with at least 2 decimals, keeping any more it was given (at most 8). */
function keepDecimals(value: string): string {
	const given = value.split('.')[1]?.length ?? 0;
	return new Decimal(value).toFixed(Math.max(2, given));
}

function rate(value: string): string {
	return new Decimal(value).toFixed(2);
}

function isZeroRate(value: string): boolean {
	return new Decimal(value).isZero();
}

function natura(value: string | null | undefined): string | null {
	return present(value) ? value.trim() : null;
}

function vatKey(vatRate: string, nature: string | null): string {
	return `${VAT_RATE.test(vatRate) ? rate(vatRate) : vatRate}|${nature ?? ''}`;
}

// ---------------------------------------------------------------- identifiers and routing

function isForeign(party: FatturaParty): boolean {
	return party.country.trim().toUpperCase() !== 'IT';
}

/** "IT 01234567890" -> "01234567890": the country goes into IdPaese, not IdCodice. */
function vatCode(country: string, vatNumber: string): string {
	const v = normalizeTaxId(vatNumber);
	return v.startsWith(country.toUpperCase()) && v.length > 2 ? v.slice(2) : v;
}

type Routing = { code: string; pec: string | null };

function routing(buyer: FatturaBuyer): Routing {
	const code = present(buyer.sdiCode) ? buyer.sdiCode.trim().toUpperCase() : null;
	// A stored '0000000' means "no code": the PEC, if any, still goes with it.
	if (code !== null && code !== NO_CODE) return { code, pec: null };
	if (isForeign(buyer)) return { code: FOREIGN_CODE, pec: null };
	return { code: NO_CODE, pec: present(buyer.pec) ? buyer.pec.trim() : null };
}

/** Phone as the schema takes it (5-12 Basic Latin characters), or null to leave it out. */
function phoneText(phone: string | null | undefined): string | null {
	if (!present(phone)) return null;
	const compact = phone.replace(/[\s.\-/()]/g, '');
	return /^[\x21-\x7e]{5,12}$/.test(compact) ? compact : null;
}

function contactEmail(email: string | null | undefined): string | null {
	if (!present(email)) return null;
	const e = email.trim();
	return e.length >= 7 && e.length <= 256 && CONTACT_EMAIL.test(e) ? e : null;
}

/** Causale is at most 200 characters per element but may repeat: long text is split. */
function causaleChunks(text: string): string[] {
	const clean = fatturaPaText(text);
	const chunks: string[] = [];
	for (let i = 0; i < clean.length; i += 200) chunks.push(clean.slice(i, i + 200));
	return chunks;
}

// ---------------------------------------------------------------- problems

type Report = (field: string, message: string) => void;

function checkText(report: Report, field: string, value: string, max: number, label: string): void {
	const clean = fatturaPaText(value ?? '');
	if (clean === '') report(field, `${label}: campo obbligatorio`);
	else if (clean.length > max) report(field, `${label}: massimo ${max} caratteri (ora ${clean.length})`);
}

function checkAddress(report: Report, prefix: string, party: FatturaParty, who: string): void {
	if (!SIGLA.test(party.country)) report(`${prefix}.country`, `Nazione del ${who}: codice ISO di 2 lettere maiuscole (es. IT)`);
	checkText(report, `${prefix}.name`, party.name, 80, `Denominazione del ${who}`);
	checkText(report, `${prefix}.address`, party.address, 60, `Indirizzo del ${who}`);
	checkText(report, `${prefix}.comune`, party.comune, 60, `Comune del ${who}`);
	if (!isForeign(party)) {
		if (!CAP.test(party.cap ?? '')) report(`${prefix}.cap`, `CAP del ${who}: 5 cifre`);
		if (!SIGLA.test(party.province ?? '')) report(`${prefix}.province`, `Provincia del ${who}: sigla di 2 lettere maiuscole (es. MI)`);
	}
}

function checkSeller(report: Report, seller: FatturaSeller): void {
	if (isForeign(seller)) report('seller.country', 'Il cedente deve essere un soggetto IVA italiano (Nazione IT)');
	else if (!isValidPartitaIva(vatCode('IT', seller.vatNumber ?? ''))) report('seller.vatNumber', 'Partita IVA del cedente non valida');
	if (present(seller.fiscalCode) && !isValidCodiceFiscale(normalizeTaxId(seller.fiscalCode))) report('seller.fiscalCode', 'Codice fiscale del cedente non valido');
	if (!REGIMI.has(seller.regimeFiscale)) report('seller.regimeFiscale', 'Regime fiscale non valido (RF01-RF20, RF03 abolito)');
	checkAddress(report, 'seller', seller, 'cedente');
	if (seller.rea) {
		if (!SIGLA.test(seller.rea.office)) report('seller.rea.office', 'Ufficio REA: sigla di 2 lettere della provincia');
		if (!present(seller.rea.number) || !PRINTABLE_ASCII.test(seller.rea.number.trim()) || seller.rea.number.trim().length > 20) report('seller.rea.number', 'Numero REA: da 1 a 20 caratteri senza accenti');
	}
}

function checkBuyer(report: Report, buyer: FatturaBuyer): void {
	checkAddress(report, 'buyer', buyer, 'cliente');
	if (isForeign(buyer)) {
		if (present(buyer.vatNumber) && !/^[A-Z0-9]{1,28}$/.test(vatCode(buyer.country, buyer.vatNumber))) report('buyer.vatNumber', 'Identificativo IVA estero del cliente: solo lettere e cifre, massimo 28');
	} else {
		// SdI rejects a file whose Italian buyer has neither a partita IVA nor a codice fiscale (00417).
		if (!present(buyer.vatNumber) && !present(buyer.fiscalCode)) report('buyer.vatNumber', 'Il cliente deve avere partita IVA o codice fiscale');
		if (present(buyer.vatNumber) && !isValidPartitaIva(vatCode('IT', buyer.vatNumber))) report('buyer.vatNumber', 'Partita IVA del cliente non valida');
		if (present(buyer.fiscalCode) && !isValidCodiceFiscale(normalizeTaxId(buyer.fiscalCode))) report('buyer.fiscalCode', 'Codice fiscale del cliente non valido');
	}
	if (present(buyer.sdiCode)) {
		const code = buyer.sdiCode.trim().toUpperCase();
		if (/^[A-Z0-9]{6}$/.test(code)) report('buyer.sdiCode', 'Codice destinatario di 6 caratteri: è un codice ufficio della Pubblica Amministrazione (serve il formato FPA12)');
		else if (!SDI_CODE.test(code)) report('buyer.sdiCode', 'Codice destinatario: 7 caratteri tra lettere maiuscole e cifre');
	}
	if (present(buyer.pec) && (!PEC.test(buyer.pec.trim()) || buyer.pec.trim().length > 256)) report('buyer.pec', 'Indirizzo PEC del cliente non valido');
}

function checkLine(report: Report, line: FatturaLine, i: number): void {
	const f = `document.lines.${i}`;
	if (!Number.isInteger(line.lineNo) || line.lineNo < 1 || line.lineNo > 9999) report(`${f}.lineNo`, 'Numero di riga: da 1 a 9999');
	checkText(report, `${f}.description`, line.description, 1000, 'Descrizione');
	const quantityOk = QUANTITY.test(line.quantity);
	const priceOk = UNIT_PRICE.test(line.unitPrice);
	if (!quantityOk) report(`${f}.quantity`, 'Quantità: numero da 0 con al massimo 8 decimali (separatore punto)');
	if (!priceOk) report(`${f}.unitPrice`, 'Prezzo unitario: al massimo 11 cifre intere e 8 decimali (separatore punto)');
	if (!Number.isSafeInteger(line.amountCents)) report(`${f}.amountCents`, 'Importo della riga non valido');
	else if (quantityOk && priceOk) {
		// SdI (00423): PrezzoTotale must equal PrezzoUnitario x Quantita within one cent.
		const expected = new Decimal(line.unitPrice).times(line.quantity).times(100);
		if (expected.minus(line.amountCents).abs().gt(1)) report(`${f}.amountCents`, `Importo della riga diverso da quantità × prezzo (${expected.dividedBy(100).toFixed(2)})`);
	}
	checkRateAndNatura(report, f, line.vatRate, natura(line.natura));
	if (present(line.periodFrom) && !isIsoDate(line.periodFrom)) report(`${f}.periodFrom`, 'Data di inizio periodo non valida (AAAA-MM-GG)');
	if (present(line.periodTo) && !isIsoDate(line.periodTo)) report(`${f}.periodTo`, 'Data di fine periodo non valida (AAAA-MM-GG)');
	if (isIsoDate(line.periodFrom) && isIsoDate(line.periodTo) && line.periodFrom > line.periodTo) report(`${f}.periodTo`, 'La fine del periodo precede l’inizio');
}

/** SdI 00400/00401 and 00429/00430: Natura if and only if the rate is zero. */
function checkRateAndNatura(report: Report, f: string, vatRate: string, nature: string | null): void {
	if (!VAT_RATE.test(vatRate) || new Decimal(vatRate).gt(100)) {
		report(`${f}.vatRate`, 'Aliquota IVA: percentuale da 0 a 100 con al massimo 2 decimali');
		return;
	}
	if (isZeroRate(vatRate)) {
		if (nature === null) report(`${f}.natura`, 'Con aliquota 0 serve la natura dell’operazione (N1-N7)');
		else if (!NATURE.has(nature)) report(`${f}.natura`, `Natura "${nature}" non valida (codici in vigore dal 2021, es. N2.2, N4)`);
	} else if (nature !== null) report(`${f}.natura`, 'La natura si indica solo con aliquota 0');
}

function checkVatSummary(report: Report, doc: FatturaDocument): void {
	if (doc.vatSummary.length === 0) report('document.vatSummary', 'Manca il riepilogo IVA');
	const lineSums = new Map<string, number>();
	for (const line of doc.lines) {
		const key = vatKey(line.vatRate, natura(line.natura));
		lineSums.set(key, (lineSums.get(key) ?? 0) + (Number.isSafeInteger(line.amountCents) ? line.amountCents : 0));
	}
	const seen = new Set<string>();
	let total = 0;
	doc.vatSummary.forEach((row, i) => {
		const f = `document.vatSummary.${i}`;
		const nature = natura(row.natura);
		checkRateAndNatura(report, f, row.vatRate, nature);
		const key = vatKey(row.vatRate, nature);
		if (seen.has(key)) report(f, 'Riepilogo IVA ripetuto per la stessa aliquota e natura');
		seen.add(key);
		if (!Number.isSafeInteger(row.taxableCents) || !Number.isSafeInteger(row.vatCents)) {
			report(f, 'Imponibile e imposta devono essere importi in centesimi');
			return;
		}
		total += row.taxableCents + row.vatCents;
		// SdI tolerates a 1 euro difference (00422) to allow for rounding, but Quadro sums the lines itself, so any difference is a bug.
		if (lineSums.has(key) && lineSums.get(key) !== row.taxableCents) report(`${f}.taxableCents`, `Imponibile diverso dalla somma delle righe (${amount(lineSums.get(key)!)})`);
		if (!lineSums.has(key)) report(f, 'Riepilogo IVA senza righe con questa aliquota e natura');
		if (VAT_RATE.test(row.vatRate)) {
			// SdI 00421: Imposta = ImponibileImporto x AliquotaIVA / 100, within one cent.
			const expected = new Decimal(row.taxableCents).times(row.vatRate).dividedBy(100);
			if (expected.minus(row.vatCents).abs().gt(1)) report(`${f}.vatCents`, `Imposta diversa da imponibile × aliquota (${amount(expected.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber())})`);
		}
	});
	// SdI 00419: every rate/natura used on a line needs its summary row.
	for (const key of lineSums.keys()) if (!seen.has(key)) report('document.vatSummary', `Manca il riepilogo IVA per aliquota ${key.replace('|', ' ').trim()}`);
	if (Number.isSafeInteger(doc.totalCents) && doc.vatSummary.every((r) => Number.isSafeInteger(r.taxableCents) && Number.isSafeInteger(r.vatCents)) && total !== doc.totalCents) {
		report('document.totalCents', `Totale documento diverso da imponibili + imposte (${amount(total)})`);
	}
}

function checkDocument(report: Report, doc: FatturaDocument): void {
	if (doc.documentType !== 'TD01' && doc.documentType !== 'TD04') report('document.documentType', 'Tipo documento: TD01 (fattura) o TD04 (nota di credito)');
	if (doc.currency !== 'EUR') report('document.currency', 'Divisa: EUR');
	// Numero: Basic Latin, 1-20 characters, and SdI wants at least one digit in it (00425).
	if (!PRINTABLE_ASCII.test(doc.number ?? '') || doc.number.length > 20 || doc.number.trim() !== doc.number) report('document.number', 'Numero documento: da 1 a 20 caratteri senza accenti né spazi ai bordi');
	else if (!/\d/.test(doc.number)) report('document.number', 'Il numero documento deve contenere almeno una cifra');
	if (!isIsoDate(doc.date) || doc.date < '1970-01-01') report('document.date', 'Data documento non valida (AAAA-MM-GG, dal 1970)');
	if (!Number.isSafeInteger(doc.totalCents)) report('document.totalCents', 'Totale documento non valido');
	if (doc.lines.length === 0) report('document.lines', 'La fattura deve avere almeno una riga');
	doc.lines.forEach((line, i) => checkLine(report, line, i));
	checkVatSummary(report, doc);
	if (doc.payment) {
		if (!isIsoDate(doc.payment.dueDate)) report('document.payment.dueDate', 'Scadenza del pagamento non valida (AAAA-MM-GG)');
		if (!Number.isSafeInteger(doc.payment.amountCents) || doc.payment.amountCents < 0) report('document.payment.amountCents', 'Importo del pagamento non valido');
		if (present(doc.payment.iban) && !IBAN.test(doc.payment.iban.replace(/\s/g, '').toUpperCase())) report('document.payment.iban', 'IBAN non valido');
	}
	if (doc.relatedInvoice) {
		if (!PRINTABLE_ASCII.test(doc.relatedInvoice.number ?? '') || doc.relatedInvoice.number.length > 20) report('document.relatedInvoice.number', 'Numero della fattura collegata: da 1 a 20 caratteri senza accenti');
		if (!isIsoDate(doc.relatedInvoice.date)) report('document.relatedInvoice.date', 'Data della fattura collegata non valida (AAAA-MM-GG)');
	}
}

/** What would make the schema or SdI refuse the file, in Italian; empty when it can be sent. */
export function fatturaPaProblems(input: FatturaPaInput): FatturaPaProblem[] {
	const problems: FatturaPaProblem[] = [];
	const report: Report = (field, message) => problems.push({ field, message });
	if (!PROGRESSIVE.test(input.progressive ?? '')) report('progressive', 'Progressivo di invio: da 1 a 5 lettere o cifre');
	checkSeller(report, input.seller);
	checkBuyer(report, input.buyer);
	checkDocument(report, input.document);
	return problems;
}

// ---------------------------------------------------------------- file name

/**
 * SdI's file name: country code + the transmitter's tax id, '_', a progressive of 1-5 letters or
 * digits unique for that transmitter: "IT01234567890_00001.xml". A VAT number without a country
 * prefix is taken as Italian.
 */
export function fatturaPaFileName(sellerVatNumber: string, progressive: string): string {
	if (!PROGRESSIVE.test(progressive)) throw new RangeError('progressive must be 1-5 letters or digits');
	const vat = normalizeTaxId(sellerVatNumber);
	const id = /^[A-Z]{2}/.test(vat) ? vat : `IT${vat}`;
	if (!/^[A-Z]{2}[A-Z0-9]{1,28}$/.test(id)) throw new RangeError('sellerVatNumber must be letters and digits');
	return `${id}_${progressive}.xml`;
}

// ---------------------------------------------------------------- XML

function addSede(parent: XMLBuilder, party: FatturaParty): void {
	const foreign = isForeign(party);
	const sede = parent.ele('Sede');
	sede.ele('Indirizzo').txt(fatturaPaText(party.address));
	sede.ele('CAP').txt(foreign && !CAP.test(party.cap ?? '') ? FOREIGN_CAP : party.cap);
	sede.ele('Comune').txt(fatturaPaText(party.comune));
	if (!foreign && present(party.province)) sede.ele('Provincia').txt(party.province);
	sede.ele('Nazione').txt(party.country.toUpperCase());
}

function addIdFiscale(parent: XMLBuilder, name: string, country: string, code: string): void {
	const id = parent.ele(name);
	id.ele('IdPaese').txt(country.toUpperCase());
	id.ele('IdCodice').txt(code);
}

function addHeader(root: XMLBuilder, { progressive, seller, buyer }: FatturaPaInput): void {
	const header = root.ele('FatturaElettronicaHeader');
	const sellerVat = vatCode(seller.country, seller.vatNumber);
	const route = routing(buyer);

	const transmission = header.ele('DatiTrasmissione');
	addIdFiscale(transmission, 'IdTrasmittente', seller.country, sellerVat);
	transmission.ele('ProgressivoInvio').txt(progressive);
	transmission.ele('FormatoTrasmissione').txt(FORMAT);
	transmission.ele('CodiceDestinatario').txt(route.code);
	if (route.pec) transmission.ele('PECDestinatario').txt(route.pec);

	const cedente = header.ele('CedentePrestatore');
	const cedenteData = cedente.ele('DatiAnagrafici');
	addIdFiscale(cedenteData, 'IdFiscaleIVA', seller.country, sellerVat);
	if (present(seller.fiscalCode)) cedenteData.ele('CodiceFiscale').txt(normalizeTaxId(seller.fiscalCode));
	cedenteData.ele('Anagrafica').ele('Denominazione').txt(fatturaPaText(seller.name));
	cedenteData.ele('RegimeFiscale').txt(seller.regimeFiscale);
	addSede(cedente, seller);
	if (seller.rea) {
		const rea = cedente.ele('IscrizioneREA');
		rea.ele('Ufficio').txt(seller.rea.office);
		rea.ele('NumeroREA').txt(seller.rea.number.trim());
		rea.ele('StatoLiquidazione').txt('LN');
	}
	const phone = phoneText(seller.phone);
	const email = contactEmail(seller.email) ?? contactEmail(seller.pec);
	if (phone || email) {
		const contacts = cedente.ele('Contatti');
		if (phone) contacts.ele('Telefono').txt(phone);
		if (email) contacts.ele('Email').txt(email);
	}

	const cessionario = header.ele('CessionarioCommittente');
	const buyerData = cessionario.ele('DatiAnagrafici');
	if (isForeign(buyer)) addIdFiscale(buyerData, 'IdFiscaleIVA', buyer.country, present(buyer.vatNumber) ? vatCode(buyer.country, buyer.vatNumber) : FOREIGN_NO_VAT_ID);
	else {
		if (present(buyer.vatNumber)) addIdFiscale(buyerData, 'IdFiscaleIVA', 'IT', vatCode('IT', buyer.vatNumber));
		if (present(buyer.fiscalCode)) buyerData.ele('CodiceFiscale').txt(normalizeTaxId(buyer.fiscalCode));
	}
	buyerData.ele('Anagrafica').ele('Denominazione').txt(fatturaPaText(buyer.name));
	addSede(cessionario, buyer);
}

function addLine(parent: XMLBuilder, line: FatturaLine): void {
	const el = parent.ele('DettaglioLinee');
	el.ele('NumeroLinea').txt(String(line.lineNo));
	el.ele('Descrizione').txt(fatturaPaText(line.description));
	el.ele('Quantita').txt(keepDecimals(line.quantity));
	if (present(line.unit)) el.ele('UnitaMisura').txt(asciiText(line.unit).slice(0, 10));
	if (present(line.periodFrom)) el.ele('DataInizioPeriodo').txt(line.periodFrom);
	if (present(line.periodTo)) el.ele('DataFinePeriodo').txt(line.periodTo);
	el.ele('PrezzoUnitario').txt(keepDecimals(line.unitPrice));
	el.ele('PrezzoTotale').txt(amount(line.amountCents));
	el.ele('AliquotaIVA').txt(rate(line.vatRate));
	const nature = natura(line.natura);
	if (nature) el.ele('Natura').txt(nature);
}

function addVatRow(parent: XMLBuilder, row: FatturaVatRow): void {
	const el = parent.ele('DatiRiepilogo');
	const nature = natura(row.natura);
	el.ele('AliquotaIVA').txt(rate(row.vatRate));
	if (nature) el.ele('Natura').txt(nature);
	el.ele('ImponibileImporto').txt(amount(row.taxableCents));
	el.ele('Imposta').txt(amount(row.vatCents));
	if (!nature) el.ele('EsigibilitaIVA').txt('I');
}

function addBody(root: XMLBuilder, doc: FatturaDocument): void {
	const body = root.ele('FatturaElettronicaBody');
	const general = body.ele('DatiGenerali');
	const head = general.ele('DatiGeneraliDocumento');
	head.ele('TipoDocumento').txt(doc.documentType);
	head.ele('Divisa').txt(doc.currency);
	head.ele('Data').txt(doc.date);
	head.ele('Numero').txt(doc.number);
	head.ele('ImportoTotaleDocumento').txt(amount(doc.totalCents));
	if (present(doc.causale)) for (const chunk of causaleChunks(doc.causale)) head.ele('Causale').txt(chunk);
	if (doc.relatedInvoice) {
		const related = general.ele('DatiFattureCollegate');
		related.ele('IdDocumento').txt(doc.relatedInvoice.number);
		related.ele('Data').txt(doc.relatedInvoice.date);
	}

	const goods = body.ele('DatiBeniServizi');
	for (const line of doc.lines) addLine(goods, line);
	for (const row of doc.vatSummary) addVatRow(goods, row);

	if (doc.payment) {
		const payment = body.ele('DatiPagamento');
		payment.ele('CondizioniPagamento').txt('TP02');
		const detail = payment.ele('DettaglioPagamento');
		detail.ele('ModalitaPagamento').txt('MP05');
		detail.ele('DataScadenzaPagamento').txt(doc.payment.dueDate);
		detail.ele('ImportoPagamento').txt(amount(doc.payment.amountCents));
		if (present(doc.payment.iban)) detail.ele('IBAN').txt(doc.payment.iban.replace(/\s/g, '').toUpperCase());
	}
}

/** The FPR12 XML (UTF-8, no signature). Throws FatturaPaInvalidError when fatturaPaProblems finds anything. */
export function fatturaPaXml(input: FatturaPaInput): string {
	const problems = fatturaPaProblems(input);
	if (problems.length) throw new FatturaPaInvalidError(problems);
	const doc = create({ version: '1.0', encoding: 'UTF-8' });
	// Only the root element is in the FatturaPA namespace: the schema's local elements are unqualified.
	const root = doc.ele(NAMESPACE, 'p:FatturaElettronica', { versione: FORMAT });
	addHeader(root, input);
	addBody(root, input.document);
	return doc.end({ prettyPrint: true });
}
