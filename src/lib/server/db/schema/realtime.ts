import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { bytea } from '../bytea';

/** Append-only log of accepted Yjs updates per document; replayed in id order to rebuild a doc. */
export const yjsUpdates = pgTable(
	'yjs_updates',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		docName: text().notNull(),
		update: bytea().notNull(),
		userId: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.docName, t.id)]
);
