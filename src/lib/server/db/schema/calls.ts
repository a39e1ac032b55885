import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { CALL_STATUSES } from '../../../domain/call-lifecycle';
import { users } from './auth';
import { priorityEnum, contracts, slaLevels } from './contracts';
import { customers, sites } from './customers';
import { equipment } from './equipment';

export const CALL_TYPES = ['breakdown', 'scheduled_maintenance', 'installation', 'other'] as const;
export const callTypeEnum = pgEnum('call_type', CALL_TYPES);

export { CALL_STATUSES };
export const callStatusEnum = pgEnum('call_status', CALL_STATUSES);

/** Service calls (work orders). Human number per year: 2026/000123. */
export const calls = pgTable(
	'calls',
	{
		id: uuid().primaryKey(),
		number: text().notNull().unique(),
		year: integer().notNull(),
		seq: integer().notNull(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id, { onDelete: 'restrict' }),
		siteId: uuid()
			.notNull()
			.references(() => sites.id, { onDelete: 'restrict' }),
		equipmentId: uuid().references(() => equipment.id, { onDelete: 'restrict' }),
		contractId: uuid().references(() => contracts.id, { onDelete: 'set null' }),
		slaLevelId: uuid().references(() => slaLevels.id, { onDelete: 'set null' }),
		priority: priorityEnum().notNull(),
		type: callTypeEnum().notNull(),
		status: callStatusEnum().notNull().default('new'),
		description: text().notNull(),
		requiredSkills: text().array().notNull().default(sql`'{}'::text[]`),
		estimatedMinutes: integer().notNull().default(60),
		preferredFrom: timestamp({ withTimezone: true }),
		preferredTo: timestamp({ withTimezone: true }),
		contactName: text(),
		contactPhone: text(),
		acknowledgeDue: timestamp({ withTimezone: true }),
		onsiteDue: timestamp({ withTimezone: true }),
		resolutionDue: timestamp({ withTimezone: true }),
		acknowledgedAt: timestamp({ withTimezone: true }),
		acknowledgedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		statusReason: text(),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique().on(t.year, t.seq),
		index().on(t.status),
		index().on(t.customerId),
		index().on(t.siteId),
		index().on(t.equipmentId),
		index().on(t.onsiteDue)
	]
);

/** Every status change: who, when (server and, for technicians offline, device time), from, to, why. */
export const callStatusHistory = pgTable(
	'call_status_history',
	{
		id: uuid().primaryKey(),
		callId: uuid()
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		fromStatus: callStatusEnum(),
		toStatus: callStatusEnum().notNull(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		deviceAt: timestamp({ withTimezone: true }),
		byUser: uuid().references(() => users.id, { onDelete: 'set null' }),
		reason: text()
	},
	(t) => [index().on(t.callId, t.at)]
);
