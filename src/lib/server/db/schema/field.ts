import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

/**
 * Requests the technician app sends through its offline outbox, keyed by the client-generated id.
 * The first answer is stored so a replay (the phone lost the response, or retried after a
 * reconnection) gets the same answer and the change is applied exactly once. `httpStatus` is
 * null while the first attempt is still running.
 */
export const fieldRequests = pgTable(
	'field_requests',
	{
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		clientId: text().notNull(),
		kind: text().notNull(),
		httpStatus: integer(),
		response: jsonb(),
		deviceAt: timestamp({ withTimezone: true }),
		startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		completedAt: timestamp({ withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.userId, t.clientId] }), index().on(t.startedAt)]
);

/** A technician's consent to share the position from one device (a phone shared by two people keeps both answers). */
export const positionConsents = pgTable(
	'position_consents',
	{
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		deviceId: text().notNull(),
		granted: boolean().notNull(),
		changedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.deviceId] })]
);
