import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

/** Keys an admin issues per integration (e.g. a meter collector); only the SHA-256 is stored. */
export const apiKeys = pgTable(
	'api_keys',
	{
		id: uuid().primaryKey(),
		name: text().notNull(),
		/** First characters of the key, shown so admins can tell keys apart. */
		prefix: text().notNull(),
		hash: text().notNull().unique(),
		scopes: text().array().notNull(),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp({ withTimezone: true }),
		revokedAt: timestamp({ withTimezone: true })
	},
	(t) => [index().on(t.revokedAt)]
);
