import { sql } from 'drizzle-orm';
import { boolean, char, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { pointColumn } from '../geo-types';

/** Customers as Italian invoicing needs them; issue "installed base" extends this table. */
export const customers = pgTable(
	'customers',
	{
		id: uuid().primaryKey(),
		code: text().notNull().unique(),
		businessName: text().notNull(),
		vatNumber: char({ length: 11 }).unique(),
		fiscalCode: text(),
		sdiCode: char({ length: 7 }),
		pec: text(),
		address: text().notNull(),
		cap: char({ length: 5 }),
		comuneIstat: char({ length: 6 }),
		comuneName: text(),
		province: char({ length: 2 }),
		paymentTermsDays: integer().notNull().default(30),
		email: text(),
		phone: text(),
		notes: text(),
		active: boolean().notNull().default(true),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.businessName),
		index().on(t.province),
		index('customers_business_name_trgm_idx').using('gin', t.businessName.op('gin_trgm_ops'))
	]
);

export const sites = pgTable(
	'sites',
	{
		id: uuid().primaryKey(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id, { onDelete: 'restrict' }),
		name: text().notNull(),
		address: text().notNull(),
		cap: char({ length: 5 }),
		comuneIstat: char({ length: 6 }).notNull(),
		comuneName: text().notNull(),
		province: char({ length: 2 }).notNull(),
		regionCode: char({ length: 2 }).notNull(),
		location: pointColumn().notNull(),
		accessNotes: text(),
		openingHours: text(),
		active: boolean().notNull().default(true),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.customerId),
		index().on(t.province),
		index().on(t.regionCode),
		index('sites_comune_name_trgm_idx').using('gin', t.comuneName.op('gin_trgm_ops')),
		index('sites_location_geog_idx').using('gist', sql`(${t.location}::geography)`)
	]
);

/** People to call: a customer's (siteId null) or a site's. */
export const contacts = pgTable(
	'contacts',
	{
		id: uuid().primaryKey(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id, { onDelete: 'cascade' }),
		siteId: uuid().references(() => sites.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		role: text(),
		phone: text(),
		email: text(),
		notes: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.customerId), index().on(t.siteId)]
);
