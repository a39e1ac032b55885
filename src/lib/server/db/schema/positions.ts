import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { pointColumn } from '../geo-types';
import { technicians } from './technicians';

export const POSITION_SOURCES = ['phone', 'vehicle', 'home_base'] as const;
export type PositionSource = (typeof POSITION_SOURCES)[number];
export const positionSourceEnum = pgEnum('position_source', POSITION_SOURCES);

/** The latest known position of each technician; nearest-first ranking reads this (GiST). */
export const technicianPositions = pgTable(
	'technician_positions',
	{
		technicianId: uuid()
			.primaryKey()
			.references(() => technicians.id, { onDelete: 'cascade' }),
		location: pointColumn().notNull(),
		accuracyMeters: real(),
		headingDegrees: real(),
		speedMps: real(),
		source: positionSourceEnum().notNull(),
		recordedAt: timestamp({ withTimezone: true }).notNull(),
		receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** The technician's skill tokens (see technicians.skillTokens), copied by triggers (drizzle/0014). */
		skillTokens: text().array().notNull().default(sql`'{}'::text[]`)
	},
	(t) => [
		index('technician_positions_location_geog_idx').using('gist', sql`(${t.location}::geography)`),
		index().on(t.recordedAt)
	]
);

/**
 * Every position received. The migration makes this table PARTITION BY RANGE (recorded_at) with
 * one partition per day (created ahead and dropped after the retention setting by a job), so the
 * primary key includes recorded_at.
 */
export const positionHistory = pgTable(
	'position_history',
	{
		technicianId: uuid()
			.notNull()
			.references(() => technicians.id, { onDelete: 'cascade' }),
		recordedAt: timestamp({ withTimezone: true }).notNull(),
		location: pointColumn().notNull(),
		accuracyMeters: real(),
		headingDegrees: real(),
		speedMps: real(),
		source: positionSourceEnum().notNull(),
		receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.technicianId, t.recordedAt] })]
);
