import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgEnum, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../bytea';
import { users } from './auth';
import { calls } from './calls';
import { meterReadings } from './equipment';
import { technicians } from './technicians';

export const REPORT_OUTCOMES = ['resolved', 'another_visit', 'needs_parts'] as const;
export const reportOutcomeEnum = pgEnum('report_outcome', REPORT_OUTCOMES);

/**
 * Intervention reports (rapportini). A row is never updated after insert:
 * a correction is a new row with the next version, the version it replaces and a reason, so
 * every signed version stays downloadable and its hash keeps matching its content.
 */
export const fieldReports = pgTable(
	'field_reports',
	{
		id: uuid().primaryKey(),
		callId: uuid()
			.notNull()
			.references(() => calls.id, { onDelete: 'restrict' }),
		version: integer().notNull(),
		supersedesId: uuid(),
		correctionReason: text(),
		/** Client-generated id from the technician app's outbox: a replay returns this row. */
		clientId: text().notNull(),
		submittedBy: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		technicianId: uuid().references(() => technicians.id, { onDelete: 'set null' }),
		technicianName: text().notNull(),
		arrivedAt: timestamp({ withTimezone: true }).notNull(),
		departedAt: timestamp({ withTimezone: true }).notNull(),
		workDone: text().notNull(),
		outcome: reportOutcomeEnum().notNull(),
		labourMinutes: integer().notNull(),
		travelMinutes: integer().notNull(),
		signerName: text().notNull(),
		/** PNG drawn with signature_pad on the phone. */
		customerSignature: bytea().notNull(),
		technicianSignature: bytea(),
		/** The canonical JSON the hash is computed over (photos and signatures as their SHA-256). */
		content: jsonb().$type<Record<string, unknown>>().notNull(),
		contentHash: text().notNull(),
		deviceAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('field_reports_call_version_uq').on(t.callId, t.version),
		unique('field_reports_client_uq').on(t.submittedBy, t.clientId),
		index().on(t.callId),
		check('field_reports_minutes', sql`${t.labourMinutes} >= 0 and ${t.travelMinutes} >= 0`),
		check('field_reports_times', sql`${t.departedAt} >= ${t.arrivedAt}`)
	]
);

export const fieldReportParts = pgTable(
	'field_report_parts',
	{
		reportId: uuid()
			.notNull()
			.references(() => fieldReports.id, { onDelete: 'cascade' }),
		line: smallint().notNull(),
		description: text().notNull(),
		quantity: numeric({ precision: 12, scale: 3 }).notNull(),
		code: text()
	},
	(t) => [unique().on(t.reportId, t.line)]
);

/** Readings taken during the visit: rows of meter_readings created with the report. */
export const fieldReportReadings = pgTable(
	'field_report_readings',
	{
		reportId: uuid()
			.notNull()
			.references(() => fieldReports.id, { onDelete: 'cascade' }),
		readingId: uuid()
			.notNull()
			.references(() => meterReadings.id, { onDelete: 'restrict' }),
		line: smallint().notNull()
	},
	(t) => [unique().on(t.reportId, t.line), index().on(t.readingId)]
);

/**
 * Photos as bytea: reports are evidence and must be backed up, replicated and deleted together
 * with the rest of the record, and web/worker processes keep no local state (N of each).
 */
export const fieldReportPhotos = pgTable(
	'field_report_photos',
	{
		reportId: uuid()
			.notNull()
			.references(() => fieldReports.id, { onDelete: 'cascade' }),
		line: smallint().notNull(),
		contentType: text().notNull(),
		bytes: bytea().notNull(),
		sha256: text().notNull()
	},
	(t) => [unique().on(t.reportId, t.line)]
);

export const REPORT_MAIL_STATUSES = ['pending', 'sent', 'failed', 'no_recipient'] as const;
export const reportMailStatusEnum = pgEnum('report_mail_status', REPORT_MAIL_STATUSES);

/** One delivery of a report version's PDF to the site contact; the job updates it per attempt. */
export const fieldReportMails = pgTable('field_report_mails', {
	reportId: uuid()
		.primaryKey()
		.references(() => fieldReports.id, { onDelete: 'cascade' }),
	recipient: text(),
	status: reportMailStatusEnum().notNull().default('pending'),
	attempts: integer().notNull().default(0),
	lastError: text(),
	messageId: text(),
	sentAt: timestamp({ withTimezone: true }),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});
