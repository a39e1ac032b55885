import { and, asc, eq, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { calls, customers, receivables } from '../db/schema';

export type NewReceivableRow = typeof receivables.$inferInsert;

/** Replaces every row of one source with `rows` (callers run this inside their transaction). */
/**
 * One receivables write at a time: each compares the customers' flags before and after it, and two
 * at once (two sources) would each miss the other's flips, so nobody would be told.
 */
export async function lockReceivableWrites(tx: Db): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext('quadro.receivables.write'))`);
}

export async function replaceSource(tx: Db, source: string, rows: NewReceivableRow[]): Promise<{ deleted: number }> {
	const deleted = await tx.delete(receivables).where(eq(receivables.source, source)).returning({ id: receivables.id });
	for (let i = 0; i < rows.length; i += 1000) await tx.insert(receivables).values(rows.slice(i, i + 1000));
	return { deleted: deleted.length };
}

/**
 * Customers (of `customerIds`, or all when null) with at least one overdue item: due before
 * `today` (an item due today is not late yet) and not fully paid.
 */
export async function customersWithOverdue(db: Db, customerIds: string[] | null, today: string): Promise<Set<string>> {
	if (customerIds && customerIds.length === 0) return new Set();
	const rows = await db
		.selectDistinct({ customerId: receivables.customerId })
		.from(receivables)
		.where(
			and(
				lt(receivables.dueDate, today),
				sql`${receivables.paidCents} < ${receivables.amountCents}`,
				customerIds ? inArray(receivables.customerId, customerIds) : undefined
			)
		);
	return new Set(rows.map((r) => r.customerId));
}

export async function receivablesOfCustomer(db: Db, customerId: string) {
	return db
		.select({
			id: receivables.id,
			source: receivables.source,
			documentNumber: receivables.documentNumber,
			documentDate: receivables.documentDate,
			dueDate: receivables.dueDate,
			amountCents: receivables.amountCents,
			paidCents: receivables.paidCents
		})
		.from(receivables)
		.where(eq(receivables.customerId, customerId))
		.orderBy(asc(receivables.dueDate), asc(receivables.documentNumber));
}

/** Per source: how many rows, when last replaced, how much is still open. */
export async function sourceSummaries(db: Db) {
	return db
		.select({
			source: receivables.source,
			items: sql<number>`count(*)::int`,
			openCents: sql<number>`coalesce(sum(${receivables.amountCents} - ${receivables.paidCents}), 0)::bigint`,
			importedAt: sql<Date>`max(${receivables.importedAt})`
		})
		.from(receivables)
		.groupBy(receivables.source)
		.orderBy(asc(receivables.source));
}

/** Customers by code (any case), partita IVA or id: the references an accounting export may carry. */
export async function customersByReference(db: Db, refs: string[]) {
	if (refs.length === 0) return [];
	const upper = refs.map((r) => r.toUpperCase());
	const uuids = refs.filter((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(r));
	return db
		.select({ id: customers.id, code: customers.code, vatNumber: customers.vatNumber })
		.from(customers)
		.where(
			sql`upper(${customers.code}) in ${upper} or ${inArray(customers.vatNumber, refs)}${uuids.length ? sql` or ${inArray(customers.id, uuids)}` : sql``}`
		);
}

/** The customers one source has items for now. */
export async function customersOfSource(db: Db, source: string): Promise<string[]> {
	const rows = await db.selectDistinct({ customerId: receivables.customerId }).from(receivables).where(eq(receivables.source, source));
	return rows.map((r) => r.customerId);
}

/** Ids of the calls of these customers still open (the ones a map shows with the unpaid colour). */
export async function openCallsOfCustomers(db: Db, customerIds: string[]): Promise<string[]> {
	if (customerIds.length === 0) return [];
	const rows = await db
		.select({ id: calls.id })
		.from(calls)
		.where(and(inArray(calls.customerId, customerIds), notInArray(calls.status, ['cancelled', 'completed', 'closed'])));
	return rows.map((r) => r.id);
}
