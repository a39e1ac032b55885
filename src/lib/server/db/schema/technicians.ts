import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, smallint, text, time, timestamp, uuid } from 'drizzle-orm/pg-core';
import { pointColumn } from '../geo-types';
import { users } from './auth';

export const skills = pgTable('skills', {
	code: text().primaryKey(),
	nameIt: text().notNull(),
	nameEn: text().notNull()
});

export const technicians = pgTable(
	'technicians',
	{
		id: uuid().primaryKey(),
		userId: uuid()
			.unique()
			.references(() => users.id, { onDelete: 'set null' }),
		code: text().notNull().unique(),
		name: text().notNull(),
		team: text(),
		homeBase: pointColumn().notNull(),
		homeComuneName: text(),
		costPerHourCents: integer().notNull().default(0),
		/** Id a vehicle GPS tracker (OsmAnd/Traccar protocol) reports as `id`; maps it to this technician. */
		trackerDeviceId: text().unique(),
		active: boolean().notNull().default(true),
		/**
		 * Derived from technician_skills by triggers (drizzle/0014): "code:level" for every level up
		 * to the one held ("hvac:1", "hvac:2" for level 2), so "holds hvac at level ≥ 2" is
		 * `skill_tokens @> '{hvac:2}'`, checked on the row the nearest-first scan is already reading.
		 */
		skillTokens: text().array().notNull().default(sql`'{}'::text[]`),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('technicians_home_base_geog_idx').using('gist', sql`(${t.homeBase}::geography)`)]
);

export const technicianSkills = pgTable(
	'technician_skills',
	{
		technicianId: uuid()
			.notNull()
			.references(() => technicians.id, { onDelete: 'cascade' }),
		skillCode: text()
			.notNull()
			.references(() => skills.code, { onDelete: 'restrict' }),
		level: smallint().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.technicianId, t.skillCode] }),
		// Who holds a skill (at a level): the candidates' filter-first path for rare skill combinations.
		index().on(t.skillCode, t.level, t.technicianId),
		check('technician_skills_level_range', sql`${t.level} between 1 and 3`)
	]
);

/**
 * Weekly shift pattern: one row per working segment; a break is the gap between two segments of
 * the same weekday (e.g. 08:00-12:30 and 13:30-17:00). Weekday is ISO (1 = Monday ... 7 = Sunday).
 * Times are wall-clock in Europe/Rome.
 */
export const technicianShifts = pgTable(
	'technician_shifts',
	{
		id: uuid().primaryKey(),
		technicianId: uuid()
			.notNull()
			.references(() => technicians.id, { onDelete: 'cascade' }),
		weekday: smallint().notNull(),
		startsAt: time().notNull(),
		endsAt: time().notNull()
	},
	(t) => [
		index().on(t.technicianId, t.weekday),
		check('technician_shifts_weekday_range', sql`${t.weekday} between 1 and 7`),
		check('technician_shifts_order', sql`${t.startsAt} < ${t.endsAt}`)
	]
);
