import { and, asc, desc, eq, gte, inArray, isNull, lte, max, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { billedPeriods, companyProfile, contractEquipment, contracts, contractTerms, customers, equipment, invoiceLines, invoices, invoiceSequences, meters } from '../db/schema';

export type CompanyProfileRow = typeof companyProfile.$inferSelect;
export type NewCompanyProfileRow = typeof companyProfile.$inferInsert;
export type InvoiceRow = typeof invoices.$inferSelect;
export type NewInvoiceRow = typeof invoices.$inferInsert;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;
export type NewInvoiceLineRow = typeof invoiceLines.$inferInsert;
export type NewBilledPeriodRow = typeof billedPeriods.$inferInsert;

export async function findCompanyProfile(db: Db): Promise<CompanyProfileRow | null> {
	const rows = await db.select().from(companyProfile).where(eq(companyProfile.id, 1)).limit(1);
	return rows[0] ?? null;
}

export async function saveCompanyProfile(db: Db, row: Omit<NewCompanyProfileRow, 'id' | 'updatedAt'>): Promise<void> {
	await db
		.insert(companyProfile)
		.values({ ...row, id: 1 })
		.onConflictDoUpdate({ target: companyProfile.id, set: { ...row, updatedAt: new Date() } });
}

/** Contracts that may have periods to bill: running ones, and ended ones whose last periods may be unbilled. */
export async function contractsToBill(db: Db, contractId?: string) {
	const where = and(inArray(contracts.status, ['active', 'expired', 'terminated']), contractId ? eq(contracts.id, contractId) : undefined);
	return db.select({ id: contracts.id }).from(contracts).where(where).orderBy(asc(contracts.number));
}

/** The contract row locked for this run; null when another run holds it (it bills it). */
export async function lockContractForBilling(db: Db, id: string) {
	const rows = await db.select().from(contracts).where(eq(contracts.id, id)).for('update', { skipLocked: true }).limit(1);
	return rows[0] ?? null;
}

export async function termsOf(db: Db, contractId: string) {
	return db.select({ startsOn: contractTerms.startsOn, endsOn: contractTerms.endsOn }).from(contractTerms).where(eq(contractTerms.contractId, contractId)).orderBy(asc(contractTerms.termNo));
}

/** The last day billed for a contract's fee ('' meter type) or one meter type's usage. */
export async function billedThrough(db: Db, contractId: string, kind: 'fee' | 'meter', meterType: string): Promise<string | null> {
	const rows = await db
		.select({ through: max(billedPeriods.periodTo) })
		.from(billedPeriods)
		.where(and(eq(billedPeriods.contractId, contractId), eq(billedPeriods.kind, kind), eq(billedPeriods.meterType, meterType)));
	return rows[0]?.through ?? null;
}

/** Units the contract covered at some point of [from, to], each with its meter of the type. */
export async function coveredMeters(db: Db, contractId: string, meterType: string, from: string, to: string) {
	return db
		.selectDistinct({ equipmentId: equipment.id, serialNumber: equipment.serialNumber, meterId: meters.id, maxValue: meters.maxValue })
		.from(contractEquipment)
		.innerJoin(equipment, eq(equipment.id, contractEquipment.equipmentId))
		.innerJoin(meters, and(eq(meters.equipmentId, equipment.id), eq(meters.meterType, meterType)))
		.where(and(eq(contractEquipment.contractId, contractId), lte(contractEquipment.fromDate, to), or(isNull(contractEquipment.toDate), gte(contractEquipment.toDate, from))))
		.orderBy(asc(equipment.serialNumber));
}

export async function insertInvoice(db: Db, row: NewInvoiceRow, lines: NewInvoiceLineRow[], periods: NewBilledPeriodRow[]): Promise<void> {
	await db.insert(invoices).values(row);
	if (lines.length) await db.insert(invoiceLines).values(lines);
	if (periods.length) await db.insert(billedPeriods).values(periods);
}

const listedInvoice = {
	id: invoices.id,
	status: invoices.status,
	number: invoices.number,
	issueDate: invoices.issueDate,
	dueDate: invoices.dueDate,
	customerId: invoices.customerId,
	customerName: customers.businessName,
	contractId: invoices.contractId,
	contractNumber: contracts.number,
	taxableCents: invoices.taxableCents,
	vatCents: invoices.vatCents,
	totalCents: invoices.totalCents,
	warnings: invoices.warnings,
	createdAt: invoices.createdAt,
	periodFrom: sql<string | null>`(select min(${invoiceLines.periodFrom}) from ${invoiceLines} where ${invoiceLines.invoiceId} = ${invoices.id})`,
	periodTo: sql<string | null>`(select max(${invoiceLines.periodTo}) from ${invoiceLines} where ${invoiceLines.invoiceId} = ${invoices.id})`
};

export type InvoiceFilter = { status?: 'draft' | 'issued'; customerId?: string; contractId?: string; year?: number };

function filterWhere(f: InvoiceFilter): SQL | undefined {
	return and(
		f.status ? eq(invoices.status, f.status) : undefined,
		f.customerId ? eq(invoices.customerId, f.customerId) : undefined,
		f.contractId ? eq(invoices.contractId, f.contractId) : undefined,
		f.year ? eq(invoices.year, f.year) : undefined
	);
}

/** Drafts first (work to do), then issued ones newest number first. */
export async function listInvoices(db: Db, f: InvoiceFilter, page: { limit: number; offset: number }) {
	const where = filterWhere(f);
	const items = await db
		.select(listedInvoice)
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.leftJoin(contracts, eq(contracts.id, invoices.contractId))
		.where(where)
		.orderBy(asc(invoices.status), desc(invoices.year), desc(invoices.sequence), asc(customers.businessName), asc(invoices.id))
		.limit(page.limit)
		.offset(page.offset);
	const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(invoices).where(where);
	return { items, total };
}

export type ListedInvoice = Awaited<ReturnType<typeof listInvoices>>['items'][number];

export async function findInvoice(db: Db, id: string) {
	const rows = await db
		.select({ ...listedInvoice, invoice: invoices })
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.leftJoin(contracts, eq(contracts.id, invoices.contractId))
		.where(eq(invoices.id, id))
		.limit(1);
	return rows[0] ?? null;
}

export async function linesOf(db: Db, invoiceId: string): Promise<InvoiceLineRow[]> {
	return db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.lineNo));
}

export async function lockInvoice(db: Db, id: string): Promise<InvoiceRow | null> {
	const rows = await db.select().from(invoices).where(eq(invoices.id, id)).for('update').limit(1);
	return rows[0] ?? null;
}

/**
 * The next number of the year. The sequence row stays locked until the issuing transaction ends,
 * so issues of one year queue here and a rolled-back issue gives its number back: no gaps.
 */
export async function takeNextNumber(db: Db, year: number): Promise<number> {
	const rows = await db
		.insert(invoiceSequences)
		.values({ year, lastNumber: 1 })
		.onConflictDoUpdate({ target: invoiceSequences.year, set: { lastNumber: sql`${invoiceSequences.lastNumber} + 1` } })
		.returning({ lastNumber: invoiceSequences.lastNumber });
	return rows[0].lastNumber;
}

/** The latest issue date of the year: numbers must follow dates (a later number never has an earlier date). */
export async function lastIssueDate(db: Db, year: number): Promise<string | null> {
	const rows = await db.select({ last: max(invoices.issueDate) }).from(invoices).where(and(eq(invoices.year, year), eq(invoices.status, 'issued')));
	return rows[0]?.last ?? null;
}

export async function markIssued(db: Db, id: string, changes: Pick<NewInvoiceRow, 'year' | 'sequence' | 'number' | 'issueDate' | 'dueDate' | 'sellerSnapshot' | 'buyerSnapshot' | 'issuedBy' | 'issuedAt'>): Promise<void> {
	await db.update(invoices).set({ ...changes, status: 'issued' }).where(eq(invoices.id, id));
}

/** Only drafts: an issued invoice is corrected by a credit note, never deleted. The billed periods go with it. */
export async function deleteDraft(db: Db, id: string): Promise<boolean> {
	const rows = await db.delete(invoices).where(and(eq(invoices.id, id), eq(invoices.status, 'draft'))).returning({ id: invoices.id });
	return rows.length > 0;
}

export async function findBuyer(db: Db, customerId: string) {
	const rows = await db
		.select({
			id: customers.id,
			businessName: customers.businessName,
			vatNumber: customers.vatNumber,
			fiscalCode: customers.fiscalCode,
			sdiCode: customers.sdiCode,
			pec: customers.pec,
			address: customers.address,
			cap: customers.cap,
			comuneName: customers.comuneName,
			province: customers.province,
			paymentTermsDays: customers.paymentTermsDays
		})
		.from(customers)
		.where(eq(customers.id, customerId))
		.limit(1);
	return rows[0] ?? null;
}
