import { and, asc, count, eq, ilike, inArray, like, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { comuni, customers } from '../db/schema';
import type { ListFilter } from './customer-input';

export type CustomerRow = typeof customers.$inferSelect;
export type NewCustomerRow = typeof customers.$inferInsert;

export function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export async function findCustomerById(db: Db, id: string): Promise<CustomerRow | null> {
	const rows = await db.select().from(customers).where(eq(customers.id, id)).limit(1);
	return rows[0] ?? null;
}

/** Another customer holding this P.IVA (or code), if any. */
export async function findCustomerByVat(db: Db, vatNumber: string, exceptId?: string): Promise<CustomerRow | null> {
	const rows = await db
		.select()
		.from(customers)
		.where(and(eq(customers.vatNumber, vatNumber), exceptId ? ne(customers.id, exceptId) : undefined))
		.limit(1);
	return rows[0] ?? null;
}

export async function findCustomerByCode(db: Db, code: string, exceptId?: string): Promise<CustomerRow | null> {
	const rows = await db
		.select()
		.from(customers)
		.where(and(eq(customers.code, code), exceptId ? ne(customers.id, exceptId) : undefined))
		.limit(1);
	return rows[0] ?? null;
}

export async function customersByCodesOrVat(db: Db, codes: string[], vatNumbers: string[]) {
	if (codes.length === 0 && vatNumbers.length === 0) return [];
	return db
		.select({ id: customers.id, code: customers.code, vatNumber: customers.vatNumber, businessName: customers.businessName })
		.from(customers)
		.where(or(codes.length ? inArray(customers.code, codes) : undefined, vatNumbers.length ? inArray(customers.vatNumber, vatNumbers) : undefined));
}

/** Serialises code allocation: two people creating customers at once must not get the same code. */
export async function lockCustomerCodes(tx: Db): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext('quadro.customers.code'))`);
}

/** The highest number among codes like C0042 (the demo's and ours), 0 when none. */
export async function highestCustomerNumber(db: Db): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`coalesce(max(substring(${customers.code} from 2)::int), 0)::int` })
		.from(customers)
		.where(sql`${customers.code} ~ '^C[0-9]{1,9}$'`);
	return row?.n ?? 0;
}

export async function insertCustomers(db: Db, rows: NewCustomerRow[]): Promise<void> {
	if (rows.length === 0) return;
	// PostgreSQL takes at most 65535 parameters per statement; a customer row has 17.
	for (let i = 0; i < rows.length; i += 1000) await db.insert(customers).values(rows.slice(i, i + 1000));
}

export async function updateCustomer(db: Db, id: string, changes: Partial<Omit<NewCustomerRow, 'id'>>): Promise<CustomerRow> {
	const [row] = await db
		.update(customers)
		.set({ ...changes, updatedAt: new Date() })
		.where(eq(customers.id, id))
		.returning();
	return row;
}

// Correlated subqueries spelled out: Drizzle leaves column names unqualified in single-table
// selects, and an unqualified "id" inside the subquery would bind to the inner table.
const hasActiveContract = sql<boolean>`exists (select 1 from contracts ct where ct.customer_id = "customers"."id" and ct.status = 'active')`;
const siteCount = sql<number>`(select count(*)::int from sites st where st.customer_id = "customers"."id")`;
const siteWhere = (condition: SQL) => sql`exists (select 1 from sites st where st.customer_id = "customers"."id" and ${condition})`;

/**
 * Search: business name or billing comune containing the text, a code or P.IVA starting with
 * it, or a site in a comune containing it. Province and region match the billing address or
 * any site, because a dispatcher filtering "TO" wants the Milan company with a plant in Turin.
 */
function listWhere(f: ListFilter): SQL | undefined {
	const conditions: (SQL | undefined)[] = [];
	if (f.q) {
		const contains = '%' + escapeLike(f.q) + '%';
		const compact = f.q.replace(/\s+/g, '').toUpperCase();
		conditions.push(
			or(
				ilike(customers.businessName, contains),
				ilike(customers.comuneName, contains),
				like(customers.code, escapeLike(compact) + '%'),
				/^(IT)?\d{2,11}$/.test(compact) ? like(customers.vatNumber, compact.replace(/^IT/, '') + '%') : undefined,
				compact.length === 16 ? eq(customers.fiscalCode, compact) : undefined,
				siteWhere(sql`st.comune_name ilike ${contains}`)
			)
		);
	}
	if (f.province) {
		conditions.push(
			or(
				eq(customers.province, f.province),
				siteWhere(sql`st.province = ${f.province}`)
			)
		);
	}
	if (f.region) {
		conditions.push(
			or(
				sql`exists (select 1 from comuni co where co.istat = "customers"."comune_istat" and co.region_code = ${f.region})`,
				siteWhere(sql`st.region_code = ${f.region}`)
			)
		);
	}
	if (f.active !== null) conditions.push(eq(customers.active, f.active));
	if (f.hasContract === true) conditions.push(hasActiveContract);
	if (f.hasContract === false) conditions.push(sql`not ${hasActiveContract}`);
	const present = conditions.filter((c): c is SQL => c !== undefined);
	return present.length ? and(...present) : undefined;
}

const listColumns = {
	id: customers.id,
	code: customers.code,
	businessName: customers.businessName,
	vatNumber: customers.vatNumber,
	fiscalCode: customers.fiscalCode,
	sdiCode: customers.sdiCode,
	pec: customers.pec,
	address: customers.address,
	cap: customers.cap,
	comuneIstat: customers.comuneIstat,
	comuneName: customers.comuneName,
	province: customers.province,
	email: customers.email,
	phone: customers.phone,
	paymentTermsDays: customers.paymentTermsDays,
	notes: customers.notes,
	active: customers.active,
	siteCount,
	hasContract: hasActiveContract
};
export type CustomerListRow = { [K in keyof typeof listColumns]: K extends 'siteCount' ? number : K extends 'hasContract' ? boolean : CustomerRow[K & keyof CustomerRow] };

export async function listCustomers(db: Db, filter: ListFilter, limit: number, offset: number): Promise<{ items: CustomerListRow[]; total: number }> {
	const where = listWhere(filter);
	const [items, [{ n }]] = await Promise.all([
		db.select(listColumns).from(customers).where(where).orderBy(asc(customers.businessName), asc(customers.id)).limit(limit).offset(offset),
		db.select({ n: count() }).from(customers).where(where)
	]);
	return { items: items as CustomerListRow[], total: n };
}

/** Region of the billing comune, for the detail page. */
export async function regionOfComune(db: Db, istat: string | null): Promise<string | null> {
	if (!istat) return null;
	const rows = await db.select({ r: comuni.regionCode }).from(comuni).where(eq(comuni.istat, istat)).limit(1);
	return rows[0]?.r ?? null;
}
