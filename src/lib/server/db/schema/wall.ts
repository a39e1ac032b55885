import { integer, pgTable, smallint, text, timestamp, uuid, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './auth';

/**
 * Wall screens (kiosk TVs): an admin creates one, the URL /wall/<token> is shown once, and only
 * the token's SHA-256 is kept. Revoking sets revokedAt; the token stops working at once.
 */
export const wallScreens = pgTable('wall_screens', {
	id: uuid().primaryKey(),
	name: text().notNull(),
	tokenHash: text().notNull().unique(),
	/** Areas the screen cycles through (empty: the whole map, no rotation). */
	areaIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
	rotateSeconds: integer(),
	createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	lastSeenAt: timestamp({ withTimezone: true }),
	revokedAt: timestamp({ withTimezone: true })
});

/** Map settings, one row (id 1): the warning window that makes a call "due soon". */
export const mapSettings = pgTable(
	'map_settings',
	{
		id: smallint().primaryKey().default(1),
		warningMinutes: integer().notNull().default(120),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('map_settings_single_row', sql`${t.id} = 1`), check('map_settings_warning_range', sql`${t.warningMinutes} between 5 and 1440`)]
);
