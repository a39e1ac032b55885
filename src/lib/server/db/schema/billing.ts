import { sql } from 'drizzle-orm';
import { bigint, boolean, char, check, date, index, integer, jsonb, numeric, pgEnum, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { contracts } from './contracts';
import { customers } from './customers';
import { equipment } from './equipment';

/**
 * Billing: the company's own invoicing details, invoices built from contracts (fee per period and
 * cost per copy) and the gap-free numbering Italian law requires (one sequence per year).
 */

/** The company that issues the invoices (cedente/prestatore in FatturaPA). One row. */
export const companyProfile = pgTable(
	'company_profile',
	{
		id: smallint().primaryKey().default(1),
		businessName: text().notNull(),
		vatNumber: char({ length: 11 }).notNull(),
		fiscalCode: text(),
		/** FatturaPA RegimeFiscale: RF01 ordinary, RF19 flat rate, ... */
		regimeFiscale: text().notNull().default('RF01'),
		address: text().notNull(),
		cap: char({ length: 5 }).notNull(),
		comuneName: text().notNull(),
		province: char({ length: 2 }).notNull(),
		pec: text(),
		email: text(),
		phone: text(),
		iban: text(),
		/** Applied to contract lines: 22.00 is the ordinary Italian rate. */
		defaultVatRate: numeric({ precision: 5, scale: 2 }).notNull().default('22.00'),
		/** Days before this one were invoiced by the previous system: a period that began earlier is billed from here, prorated. */
		billingStartsOn: date({ mode: 'string' }).notNull(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('company_profile_single_row', sql`${t.id} = 1`)]
);

/** The last number given in each year: incremented inside the issuing transaction, so a failed issue leaves no gap. */
export const invoiceSequences = pgTable('invoice_sequences', {
	year: integer().primaryKey(),
	lastNumber: integer().notNull()
});

export const INVOICE_STATUSES = ['draft', 'issued'] as const;
export const invoiceStatusEnum = pgEnum('invoice_status', INVOICE_STATUSES);
export const INVOICE_LINE_KINDS = ['fee', 'meter'] as const;
export const invoiceLineKindEnum = pgEnum('invoice_line_kind', INVOICE_LINE_KINDS);

export const invoices = pgTable(
	'invoices',
	{
		id: uuid().primaryKey(),
		status: invoiceStatusEnum().notNull().default('draft'),
		/** FatturaPA TipoDocumento: TD01 invoice. */
		documentType: text().notNull().default('TD01'),
		customerId: uuid()
			.notNull()
			.references(() => customers.id, { onDelete: 'restrict' }),
		contractId: uuid().references(() => contracts.id, { onDelete: 'restrict' }),
		/** Set when issued: year, number within the year, "2026/000001". */
		year: integer(),
		sequence: integer(),
		number: text().unique(),
		issueDate: date({ mode: 'string' }),
		dueDate: date({ mode: 'string' }),
		taxableCents: bigint({ mode: 'number' }).notNull().default(0),
		vatCents: bigint({ mode: 'number' }).notNull().default(0),
		totalCents: bigint({ mode: 'number' }).notNull().default(0),
		/** Seller and buyer as they were when issued: a later change of address must not change an issued invoice. */
		sellerSnapshot: jsonb(),
		buyerSnapshot: jsonb(),
		/** Why a line could not be computed (e.g. no readings for a period), shown on the draft. */
		warnings: jsonb().$type<string[]>().notNull().default([]),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		issuedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		issuedAt: timestamp({ withTimezone: true })
	},
	(t) => [unique().on(t.year, t.sequence), index().on(t.customerId), index().on(t.status), index().on(t.contractId)]
);

export const invoiceLines = pgTable(
	'invoice_lines',
	{
		id: uuid().primaryKey(),
		invoiceId: uuid()
			.notNull()
			.references(() => invoices.id, { onDelete: 'cascade' }),
		lineNo: integer().notNull(),
		kind: invoiceLineKindEnum().notNull(),
		description: text().notNull(),
		quantity: numeric({ precision: 18, scale: 8 }).notNull(),
		unitPrice: numeric({ precision: 18, scale: 8 }).notNull(),
		vatRate: numeric({ precision: 5, scale: 2 }).notNull(),
		natura: text(),
		amountCents: bigint({ mode: 'number' }).notNull(),
		periodFrom: date({ mode: 'string' }),
		periodTo: date({ mode: 'string' }),
		/** What the line bills, so the same period is never billed twice (see the unique key). */
		contractId: uuid().references(() => contracts.id, { onDelete: 'restrict' }),
		meterType: text().notNull().default(''),
		equipmentId: uuid().references(() => equipment.id, { onDelete: 'restrict' }),
		/** Usage extrapolated past the readings: the back office checks it before issuing. */
		estimated: boolean().notNull().default(false)
	},
	(t) => [
		unique().on(t.invoiceId, t.lineNo),
		// One fee line per contract period, one usage charge per contract, meter type and period.
		// Meter lines of one charge (bands, devices) share the key, so only the first carries it.
		index().on(t.contractId, t.kind, t.meterType, t.periodFrom)
	]
);

/** Periods already billed: the key that makes a second run (or a concurrent one) bill nothing twice. */
export const billedPeriods = pgTable(
	'billed_periods',
	{
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'restrict' }),
		kind: invoiceLineKindEnum().notNull(),
		/** '' for the fee. */
		meterType: text().notNull().default(''),
		periodFrom: date({ mode: 'string' }).notNull(),
		periodTo: date({ mode: 'string' }).notNull(),
		invoiceId: uuid()
			.notNull()
			.references(() => invoices.id, { onDelete: 'cascade' })
	},
	(t) => [unique().on(t.contractId, t.kind, t.meterType, t.periodFrom), index().on(t.invoiceId)]
);
