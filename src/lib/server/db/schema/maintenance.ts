import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { calls } from './calls';
import { priorityEnum } from './contracts';
import { equipment, meters } from './equipment';

/**
 * Scheduled maintenance (its own module: plans link equipment, meters and the calls they
 * generate, and equipment's schema must not import calls', which already imports equipment's).
 */
export const MAINTENANCE_KINDS = ['interval', 'counter'] as const;
export const maintenanceKindEnum = pgEnum('maintenance_kind', MAINTENANCE_KINDS);

/**
 * One plan per job to repeat on one serial-numbered unit: every N months from an anchor date
 * (interval), or every N units of a meter counted from a baseline (counter).
 */
export const maintenancePlans = pgTable(
	'maintenance_plans',
	{
		id: uuid().primaryKey(),
		equipmentId: uuid()
			.notNull()
			.references(() => equipment.id, { onDelete: 'cascade' }),
		kind: maintenanceKindEnum().notNull(),
		description: text().notNull(),
		priority: priorityEnum().notNull().default('low'),
		estimatedMinutes: integer().notNull().default(60),
		active: boolean().notNull().default(true),
		/** interval: every N months from the anchor (the first due date); the call comes leadDays before. */
		everyMonths: integer(),
		anchorDate: date({ mode: 'string' }),
		leadDays: integer().notNull().default(7),
		/** counter: every N units of this meter since the baseline (value and the instant it held). */
		meterId: uuid().references(() => meters.id, { onDelete: 'restrict' }),
		everyUnits: bigint({ mode: 'number' }),
		baselineValue: bigint({ mode: 'number' }),
		baselineAt: timestamp({ withTimezone: true }),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.equipmentId),
		check(
			'maintenance_plans_kind_fields',
			sql`(${t.kind} = 'interval' and ${t.everyMonths} between 1 and 60 and ${t.anchorDate} is not null)
			 or (${t.kind} = 'counter' and ${t.meterId} is not null and ${t.everyUnits} > 0 and ${t.baselineValue} >= 0 and ${t.baselineAt} is not null)`
		),
		check('maintenance_plans_lead_days', sql`${t.leadDays} between 0 and 60`)
	]
);

/**
 * Each generated call, by occurrence number (interval: the k-th due date from the anchor,
 * starting at 0; counter: the k-th threshold, starting at 1). The unique key makes generation
 * idempotent however many runs race.
 */
export const maintenanceOccurrences = pgTable(
	'maintenance_occurrences',
	{
		id: uuid().primaryKey(),
		planId: uuid()
			.notNull()
			.references(() => maintenancePlans.id, { onDelete: 'cascade' }),
		occurrence: integer().notNull(),
		dueOn: date({ mode: 'string' }),
		/** Usage since the baseline at which this occurrence fell due (counter plans). */
		thresholdUsage: bigint({ mode: 'number' }),
		callId: uuid()
			.notNull()
			.references(() => calls.id, { onDelete: 'restrict' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique().on(t.planId, t.occurrence), index().on(t.callId)]
);
