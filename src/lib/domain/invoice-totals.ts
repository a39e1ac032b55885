import Decimal from 'decimal.js';

/**
 * Invoice lines and totals as FatturaPA wants them.
 *
 * - A line's amount (PrezzoTotale) is quantity x unit price rounded half-up to the cent.
 * - VAT is NOT summed line by line: for each rate (and, at 0%, each natura) the taxable amounts
 *   are added up first and the VAT is that sum x rate, rounded half-up to the cent once
 *   (DatiRiepilogo: ImponibileImporto and Imposta). Summing rounded per-line VAT can differ by
 *   some cents and the SdI checks the summary.
 * - A 0% line must say why no VAT is charged (natura N1...N7); a line with VAT must not.
 * - Negative quantities are allowed: they are credit lines (storni, note di credito), so line,
 *   taxable and VAT amounts can be negative; half-up then rounds away from zero (-0.5 -> -1
 *   cent), the mirror image of the positive line. Unit prices stay from 0.
 */

export type InvoiceLineInput = { quantity: string; unitPrice: string; vatRate: string; natura?: string | null };
export type VatSummaryRow = { vatRate: string; natura: string | null; taxableCents: number; vatCents: number };
export type InvoiceTotals = { lineAmountsCents: number[]; vatSummary: VatSummaryRow[]; taxableCents: number; vatCents: number; totalCents: number };
export type InvoiceLineProblem = { field: 'quantity' | 'unitPrice' | 'vatRate' | 'natura'; message: string };

/** Codes in force since 2021 (the bare N2, N3 and N6 are no longer accepted by the SdI). */
export const NATURA_CODES: readonly string[] = [
	'N1',
	'N2.1',
	'N2.2',
	...[1, 2, 3, 4, 5, 6].map((i) => `N3.${i}`),
	'N4',
	'N5',
	...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `N6.${i}`),
	'N7'
];

/** Enough significant digits that no product of two 8-decimal values is rounded before the cent. */
const Exact = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP });

const QUANTITY_TEXT = /^-?\d{1,15}(\.\d{1,8})?$/;
const UNIT_PRICE_TEXT = /^\d{1,15}(\.\d{1,8})?$/;
const VAT_RATE_TEXT = /^\d{1,3}(\.\d{1,2})?$/;

/** quantity x unit price in cents, half-up (away from zero), or null when it is not a safe integer. */
function amountCents(quantity: string, unitPrice: string): number | null {
	const cents = new Exact(quantity).times(unitPrice).times(100).toDecimalPlaces(0, Exact.ROUND_HALF_UP);
	return cents.abs().lte(Number.MAX_SAFE_INTEGER) ? cents.toNumber() + 0 : null; // + 0: no -0 for a credit of nothing
}

/** quantity x unitPrice rounded half-up to the cent. */
export function lineAmountCents(line: Pick<InvoiceLineInput, 'quantity' | 'unitPrice'>): number {
	if (!QUANTITY_TEXT.test(line.quantity)) throw new RangeError(`quantity must be a number with at most 8 decimals: ${line.quantity}`);
	if (!UNIT_PRICE_TEXT.test(line.unitPrice)) throw new RangeError(`unitPrice must be an amount from 0 with at most 8 decimals: ${line.unitPrice}`);
	const cents = amountCents(line.quantity, line.unitPrice);
	if (cents === null) throw new RangeError(`line amount too large: ${line.quantity} x ${line.unitPrice}`);
	return cents;
}

function isValidRate(vatRate: string): boolean {
	return VAT_RATE_TEXT.test(vatRate) && new Exact(vatRate).lte(100);
}

/** Everything wrong with one line, in Italian for the form (empty when it can be invoiced). */
export function invoiceLineProblems(line: InvoiceLineInput): InvoiceLineProblem[] {
	const problems: InvoiceLineProblem[] = [];
	const quantityOk = typeof line.quantity === 'string' && QUANTITY_TEXT.test(line.quantity);
	const priceOk = typeof line.unitPrice === 'string' && UNIT_PRICE_TEXT.test(line.unitPrice);
	if (!quantityOk) problems.push({ field: 'quantity', message: 'Quantità non valida: un numero con al massimo 8 decimali e il punto come separatore (es. 1 o 0.5)' });
	else if (new Exact(line.quantity).isZero()) problems.push({ field: 'quantity', message: 'La quantità non può essere zero' });
	if (!priceOk) problems.push({ field: 'unitPrice', message: 'Prezzo unitario non valido: un importo da 0 con al massimo 8 decimali e il punto come separatore (es. 0.0085)' });
	if (quantityOk && priceOk && amountCents(line.quantity, line.unitPrice) === null) problems.push({ field: 'unitPrice', message: 'Importo della riga troppo grande' });

	const rateOk = typeof line.vatRate === 'string' && isValidRate(line.vatRate);
	if (!rateOk) problems.push({ field: 'vatRate', message: 'Aliquota IVA non valida: una percentuale da 0 a 100 con al massimo 2 decimali (es. 22.00)' });
	const natura = line.natura ?? null;
	if (natura !== null && !NATURA_CODES.includes(natura)) {
		problems.push({ field: 'natura', message: 'Natura non valida: N1, N2.1, N2.2, N3.1–N3.6, N4, N5, N6.1–N6.9 o N7' });
	} else if (rateOk && new Exact(line.vatRate).isZero() && natura === null) {
		problems.push({ field: 'natura', message: "Con aliquota 0 va indicata la natura dell'operazione (N1–N7)" });
	} else if (rateOk && !new Exact(line.vatRate).isZero() && natura !== null) {
		problems.push({ field: 'natura', message: 'La natura si indica solo per le righe con aliquota 0' });
	}
	return problems;
}

function safe(cents: number, what: string): number {
	if (!Number.isSafeInteger(cents)) throw new RangeError(`${what} too large to be counted in cents exactly`);
	return cents;
}

/**
 * Line amounts, the VAT summary (one row per rate and natura, rates from the highest, natura in
 * code order) and the invoice totals. Throws RangeError on the first line with a problem.
 */
export function invoiceTotals(lines: readonly InvoiceLineInput[]): InvoiceTotals {
	lines.forEach((line, i) => {
		const problem = invoiceLineProblems(line)[0];
		if (problem) throw new RangeError(`line ${i + 1}, ${problem.field}: ${problem.message}`);
	});
	const lineAmountsCents = lines.map(lineAmountCents);

	const groups = new Map<string, { vatRate: string; natura: string | null; taxableCents: number }>();
	lines.forEach((line, i) => {
		// "22", "22.0" and "22.00" are one rate: the summary shows it as FatturaPA writes it.
		const vatRate = new Exact(line.vatRate).toFixed(2);
		const natura = line.natura ?? null;
		const key = `${vatRate}|${natura ?? ''}`;
		const group = groups.get(key) ?? { vatRate, natura, taxableCents: 0 };
		group.taxableCents = safe(group.taxableCents + lineAmountsCents[i], 'taxable amount');
		groups.set(key, group);
	});

	const vatSummary: VatSummaryRow[] = [...groups.values()]
		.sort((a, b) => new Exact(b.vatRate).comparedTo(a.vatRate) || (a.natura ?? '').localeCompare(b.natura ?? '', 'en', { numeric: true }))
		.map((g) => ({
			...g,
			vatCents: safe(new Exact(g.taxableCents).times(g.vatRate).dividedBy(100).toDecimalPlaces(0, Exact.ROUND_HALF_UP).toNumber() + 0, 'VAT')
		}));

	const taxableCents = safe(vatSummary.reduce((sum, row) => sum + row.taxableCents, 0), 'taxable amount');
	const vatCents = safe(vatSummary.reduce((sum, row) => sum + row.vatCents, 0), 'VAT');
	return { lineAmountsCents, vatSummary, taxableCents, vatCents, totalCents: safe(taxableCents + vatCents, 'invoice total') };
}

/** Invoice numbers run per year, gap-free: "2026/000001" (a 7th digit appears past 999,999). */
export function formatInvoiceNumber(year: number, sequence: number): string {
	if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`the invoice year must have four digits: ${year}`);
	if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`the invoice sequence starts at 1: ${sequence}`);
	return `${year}/${String(sequence).padStart(6, '0')}`;
}
