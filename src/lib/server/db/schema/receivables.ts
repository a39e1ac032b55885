import { sql } from 'drizzle-orm';
import { bigint, check, date, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { customers } from './customers';

/**
 * Open items (partite aperte) kept by the customer's accounting package, or later by our own
 * billing: one row per instalment of a document. Each source (the CSV import, an integration)
 * replaces its own rows as a whole, so a paid item simply disappears from the next upload.
 * The customer flag "has overdue receivables" is derived from these rows, never stored.
 */
export const receivables = pgTable(
	'receivables',
	{
		id: uuid().primaryKey(),
		/** Who owns the row: 'csv' for the import page, an integration's own name for the API. */
		source: text().notNull(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id, { onDelete: 'cascade' }),
		documentNumber: text().notNull(),
		documentDate: date({ mode: 'string' }).notNull(),
		dueDate: date({ mode: 'string' }).notNull(),
		amountCents: bigint({ mode: 'number' }).notNull(),
		paidCents: bigint({ mode: 'number' }).notNull().default(0),
		importedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique().on(t.source, t.customerId, t.documentNumber, t.dueDate),
		index().on(t.customerId, t.dueDate),
		check('receivables_paid_range', sql`${t.paidCents} >= 0 and ${t.paidCents} <= ${t.amountCents}`),
		check('receivables_amount_positive', sql`${t.amountCents} > 0`)
	]
);
