import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contractEquipment, contracts, contractTerms, customers, meterTypes, slaLevels } from '../db/schema';

export type ContractRow = typeof contracts.$inferSelect;
export type NewContractRow = typeof contracts.$inferInsert;
export type TermRow = typeof contractTerms.$inferSelect;
export type NewTermRow = typeof contractTerms.$inferInsert;
export type ContractStatus = ContractRow['status'];

/** Serialises numbering per year until commit: two contracts created at once get consecutive numbers. */
export async function lockContractNumbering(db: Db, year: number): Promise<void> {
	await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`quadro:contract-number:${year}`}))`);
}

export async function lastContractNumber(db: Db, year: number): Promise<string | null> {
	const rows = await db
		.select({ number: contracts.number })
		.from(contracts)
		// Only our own format counts: a number imported in another shape must not stop numbering.
		.where(sql`${contracts.number} ~ ${`^${year}/[0-9]+$`}`)
		// Past 999999 a number grows a digit: longer sorts after shorter.
		.orderBy(sql`length(${contracts.number}) desc`, desc(contracts.number))
		.limit(1);
	return rows[0]?.number ?? null;
}

export async function insertContract(db: Db, row: NewContractRow): Promise<void> {
	await db.insert(contracts).values(row);
}

export async function updateContract(db: Db, id: string, changes: Partial<Omit<NewContractRow, 'id' | 'number' | 'customerId'>>): Promise<void> {
	await db
		.update(contracts)
		.set({ ...changes, updatedAt: new Date() })
		.where(eq(contracts.id, id));
}

export async function findContract(db: Db, id: string): Promise<ContractRow | null> {
	const rows = await db.select().from(contracts).where(eq(contracts.id, id)).limit(1);
	return rows[0] ?? null;
}

/** The row, locked until commit: status changes and renewals of one contract run one at a time. */
export async function lockContract(db: Db, id: string): Promise<ContractRow | null> {
	const rows = await db.select().from(contracts).where(eq(contracts.id, id)).for('update').limit(1);
	return rows[0] ?? null;
}

export async function findContractView(db: Db, id: string) {
	const rows = await db
		.select({
			contract: contracts,
			customer: { id: customers.id, code: customers.code, businessName: customers.businessName, vatNumber: customers.vatNumber },
			slaLevel: { id: slaLevels.id, code: slaLevels.code, name: slaLevels.name }
		})
		.from(contracts)
		.innerJoin(customers, eq(customers.id, contracts.customerId))
		.innerJoin(slaLevels, eq(slaLevels.id, contracts.slaLevelId))
		.where(eq(contracts.id, id))
		.limit(1);
	return rows[0] ?? null;
}

export async function insertTerm(db: Db, row: NewTermRow): Promise<void> {
	await db.insert(contractTerms).values(row);
}

/** Only a draft's first term changes in place (nothing has been in force yet). */
export async function updateFirstTerm(db: Db, contractId: string, changes: { startsOn: string; endsOn: string }): Promise<void> {
	await db
		.update(contractTerms)
		.set(changes)
		.where(and(eq(contractTerms.contractId, contractId), eq(contractTerms.termNo, 1)));
}

export async function listTerms(db: Db, contractId: string): Promise<TermRow[]> {
	return db.select().from(contractTerms).where(eq(contractTerms.contractId, contractId)).orderBy(asc(contractTerms.termNo));
}

export async function lastTerm(db: Db, contractId: string): Promise<TermRow | null> {
	const rows = await db.select().from(contractTerms).where(eq(contractTerms.contractId, contractId)).orderBy(desc(contractTerms.termNo)).limit(1);
	return rows[0] ?? null;
}

export async function findTerm(db: Db, contractId: string, termNo: number): Promise<TermRow | null> {
	const rows = await db
		.select()
		.from(contractTerms)
		.where(and(eq(contractTerms.contractId, contractId), eq(contractTerms.termNo, termNo)))
		.limit(1);
	return rows[0] ?? null;
}

export async function customerExists(db: Db, id: string): Promise<boolean> {
	const rows = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, id)).limit(1);
	return rows.length > 0;
}

export async function slaLevelExists(db: Db, id: string): Promise<boolean> {
	const rows = await db.select({ id: slaLevels.id }).from(slaLevels).where(eq(slaLevels.id, id)).limit(1);
	return rows.length > 0;
}

export async function listSlaLevelOptions(db: Db) {
	return db.select({ id: slaLevels.id, code: slaLevels.code, name: slaLevels.name, isDefault: slaLevels.isDefault }).from(slaLevels).orderBy(asc(slaLevels.code));
}

export async function listMeterTypeOptions(db: Db) {
	return db.select().from(meterTypes).orderBy(asc(meterTypes.code));
}

function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** Customers for the contract form's search-as-you-type (name, code or P.IVA). */
export async function searchCustomerOptions(db: Db, q: string, limit = 10) {
	const pattern = likePattern(q);
	return db
		.select({ id: customers.id, code: customers.code, businessName: customers.businessName, vatNumber: customers.vatNumber, province: customers.province })
		.from(customers)
		.where(
			and(
				eq(customers.active, true),
				sql`(${customers.businessName} ilike ${pattern} or ${customers.code} ilike ${pattern} or ${customers.vatNumber} like ${pattern})`
			)
		)
		.orderBy(asc(customers.businessName))
		.limit(limit);
}

export async function findCustomerOption(db: Db, id: string) {
	const rows = await db
		.select({ id: customers.id, code: customers.code, businessName: customers.businessName, vatNumber: customers.vatNumber, province: customers.province })
		.from(customers)
		.where(eq(customers.id, id))
		.limit(1);
	return rows[0] ?? null;
}

export type ContractFilter = {
	q?: string;
	status?: ContractStatus;
	periodicity?: ContractRow['periodicity'];
	customerId?: string;
	/** Contracts in force whose last term ends between `today` and `endsBy`. */
	expiring?: { today: string; endsBy: string };
	/** Covered units counted on this day. */
	today: string;
};

// The last term is the contract's current end; renewals append, so it is the highest term_no.
const lastTermJoin = and(
	eq(contractTerms.contractId, contracts.id),
	sql`${contractTerms.termNo} = (select max(t2.term_no) from contract_terms t2 where t2.contract_id = ${contracts.id})`
);

function filterConditions(filter: ContractFilter): SQL | undefined {
	const conditions: SQL[] = [];
	if (filter.q) {
		const pattern = likePattern(filter.q);
		conditions.push(sql`(${contracts.number} like ${pattern} or ${customers.businessName} ilike ${pattern} or ${customers.code} ilike ${pattern})`);
	}
	if (filter.status) conditions.push(eq(contracts.status, filter.status));
	if (filter.periodicity) conditions.push(eq(contracts.periodicity, filter.periodicity));
	if (filter.customerId) conditions.push(eq(contracts.customerId, filter.customerId));
	if (filter.expiring) {
		conditions.push(sql`${contracts.status} in ('active', 'suspended')`);
		conditions.push(sql`${contractTerms.endsOn} between ${filter.expiring.today} and ${filter.expiring.endsBy}`);
	}
	return conditions.length ? and(...conditions) : undefined;
}

export async function listContracts(db: Db, filter: ContractFilter, page: { limit: number; offset: number }) {
	const where = filterConditions(filter);
	const rows = await db
		.select({
			id: contracts.id,
			number: contracts.number,
			status: contracts.status,
			periodicity: contracts.periodicity,
			billingTiming: contracts.billingTiming,
			feePerPeriodCents: contracts.feePerPeriodCents,
			autoRenew: contracts.autoRenew,
			renewalTermMonths: contracts.renewalTermMonths,
			noticeDays: contracts.noticeDays,
			customerId: customers.id,
			customerCode: customers.code,
			customerName: customers.businessName,
			slaLevelId: slaLevels.id,
			slaLevelCode: slaLevels.code,
			slaLevelName: slaLevels.name,
			termNo: contractTerms.termNo,
			startsOn: contractTerms.startsOn,
			endsOn: contractTerms.endsOn,
			firstStartsOn: sql<string>`(select min(t3.starts_on)::text from contract_terms t3 where t3.contract_id = ${contracts.id})`,
			coveredUnits: sql<number>`(select count(*)::int from contract_equipment ce where ce.contract_id = ${contracts.id} and ce.from_date <= ${filter.today} and (ce.to_date is null or ce.to_date >= ${filter.today}))`
		})
		.from(contracts)
		.innerJoin(customers, eq(customers.id, contracts.customerId))
		.innerJoin(slaLevels, eq(slaLevels.id, contracts.slaLevelId))
		.leftJoin(contractTerms, lastTermJoin)
		.where(where)
		.orderBy(desc(contracts.number))
		.limit(page.limit)
		.offset(page.offset);
	return rows;
}

export async function countContracts(db: Db, filter: ContractFilter): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(contracts)
		.innerJoin(customers, eq(customers.id, contracts.customerId))
		.leftJoin(contractTerms, lastTermJoin)
		.where(filterConditions(filter));
	return row.n;
}

export type ListedContract = Awaited<ReturnType<typeof listContracts>>[number];

/** Contracts in force whose last term has ended (expiry) or ends by `today` (auto-renewal). */
export async function contractsDueForRenewal(db: Db, today: string): Promise<string[]> {
	const rows = await db
		.select({ id: contracts.id })
		.from(contracts)
		.innerJoin(contractTerms, lastTermJoin)
		.where(
			and(
				sql`${contracts.status} in ('active', 'suspended')`,
				sql`((${contracts.autoRenew} and ${contractTerms.endsOn} <= ${today}) or (not ${contracts.autoRenew} and ${contractTerms.endsOn} < ${today}))`
			)
		)
		.orderBy(asc(contracts.number));
	return rows.map((r) => r.id);
}

export async function countCoveredUnits(db: Db, contractId: string): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(contractEquipment).where(eq(contractEquipment.contractId, contractId));
	return row.n;
}
