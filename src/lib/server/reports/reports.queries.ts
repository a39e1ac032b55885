import { and, asc, desc, eq, isNull, isNotNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	appMeta,
	assignments,
	auditLog,
	callStatusHistory,
	calls,
	contacts,
	customers,
	equipment,
	equipmentModels,
	fieldReportMails,
	fieldReportParts,
	fieldReportPhotos,
	fieldReportReadings,
	fieldReports,
	meterReadings,
	meters,
	meterTypes,
	sites,
	technicians
} from '../db/schema';

export type NewReport = typeof fieldReports.$inferInsert;
export type ReportRow = typeof fieldReports.$inferSelect;

export async function findReportByClientId(db: Db, userId: string, clientId: string) {
	const rows = await db
		.select({ id: fieldReports.id, callId: fieldReports.callId, version: fieldReports.version, contentHash: fieldReports.contentHash })
		.from(fieldReports)
		.where(and(eq(fieldReports.submittedBy, userId), eq(fieldReports.clientId, clientId)))
		.limit(1);
	return rows[0] ?? null;
}

export async function technicianOfUser(db: Db, userId: string) {
	const rows = await db.select({ id: technicians.id, name: technicians.name }).from(technicians).where(eq(technicians.userId, userId)).limit(1);
	return rows[0] ?? null;
}

/** Whether the board plans this technician on this call (the read model of the day docs). */
export async function isAssigned(db: Db, callId: string, technicianId: string): Promise<boolean> {
	const rows = await db
		.select({ id: assignments.id })
		.from(assignments)
		.where(and(eq(assignments.callId, callId), eq(assignments.technicianId, technicianId)))
		.limit(1);
	return rows.length > 0;
}

/**
 * Whether this user has worked on the call as its technician: a status change, an accept, a
 * take or a report of theirs. Tells "the office took the call away from you" from "never yours".
 */
export async function workedOnCall(db: Db, callId: string, userId: string): Promise<boolean> {
	const rows = await db.execute<{ found: number }>(sql`
		select 1 as found from ${callStatusHistory} where ${callStatusHistory.callId} = ${callId} and ${callStatusHistory.byUser} = ${userId}
		union all
		select 1 from ${fieldReports} where ${fieldReports.callId} = ${callId} and ${fieldReports.submittedBy} = ${userId}
		union all
		select 1 from ${auditLog}
		where ${auditLog.actorUserId} = ${userId} and ${auditLog.subject} = ${callId} and ${auditLog.action} in ('field.accept', 'field.take', 'field.decline', 'call.status')
		limit 1
	`);
	return rows.length > 0;
}

/** Locks the call row: report versions and the status change are serialised per call. */
export async function lockCall(tx: Db, callId: string) {
	const rows = await tx
		.select({ id: calls.id, number: calls.number, status: calls.status, equipmentId: calls.equipmentId, siteId: calls.siteId, customerId: calls.customerId })
		.from(calls)
		.where(eq(calls.id, callId))
		.for('update')
		.limit(1);
	return rows[0] ?? null;
}

export async function latestReport(db: Db, callId: string) {
	const rows = await db
		.select({ id: fieldReports.id, version: fieldReports.version, technicianId: fieldReports.technicianId, technicianName: fieldReports.technicianName })
		.from(fieldReports)
		.where(eq(fieldReports.callId, callId))
		.orderBy(desc(fieldReports.version))
		.limit(1);
	return rows[0] ?? null;
}

export async function readingIdsOf(db: Db, reportId: string): Promise<string[]> {
	const rows = await db.select({ id: fieldReportReadings.readingId }).from(fieldReportReadings).where(eq(fieldReportReadings.reportId, reportId)).orderBy(asc(fieldReportReadings.line));
	return rows.map((r) => r.id);
}

export async function insertReport(
	tx: Db,
	report: NewReport,
	parts: Array<Omit<typeof fieldReportParts.$inferInsert, 'reportId'>>,
	photos: Array<Omit<typeof fieldReportPhotos.$inferInsert, 'reportId'>>,
	readingIds: string[],
	mail: { recipient: string | null }
): Promise<void> {
	await tx.insert(fieldReports).values(report);
	if (parts.length) await tx.insert(fieldReportParts).values(parts.map((p) => ({ ...p, reportId: report.id })));
	for (const p of photos) await tx.insert(fieldReportPhotos).values({ ...p, reportId: report.id });
	if (readingIds.length) await tx.insert(fieldReportReadings).values(readingIds.map((readingId, line) => ({ reportId: report.id, readingId, line })));
	await tx.insert(fieldReportMails).values({ reportId: report.id, recipient: mail.recipient, status: mail.recipient ? 'pending' : 'no_recipient' });
}

/** Where the PDF goes: a contact of the site with an email, else one of the customer, else the customer's email. */
export async function siteContactEmail(db: Db, siteId: string, customerId: string): Promise<string | null> {
	const rows = await db
		.select({ email: contacts.email })
		.from(contacts)
		.where(and(eq(contacts.customerId, customerId), or(eq(contacts.siteId, siteId), isNull(contacts.siteId)), isNotNull(contacts.email), sql`${contacts.email} <> ''`))
		.orderBy(sql`${contacts.siteId} is null`, asc(contacts.createdAt))
		.limit(1);
	if (rows[0]?.email) return rows[0].email;
	const [customer] = await db.select({ email: customers.email }).from(customers).where(eq(customers.id, customerId)).limit(1);
	return customer?.email || null;
}

/** Versions of a call's report, newest first, with the mail outcome; no binary columns. */
export async function listReports(db: Db, callId: string) {
	return db
		.select({
			id: fieldReports.id,
			version: fieldReports.version,
			supersedesId: fieldReports.supersedesId,
			correctionReason: fieldReports.correctionReason,
			technicianName: fieldReports.technicianName,
			signerName: fieldReports.signerName,
			outcome: fieldReports.outcome,
			arrivedAt: fieldReports.arrivedAt,
			departedAt: fieldReports.departedAt,
			contentHash: fieldReports.contentHash,
			createdAt: fieldReports.createdAt,
			mailStatus: fieldReportMails.status,
			mailRecipient: fieldReportMails.recipient,
			mailSentAt: fieldReportMails.sentAt,
			mailError: fieldReportMails.lastError
		})
		.from(fieldReports)
		.leftJoin(fieldReportMails, eq(fieldReportMails.reportId, fieldReports.id))
		.where(eq(fieldReports.callId, callId))
		.orderBy(desc(fieldReports.version));
}

export async function getReport(db: Db, reportId: string): Promise<ReportRow | null> {
	const rows = await db.select().from(fieldReports).where(eq(fieldReports.id, reportId)).limit(1);
	return rows[0] ?? null;
}

export async function partsOf(db: Db, reportId: string) {
	return db
		.select({ description: fieldReportParts.description, quantity: fieldReportParts.quantity, code: fieldReportParts.code })
		.from(fieldReportParts)
		.where(eq(fieldReportParts.reportId, reportId))
		.orderBy(asc(fieldReportParts.line));
}

export async function photosOf(db: Db, reportId: string) {
	return db
		.select({ contentType: fieldReportPhotos.contentType, bytes: fieldReportPhotos.bytes, sha256: fieldReportPhotos.sha256 })
		.from(fieldReportPhotos)
		.where(eq(fieldReportPhotos.reportId, reportId))
		.orderBy(asc(fieldReportPhotos.line));
}

export async function readingsOf(db: Db, reportId: string) {
	return db
		.select({
			id: meterReadings.id,
			meterType: meters.meterType,
			nameIt: meterTypes.nameIt,
			unitIt: meterTypes.unitIt,
			value: meterReadings.value,
			readAt: meterReadings.readAt,
			kind: meterReadings.kind,
			status: meterReadings.status
		})
		.from(fieldReportReadings)
		.innerJoin(meterReadings, eq(meterReadings.id, fieldReportReadings.readingId))
		.innerJoin(meters, eq(meters.id, meterReadings.meterId))
		.innerJoin(meterTypes, eq(meterTypes.code, meters.meterType))
		.where(eq(fieldReportReadings.reportId, reportId))
		.orderBy(asc(fieldReportReadings.line));
}

/** What the PDF header shows about the call. */
export async function callHeader(db: Db, callId: string) {
	const rows = await db
		.select({
			id: calls.id,
			number: calls.number,
			description: calls.description,
			customerName: customers.businessName,
			customerVat: customers.vatNumber,
			siteName: sites.name,
			siteAddress: sites.address,
			siteCap: sites.cap,
			siteComune: sites.comuneName,
			siteProvince: sites.province,
			serial: equipment.serialNumber,
			brand: equipmentModels.brand,
			model: equipmentModels.model
		})
		.from(calls)
		.innerJoin(customers, eq(customers.id, calls.customerId))
		.innerJoin(sites, eq(sites.id, calls.siteId))
		.leftJoin(equipment, eq(equipment.id, calls.equipmentId))
		.leftJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.where(eq(calls.id, callId))
		.limit(1);
	return rows[0] ?? null;
}

export async function getMail(db: Db, reportId: string) {
	const rows = await db.select().from(fieldReportMails).where(eq(fieldReportMails.reportId, reportId)).limit(1);
	return rows[0] ?? null;
}

export async function recordMailAttempt(db: Db, reportId: string, outcome: { ok: true; messageId: string | null } | { ok: false; error: string }): Promise<void> {
	await db
		.update(fieldReportMails)
		.set(
			outcome.ok
				? { status: 'sent', messageId: outcome.messageId, sentAt: new Date(), lastError: null, attempts: sql`${fieldReportMails.attempts} + 1`, updatedAt: new Date() }
				: { status: 'failed', lastError: outcome.error.slice(0, 1000), attempts: sql`${fieldReportMails.attempts} + 1`, updatedAt: new Date() }
		)
		.where(eq(fieldReportMails.reportId, reportId));
}

export async function metaValue(db: Db, key: string): Promise<string | null> {
	const rows = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, key)).limit(1);
	return rows[0]?.value ?? null;
}

export async function callStatusOf(db: Db, callId: string): Promise<string | null> {
	const rows = await db.select({ status: calls.status }).from(calls).where(eq(calls.id, callId)).limit(1);
	return rows[0]?.status ?? null;
}

/** The unit's meters with their latest counting value, for the phone form's hints. */
export async function metersWithLast(db: Db, equipmentId: string) {
	const rows = await db.execute<{ meter_type: string; name_it: string; name_en: string; unit_it: string; unit_en: string; last_value: number | null; last_at: Date | null }>(sql`
		select m.meter_type, t.name_it, t.name_en, t.unit_it, t.unit_en, last.value::float8 as last_value, last.read_at as last_at
		from meters m
		join meter_types t on t.code = m.meter_type
		left join lateral (
			select r.value, r.read_at from meter_readings r
			where r.meter_id = m.id and r.status = 'accepted'
			order by r.read_at desc limit 1
		) last on true
		where m.equipment_id = ${equipmentId}
		order by m.meter_type`);
	return rows.map((r) => ({ meterType: r.meter_type, nameIt: r.name_it, nameEn: r.name_en, unitIt: r.unit_it, unitEn: r.unit_en, lastValue: r.last_value, lastAt: r.last_at ? new Date(r.last_at) : null }));
}

/** When the technician last arrived on site (the call's history), to prefill the arrival time. */
export async function lastOnSiteAt(db: Db, callId: string): Promise<Date | null> {
	const rows = await db.execute<{ at: Date | null; device_at: Date | null }>(
		sql`select at, device_at from call_status_history where call_id = ${callId} and to_status = 'on_site' order by at desc limit 1`
	);
	const row = rows[0];
	if (!row) return null;
	return new Date(row.device_at ?? row.at!);
}

export async function equipmentOfCall(db: Db, callId: string): Promise<string | null> {
	const rows = await db.select({ equipmentId: calls.equipmentId }).from(calls).where(eq(calls.id, callId)).limit(1);
	return rows[0]?.equipmentId ?? null;
}
