import { bigserial, boolean, index, inet, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '../../../domain/permissions';

export const roleEnum = pgEnum('role', ROLES);
export const localeEnum = pgEnum('locale', ['it', 'en']);

export const users = pgTable(
	'users',
	{
		id: uuid().primaryKey(),
		email: text().notNull().unique(),
		name: text().notNull(),
		role: roleEnum().notNull(),
		passwordHash: text().notNull(),
		locale: localeEnum().notNull().default('it'),
		active: boolean().notNull().default(true),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.role)]
);

/** Only the SHA-256 of the session token is stored, so a database leak yields no usable sessions. */
export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		lastSeenAt: timestamp({ withTimezone: true }).notNull(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		userAgent: text(),
		ip: inet()
	},
	(t) => [index().on(t.userId), index().on(t.expiresAt)]
);

export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		actorUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
		action: text().notNull(),
		subject: text(),
		ip: inet(),
		details: jsonb().$type<Record<string, unknown>>()
	},
	(t) => [index().on(t.at), index().on(t.action, t.subject), index().on(t.actorUserId)]
);

/** Key/value facts about this installation, e.g. which seed created it. */
export const appMeta = pgTable('app_meta', {
	key: text().primaryKey(),
	value: text().notNull(),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});
