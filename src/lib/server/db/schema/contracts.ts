import {
	bigint,
	boolean,
	char,
	date,
	index,
	integer,
	jsonb,
	numeric,
	pgEnum,
	pgTable,
	primaryKey,
	smallint,
	text,
	time,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { customers } from './customers';
import { equipment, meterTypes } from './equipment';

export const PRIORITIES = ['low', 'medium', 'high'] as const;
export const priorityEnum = pgEnum('priority', PRIORITIES);

/** Weekly hours: ISO weekday (1 = Monday) -> list of [start, end] "HH:MM" intervals. */
export type WeeklyHours = Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<[string, string]>>;

export const PATRON_SCOPES = ['comune', 'province', 'none'] as const;
export const patronScopeEnum = pgEnum('patron_scope', PATRON_SCOPES);

export const businessCalendars = pgTable('business_calendars', {
	id: uuid().primaryKey(),
	name: text().notNull().unique(),
	timeZone: text().notNull().default('Europe/Rome'),
	weeklyHours: jsonb().$type<WeeklyHours>().notNull(),
	/** A call opened after this local time starts its clock on the next working day. */
	cutoffTime: time(),
	nationalHolidays: boolean().notNull().default(true),
	/** Whose patron saint's day closes the calendar: the site's comune, its province, or nobody's. */
	patronScope: patronScopeEnum().notNull().default('comune'),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

export const calendarClosures = pgTable(
	'calendar_closures',
	{
		id: uuid().primaryKey(),
		calendarId: uuid()
			.notNull()
			.references(() => businessCalendars.id, { onDelete: 'cascade' }),
		day: date({ mode: 'string' }).notNull(),
		name: text().notNull()
	},
	(t) => [unique().on(t.calendarId, t.day)]
);

/** Patron saints' days, by comune (ISTAT) or by province (sigla). Reference data. */
export const patronDays = pgTable(
	'patron_days',
	{
		id: uuid().primaryKey(),
		comuneIstat: char({ length: 6 }),
		province: char({ length: 2 }),
		month: smallint().notNull(),
		day: smallint().notNull(),
		name: text().notNull()
	},
	(t) => [index().on(t.comuneIstat), index().on(t.province)]
);

export const slaLevels = pgTable('sla_levels', {
	id: uuid().primaryKey(),
	code: text().notNull().unique(),
	name: text().notNull(),
	calendarId: uuid()
		.notNull()
		.references(() => businessCalendars.id, { onDelete: 'restrict' }),
	/** Used for calls of customers without a contract. Exactly one level should be default. */
	isDefault: boolean().notNull().default(false),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/** Targets in business minutes of the level's calendar, per call priority. */
export const slaTargets = pgTable(
	'sla_targets',
	{
		slaLevelId: uuid()
			.notNull()
			.references(() => slaLevels.id, { onDelete: 'cascade' }),
		priority: priorityEnum().notNull(),
		acknowledgeMinutes: integer().notNull(),
		onsiteMinutes: integer().notNull(),
		resolutionMinutes: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.slaLevelId, t.priority] })]
);

export const PERIODICITIES = ['monthly', 'bimonthly', 'quarterly', 'annual'] as const;
export const periodicityEnum = pgEnum('periodicity', PERIODICITIES);
export const BILLING_TIMINGS = ['advance', 'arrears'] as const;
export const billingTimingEnum = pgEnum('billing_timing', BILLING_TIMINGS);
export const CONTRACT_STATUSES = ['draft', 'active', 'suspended', 'expired', 'terminated'] as const;
export const contractStatusEnum = pgEnum('contract_status', CONTRACT_STATUSES);

export const contracts = pgTable(
	'contracts',
	{
		id: uuid().primaryKey(),
		/** Human number, e.g. 2026/000123. */
		number: text().notNull().unique(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id, { onDelete: 'restrict' }),
		status: contractStatusEnum().notNull().default('draft'),
		periodicity: periodicityEnum().notNull(),
		billingTiming: billingTimingEnum().notNull().default('advance'),
		/** Canone per period, in euro cents. */
		feePerPeriodCents: bigint({ mode: 'number' }).notNull().default(0),
		slaLevelId: uuid()
			.notNull()
			.references(() => slaLevels.id, { onDelete: 'restrict' }),
		autoRenew: boolean().notNull().default(false),
		renewalTermMonths: integer().notNull().default(12),
		noticeDays: integer().notNull().default(90),
		notes: text(),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.customerId), index().on(t.status)]
);

/** Each term of a contract; a renewal appends the next term and never edits the earlier ones. */
export const contractTerms = pgTable(
	'contract_terms',
	{
		id: uuid().primaryKey(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		termNo: integer().notNull(),
		startsOn: date({ mode: 'string' }).notNull(),
		/** Inclusive last day. */
		endsOn: date({ mode: 'string' }).notNull(),
		renewedAutomatically: boolean().notNull().default(false),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique().on(t.contractId, t.termNo), index().on(t.endsOn)]
);

/** Units covered by a contract, with effective dates (toDate inclusive; null = open-ended). */
export const contractEquipment = pgTable(
	'contract_equipment',
	{
		id: uuid().primaryKey(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		equipmentId: uuid()
			.notNull()
			.references(() => equipment.id, { onDelete: 'restrict' }),
		fromDate: date({ mode: 'string' }).notNull(),
		toDate: date({ mode: 'string' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.equipmentId), index().on(t.contractId)]
);

export const METER_POOLING = ['pooled', 'per_device'] as const;
export const meterPoolingEnum = pgEnum('meter_pooling', METER_POOLING);
/** graduated: each band at its own price; volume: every unit at the price of the band reached. */
export const TIER_MODES = ['graduated', 'volume'] as const;
export const tierModeEnum = pgEnum('tier_mode', TIER_MODES);

export const meterTerms = pgTable(
	'meter_terms',
	{
		id: uuid().primaryKey(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		meterType: text()
			.notNull()
			.references(() => meterTypes.code, { onDelete: 'restrict' }),
		includedPerPeriod: bigint({ mode: 'number' }).notNull().default(0),
		pooling: meterPoolingEnum().notNull().default('pooled'),
		tierMode: tierModeEnum().notNull().default('graduated'),
		minimumChargeCents: bigint({ mode: 'number' }).notNull().default(0),
		/** Price per unit above the included volume when no tier applies (EUR, 6 decimals). */
		unitPrice: numeric({ precision: 14, scale: 6 }).notNull()
	},
	(t) => [unique().on(t.contractId, t.meterType)]
);

/** Overage bands: from `fromUnits` (units above the included volume) the price is `unitPrice`. */
export const meterTermTiers = pgTable(
	'meter_term_tiers',
	{
		id: uuid().primaryKey(),
		meterTermId: uuid()
			.notNull()
			.references(() => meterTerms.id, { onDelete: 'cascade' }),
		fromUnits: bigint({ mode: 'number' }).notNull(),
		unitPrice: numeric({ precision: 14, scale: 6 }).notNull()
	},
	(t) => [unique().on(t.meterTermId, t.fromUnits)]
);
