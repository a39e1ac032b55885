import { bigint, date, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { calls } from './calls';
import { technicians } from './technicians';
import { bytea } from '../bytea';

export const ASSIGNMENT_STATUSES = ['planned', 'confirmed'] as const;
export const assignmentStatusEnum = pgEnum('assignment_status', ASSIGNMENT_STATUSES);

/**
 * Read model of the board: rows projected from the day docs in the same transaction that stores
 * each update. Technicians' views, availability, nearest-technician and reports read these.
 */
export const assignments = pgTable(
	'assignments',
	{
		id: uuid().primaryKey(),
		day: date({ mode: 'string' }).notNull(),
		callId: uuid()
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		technicianId: uuid()
			.notNull()
			.references(() => technicians.id, { onDelete: 'cascade' }),
		startsAt: timestamp({ withTimezone: true }).notNull(),
		endsAt: timestamp({ withTimezone: true }).notNull(),
		status: assignmentStatusEnum().notNull(),
		note: text(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.day), index().on(t.technicianId, t.startsAt), index().on(t.callId)]
);

export const unavailability = pgTable(
	'unavailability',
	{
		id: uuid().primaryKey(),
		day: date({ mode: 'string' }).notNull(),
		technicianId: uuid()
			.notNull()
			.references(() => technicians.id, { onDelete: 'cascade' }),
		startsAt: timestamp({ withTimezone: true }).notNull(),
		endsAt: timestamp({ withTimezone: true }).notNull(),
		reason: text().notNull(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.day), index().on(t.technicianId, t.startsAt)]
);

/**
 * A compacted doc state. Loading replays every update row still in the log on top of it, not only
 * ids > upToUpdateId: ids are taken before commit, so a late commit can carry a lower id than
 * rows already compacted (see realtime/yjs-compaction.ts). upToUpdateId records where compaction stopped.
 */
export const yjsSnapshots = pgTable('yjs_snapshots', {
	docName: text().primaryKey(),
	state: bytea().notNull(),
	upToUpdateId: bigint({ mode: 'number' }).notNull(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});
