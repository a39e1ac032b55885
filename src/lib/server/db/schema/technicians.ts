import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
		active: boolean().notNull().default(true),
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
		check('technician_skills_level_range', sql`${t.level} between 1 and 3`)
	]
);
