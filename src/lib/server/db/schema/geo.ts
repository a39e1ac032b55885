import { sql } from 'drizzle-orm';
import { char, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { pointColumn } from '../geo-types';

/** Italian comuni (ISTAT), loaded from data/geo/comuni.json by the migrate step; reference data. */
export const comuni = pgTable(
	'comuni',
	{
		istat: char({ length: 6 }).primaryKey(),
		name: text().notNull(),
		province: char({ length: 2 }).notNull(),
		regionCode: char({ length: 2 }).notNull(),
		/** Space-separated CAPs; the first is the main one. */
		caps: text().notNull(),
		location: pointColumn().notNull(),
		population: integer().notNull()
	},
	(t) => [
		index().on(t.province),
		index().on(t.regionCode),
		index('comuni_name_lower_idx').on(sql`lower(${t.name}) text_pattern_ops`)
	]
);
