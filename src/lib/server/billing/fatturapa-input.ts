import { invoiceTotals } from '$lib/domain/invoice-totals';
import type { InvoiceLineRow, InvoiceRow } from './billing.queries';
import type { FatturaBuyer, FatturaSeller, fatturaPaXml } from './fatturapa';

type FatturaInput = Parameters<typeof fatturaPaXml>[0];

/** 12.50000000 (numeric(18,8) as stored) -> "12.5" trimmed of padding zeros, at least 2 decimals for prices. */
function trimDecimals(value: string, minDecimals: number): string {
	const [whole, fraction = ''] = value.split('.');
	const kept = fraction.replace(/0+$/, '').padEnd(minDecimals, '0');
	return kept ? `${whole}.${kept}` : whole;
}

/** What the FatturaPA file of an invoice says, from the stored invoice, its lines and the two parties. */
export function fatturaInputOf(a: {
	invoice: InvoiceRow;
	lines: InvoiceLineRow[];
	seller: FatturaSeller;
	buyer: FatturaBuyer | null;
	number: string;
	issueDate: string;
	dueDate: string | null;
	progressive: string;
}): FatturaInput {
	const lines = a.lines.map((l) => ({ quantity: trimDecimals(l.quantity, 2), unitPrice: trimDecimals(l.unitPrice, 2), vatRate: l.vatRate, natura: l.natura }));
	const totals = invoiceTotals(lines);
	const iban = (a.seller as FatturaSeller & { iban?: string | null }).iban ?? null;
	return {
		progressive: a.progressive,
		seller: a.seller,
		buyer: a.buyer ?? { vatNumber: null, fiscalCode: null, name: '', address: '', cap: '', comune: '', province: null, country: 'IT', sdiCode: null, pec: null },
		document: {
			documentType: a.invoice.documentType === 'TD04' ? 'TD04' : 'TD01',
			number: a.number,
			date: a.issueDate,
			currency: 'EUR',
			lines: a.lines.map((l, i) => ({
				lineNo: l.lineNo,
				description: l.description,
				quantity: lines[i].quantity,
				unitPrice: lines[i].unitPrice,
				amountCents: l.amountCents,
				vatRate: l.vatRate,
				natura: l.natura,
				periodFrom: l.periodFrom,
				periodTo: l.periodTo
			})),
			vatSummary: totals.vatSummary,
			totalCents: totals.totalCents,
			causale: null,
			payment: a.dueDate ? { dueDate: a.dueDate, amountCents: totals.totalCents, iban } : null
		}
	};
}
