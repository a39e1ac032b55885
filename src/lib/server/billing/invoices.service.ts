import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { parsePlainDate } from '$lib/domain/contract-terms';
import { formatInvoiceNumber } from '$lib/domain/invoice-totals';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { companyToday } from '../contracts/contracts.service';
import { db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { pageOf, pageRequest, type Page } from '../pagination';
import * as queries from './billing.queries';
import { FatturaPaInvalidError, fatturaPaFileName, fatturaPaProblems, fatturaPaXml, type FatturaBuyer, type FatturaSeller } from './fatturapa';
import { fatturaInputOf } from './fatturapa-input';

/** Invoices: list, read, issue (gap-free number of the year), delete a draft, and the FatturaPA file. */

export type InvoiceDetail = queries.ListedInvoice & { lines: queries.InvoiceLineRow[]; buyer: FatturaBuyer | null; problems: Array<{ field: string; message: string }> };

const STATUS = z.enum(['draft', 'issued'], { message: 'status must be draft or issued' });

function requireId(id: string): string {
	if (!z.uuid().safeParse(id).success) throw new NotFoundError('invoice not found');
	return id;
}

export async function listInvoices(actor: Actor, params: URLSearchParams): Promise<Page<queries.ListedInvoice>> {
	authorize(actor, 'billing.read');
	const request = pageRequest(params);
	const filter: queries.InvoiceFilter = {};
	if (params.get('status')) {
		const status = STATUS.safeParse(params.get('status'));
		if (!status.success) throw new ValidationError('status', 'status must be draft or issued');
		filter.status = status.data;
	}
	for (const key of ['customerId', 'contractId'] as const) {
		const value = params.get(key);
		if (!value) continue;
		if (!z.uuid().safeParse(value).success) throw new ValidationError(key, `${key} must be an id`);
		filter[key] = value;
	}
	if (params.get('year')) {
		const year = Number(params.get('year'));
		if (!Number.isInteger(year) || year < 2000 || year > 2999) throw new ValidationError('year', 'year must be a year such as 2026');
		filter.year = year;
	}
	const { items, total } = await queries.listInvoices(db(), filter, { limit: request.pageSize, offset: request.offset });
	return pageOf(items, total, request);
}

export async function getInvoice(actor: Actor, id: string): Promise<InvoiceDetail> {
	authorize(actor, 'billing.read');
	const found = await queries.findInvoice(db(), requireId(id));
	if (!found) throw new NotFoundError('invoice not found');
	const { invoice, ...listed } = found;
	const lines = await queries.linesOf(db(), invoice.id);
	if (invoice.status === 'issued') return { ...listed, lines, buyer: invoice.buyerSnapshot as FatturaBuyer, problems: [] };
	// A draft shows what would stop it being issued now (missing company details, a buyer without a channel...).
	const [seller, buyer] = await Promise.all([sellerNow(), buyerNow(invoice.customerId)]);
	// The number is a stand-in of the real shape: the SdI wants a digit in it, and a word such as
	// "BOZZA" would make every draft look unissuable.
	const today = companyToday();
	const placeholder = formatInvoiceNumber(Number(today.slice(0, 4)), 1);
	const problems = seller ? fatturaPaProblems(fatturaInputOf({ invoice, lines, seller, buyer, number: placeholder, issueDate: today, dueDate: null, progressive: '00000' })) : [{ field: 'seller', message: 'Mancano i dati fiscali dell\'azienda (Impostazioni, Azienda).' }];
	return { ...listed, lines, buyer, problems };
}

const issueInput = z.object({ issueDate: z.string().refine((v) => parsePlainDate(v) !== null, 'issueDate must be a date YYYY-MM-DD').optional() }).strict();

/**
 * Gives the draft the next number of its year and freezes seller and buyer as they are now. The
 * year's sequence row stays locked until commit, so numbers are gap-free and in date order even
 * when several people issue at once; anything refused rolls the number back.
 */
export async function issueInvoice(actor: Actor, id: string, input: unknown, ip: string | null = null, now = new Date()): Promise<InvoiceDetail> {
	authorize(actor, 'billing.manage');
	requireId(id);
	const parsed = issueInput.safeParse(input ?? {});
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	const today = companyToday(now);
	const issueDate = parsed.data.issueDate ?? today;
	// An invoice may not be dated in the future (the SdI refuses it). An earlier date is allowed as
	// long as numbers keep following dates (checked below, under the sequence lock).
	if (issueDate > today) throw new ValidationError('issueDate', 'issueDate cannot be after today');
	await db().transaction(async (tx) => {
		const invoice = await queries.lockInvoice(tx, id);
		if (!invoice) throw new NotFoundError('invoice not found');
		if (invoice.status !== 'draft') throw new ConflictError('status', `invoice already issued as ${invoice.number}`);
		const lines = await queries.linesOf(tx, id);
		if (invoice.totalCents <= 0) throw new ValidationError('lines', 'an invoice must total more than zero');
		const seller = sellerOf(await queries.findCompanyProfile(tx));
		if (!seller) throw new ValidationError('seller', 'the company\'s invoicing details are missing (Settings, Company)');
		const customer = await queries.findBuyer(tx, invoice.customerId);
		const buyer = buyerOf(customer);
		if (!customer || !buyer) throw new NotFoundError('customer not found');
		const year = Number(issueDate.slice(0, 4));
		const sequence = await queries.takeNextNumber(tx, year);
		const last = await queries.lastIssueDate(tx, year);
		if (last && issueDate < last) throw new ValidationError('issueDate', `issueDate cannot be before ${last}, the date of the last invoice of ${year}`);
		const number = formatInvoiceNumber(year, sequence);
		const dueDate = Temporal.PlainDate.from(issueDate).add({ days: customer.paymentTermsDays }).toString();
		const problems = fatturaPaProblems(fatturaInputOf({ invoice, lines, seller, buyer, number, issueDate, dueDate, progressive: progressiveOf(year, sequence) }));
		if (problems.length) throw new ValidationError(problems[0].field, problems[0].message);
		await queries.markIssued(tx, id, { year, sequence, number, issueDate, dueDate, sellerSnapshot: seller, buyerSnapshot: buyer, issuedBy: actor.id, issuedAt: now });
		await audit({ actorUserId: actor.id, action: 'invoice.issue', subject: id, ip, details: { number, issueDate } }, tx);
	});
	return getInvoice(actor, id);
}

export async function deleteDraftInvoice(actor: Actor, id: string, ip: string | null = null): Promise<void> {
	authorize(actor, 'billing.manage');
	requireId(id);
	await db().transaction(async (tx) => {
		const invoice = await queries.lockInvoice(tx, id);
		if (!invoice) throw new NotFoundError('invoice not found');
		if (invoice.status !== 'draft') throw new ConflictError('status', 'an issued invoice cannot be deleted: issue a credit note');
		await queries.deleteDraft(tx, id);
		await audit({ actorUserId: actor.id, action: 'invoice.delete_draft', subject: id, ip }, tx);
	});
}

/** The FatturaPA file of an issued invoice, from what was frozen when it was issued. */
export async function invoiceXml(actor: Actor, id: string): Promise<{ fileName: string; xml: string }> {
	authorize(actor, 'billing.read');
	const found = await queries.findInvoice(db(), requireId(id));
	if (!found) throw new NotFoundError('invoice not found');
	const { invoice } = found;
	if (invoice.status !== 'issued') throw new ConflictError('status', 'only an issued invoice has a FatturaPA file');
	const lines = await queries.linesOf(db(), id);
	const seller = invoice.sellerSnapshot as FatturaSeller;
	const progressive = progressiveOf(invoice.year!, invoice.sequence!);
	try {
		const xml = fatturaPaXml(fatturaInputOf({ invoice, lines, seller, buyer: invoice.buyerSnapshot as FatturaBuyer, number: invoice.number!, issueDate: invoice.issueDate!, dueDate: invoice.dueDate, progressive }));
		return { fileName: fatturaPaFileName(seller.vatNumber, progressive), xml };
	} catch (error) {
		// Checked when it was issued; a check made stricter since then must say what, not fail with a 500.
		if (error instanceof FatturaPaInvalidError) throw new ConflictError(error.problems[0].field, `the FatturaPA file cannot be written: ${error.problems[0].message}`);
		throw error;
	}
}

/** The file's progressive (5 characters): last digit of the year and the number in base 36, unique for ten years. */
export function progressiveOf(year: number, sequence: number): string {
	return `${year % 10}${sequence.toString(36).toUpperCase().padStart(4, '0')}`;
}

async function sellerNow(): Promise<FatturaSeller | null> {
	return sellerOf(await queries.findCompanyProfile(db()));
}

async function buyerNow(customerId: string): Promise<FatturaBuyer | null> {
	return buyerOf(await queries.findBuyer(db(), customerId));
}

function sellerOf(p: queries.CompanyProfileRow | null): FatturaSeller | null {
	if (!p) return null;
	return { vatNumber: p.vatNumber, fiscalCode: p.fiscalCode, name: p.businessName, address: p.address, cap: p.cap, comune: p.comuneName, province: p.province, country: 'IT', regimeFiscale: p.regimeFiscale, pec: p.pec, email: p.email, phone: p.phone, iban: p.iban } as FatturaSeller & { iban: string | null };
}

function buyerOf(c: Awaited<ReturnType<typeof queries.findBuyer>>): FatturaBuyer | null {
	if (!c) return null;
	return { vatNumber: c.vatNumber, fiscalCode: c.fiscalCode, name: c.businessName, address: c.address, cap: c.cap ?? '', comune: c.comuneName ?? '', province: c.province, country: 'IT', sdiCode: c.sdiCode, pec: c.pec };
}
