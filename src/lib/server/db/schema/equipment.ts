import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	date,
	index,
	integer,
	jsonb,
	numeric,
	pgEnum,
	pgTable,
	text,
	timestamp,
	unique,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { sites } from './customers';

export const EQUIPMENT_CATEGORIES = ['copier_mono', 'copier_colour', 'printer', 'hvac', 'lift', 'other'] as const;
export const equipmentCategoryEnum = pgEnum('equipment_category', EQUIPMENT_CATEGORIES);

export const EQUIPMENT_STATUSES = ['active', 'under_repair', 'standby', 'decommissioned'] as const;
export const equipmentStatusEnum = pgEnum('equipment_status', EQUIPMENT_STATUSES);

export const ATTRIBUTE_TYPES = ['text', 'integer', 'decimal', 'boolean', 'date', 'choice'] as const;
export const attributeTypeEnum = pgEnum('attribute_type', ATTRIBUTE_TYPES);

/** Kinds of counter a unit can have (mono copies, colour copies, scans, running hours...). */
export const meterTypes = pgTable('meter_types', {
	code: text().primaryKey(),
	nameIt: text().notNull(),
	nameEn: text().notNull(),
	unitIt: text().notNull(),
	unitEn: text().notNull()
});

export const equipmentModels = pgTable(
	'equipment_models',
	{
		id: uuid().primaryKey(),
		brand: text().notNull(),
		model: text().notNull(),
		family: text(),
		category: equipmentCategoryEnum().notNull(),
		/** Meter type codes every unit of this model has. */
		meterTypes: text().array().notNull().default(sql`'{}'::text[]`),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique().on(t.brand, t.model), index().on(t.category)]
);

/** Admin-defined classification attributes per category (e.g. tonnage for lifts). */
export const attributeDefinitions = pgTable(
	'attribute_definitions',
	{
		id: uuid().primaryKey(),
		category: equipmentCategoryEnum().notNull(),
		code: text().notNull(),
		labelIt: text().notNull(),
		labelEn: text().notNull(),
		type: attributeTypeEnum().notNull(),
		required: boolean().notNull().default(false),
		minValue: numeric({ precision: 14, scale: 4 }),
		maxValue: numeric({ precision: 14, scale: 4 }),
		choices: text().array(),
		unit: text(),
		sortOrder: integer().notNull().default(0)
	},
	(t) => [unique().on(t.category, t.code)]
);

export const equipment = pgTable(
	'equipment',
	{
		id: uuid().primaryKey(),
		modelId: uuid()
			.notNull()
			.references(() => equipmentModels.id, { onDelete: 'restrict' }),
		/** Copied from the model so "serial unique per brand" is one index, not a join. */
		brand: text().notNull(),
		serialNumber: text().notNull(),
		/** Upper case, no spaces or dashes: what people type when they search a serial. */
		serialKey: text().notNull(),
		siteId: uuid()
			.notNull()
			.references(() => sites.id, { onDelete: 'restrict' }),
		status: equipmentStatusEnum().notNull().default('active'),
		installDate: date({ mode: 'string' }),
		warrantyEnd: date({ mode: 'string' }),
		attributes: jsonb().$type<Record<string, string | number | boolean>>().notNull().default({}),
		notes: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('equipment_brand_serial_key_uq').on(t.brand, t.serialKey),
		index('equipment_serial_key_prefix_idx').on(t.serialKey.op('text_pattern_ops')),
		index('equipment_serial_key_trgm_idx').using('gin', t.serialKey.op('gin_trgm_ops')),
		index().on(t.siteId),
		index().on(t.modelId),
		index().on(t.status)
	]
);

/** Where a unit stood and when: a move closes one row and opens the next. */
export const equipmentSiteHistory = pgTable(
	'equipment_site_history',
	{
		id: uuid().primaryKey(),
		equipmentId: uuid()
			.notNull()
			.references(() => equipment.id, { onDelete: 'cascade' }),
		siteId: uuid()
			.notNull()
			.references(() => sites.id, { onDelete: 'restrict' }),
		fromAt: timestamp({ withTimezone: true }).notNull(),
		toAt: timestamp({ withTimezone: true }),
		reason: text(),
		movedBy: uuid().references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index().on(t.equipmentId, t.fromAt)]
);

export const meters = pgTable(
	'meters',
	{
		id: uuid().primaryKey(),
		equipmentId: uuid()
			.notNull()
			.references(() => equipment.id, { onDelete: 'cascade' }),
		meterType: text()
			.notNull()
			.references(() => meterTypes.code, { onDelete: 'restrict' }),
		/** Highest value before the counter wraps to zero, when known. */
		maxValue: bigint({ mode: 'number' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique().on(t.equipmentId, t.meterType)]
);

export const READING_SOURCES = ['technician', 'customer', 'remote', 'estimated'] as const;
export const readingSourceEnum = pgEnum('reading_source', READING_SOURCES);
/** normal; rollover (the counter wrapped); replacement (new meter; old one's final value kept); correction (replaces an earlier reading). */
export const READING_KINDS = ['normal', 'rollover', 'replacement', 'correction'] as const;
export const readingKindEnum = pgEnum('reading_kind', READING_KINDS);
export const READING_STATUSES = ['accepted', 'review', 'rejected'] as const;
export const readingStatusEnum = pgEnum('reading_status', READING_STATUSES);

/** Readings are never edited or deleted; a correction is a new row pointing at the old one. */
export const meterReadings = pgTable(
	'meter_readings',
	{
		id: uuid().primaryKey(),
		meterId: uuid()
			.notNull()
			.references(() => meters.id, { onDelete: 'cascade' }),
		value: bigint({ mode: 'number' }).notNull(),
		readAt: timestamp({ withTimezone: true }).notNull(),
		source: readingSourceEnum().notNull(),
		kind: readingKindEnum().notNull().default('normal'),
		/** For a replacement: the old meter's final value. */
		previousMeterFinalValue: bigint({ mode: 'number' }),
		validForBilling: boolean().notNull().default(true),
		status: readingStatusEnum().notNull().default('accepted'),
		reviewReason: text(),
		correctsReadingId: uuid(),
		reason: text(),
		enteredBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		apiKeyId: uuid(),
		/** Idempotency key from remote collectors: the same reading sent twice is stored once. */
		clientId: text(),
		reviewedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		reviewedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.meterId, t.readAt),
		index().on(t.status),
		uniqueIndex('meter_readings_client_uq').on(t.apiKeyId, t.clientId)
	]
);
