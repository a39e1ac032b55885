import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import { apiKeys, customers, equipment, equipmentModels, meterReadings, meters, meterTypes, sites, users } from '../db/schema';

export type ReadingRow = typeof meterReadings.$inferSelect;
export type NewReadingRow = typeof meterReadings.$inferInsert;
export type MeterRow = { id: string; equipmentId: string; meterType: string; maxValue: number | null };

export async function findEquipmentHeader(db: Db, id: string) {
	const rows = await db
		.select({
			id: equipment.id,
			serialNumber: equipment.serialNumber,
			brand: equipment.brand,
			model: equipmentModels.model,
			category: equipmentModels.category,
			status: equipment.status,
			siteName: sites.name,
			customerName: customers.businessName
		})
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.where(eq(equipment.id, id))
		.limit(1);
	return rows[0] ?? null;
}

/** Units whose normalised serial is one of `keys` (serials are unique per brand, so a key may match several). */
export async function findEquipmentBySerialKeys(db: Db, keys: string[]) {
	if (keys.length === 0) return [];
	return db
		.select({ id: equipment.id, brand: equipment.brand, serialNumber: equipment.serialNumber, serialKey: equipment.serialKey })
		.from(equipment)
		.where(inArray(equipment.serialKey, keys));
}

export async function listMetersOf(db: Db, equipmentIds: string[]) {
	if (equipmentIds.length === 0) return [];
	return db
		.select({
			id: meters.id,
			equipmentId: meters.equipmentId,
			meterType: meters.meterType,
			maxValue: meters.maxValue,
			nameIt: meterTypes.nameIt,
			nameEn: meterTypes.nameEn,
			unitIt: meterTypes.unitIt,
			unitEn: meterTypes.unitEn
		})
		.from(meters)
		.innerJoin(meterTypes, eq(meterTypes.code, meters.meterType))
		.where(inArray(meters.equipmentId, equipmentIds))
		.orderBy(asc(meters.equipmentId), asc(meters.meterType));
}

/** Locks meters (in id order, so two imports never deadlock) for the rest of the transaction. */
export async function lockMeters(db: Db, ids: string[]): Promise<MeterRow[]> {
	if (ids.length === 0) return [];
	return db
		.select({ id: meters.id, equipmentId: meters.equipmentId, meterType: meters.meterType, maxValue: meters.maxValue })
		.from(meters)
		.where(inArray(meters.id, ids))
		.orderBy(asc(meters.id))
		.for('update');
}

/** Every reading of the given meters, oldest first: what the checks and the usage maths read. */
export async function readingsOfMeters(db: Db, meterIds: string[]): Promise<ReadingRow[]> {
	if (meterIds.length === 0) return [];
	return db
		.select()
		.from(meterReadings)
		.where(inArray(meterReadings.meterId, meterIds))
		.orderBy(asc(meterReadings.readAt), asc(meterReadings.createdAt), asc(meterReadings.id));
}

export async function insertReadings(db: Db, rows: NewReadingRow[]): Promise<void> {
	if (rows.length === 0) return;
	// Large imports: stay well under PostgreSQL's 65,535 bind parameters per statement.
	for (let i = 0; i < rows.length; i += 2_000) await db.insert(meterReadings).values(rows.slice(i, i + 2_000));
}

export async function findReadingById(db: Db, id: string): Promise<ReadingRow | null> {
	const rows = await db.select().from(meterReadings).where(eq(meterReadings.id, id)).limit(1);
	return rows[0] ?? null;
}

/** The reading a collector (API key) or a user already sent with this client id. */
export async function findReadingByClientId(db: Db, by: { apiKeyId: string | null; enteredBy: string | null }, clientId: string): Promise<ReadingRow | null> {
	const who = by.apiKeyId ? eq(meterReadings.apiKeyId, by.apiKeyId) : and(isNull(meterReadings.apiKeyId), eq(meterReadings.enteredBy, by.enteredBy ?? ''));
	const rows = await db
		.select()
		.from(meterReadings)
		.where(and(who, eq(meterReadings.clientId, clientId)))
		.limit(1);
	return rows[0] ?? null;
}

export async function setReviewOutcome(db: Db, id: string, status: 'accepted' | 'rejected', reviewedBy: string, at: Date): Promise<boolean> {
	const rows = await db
		.update(meterReadings)
		.set({ status, reviewedBy, reviewedAt: at })
		.where(and(eq(meterReadings.id, id), eq(meterReadings.status, 'review')))
		.returning({ id: meterReadings.id });
	return rows.length > 0;
}

export type ReadingFilters = {
	equipmentId?: string;
	meterType?: string;
	status?: 'accepted' | 'review' | 'rejected';
	/** Only readings no accepted correction replaced (the review queue wants these). */
	uncorrected?: boolean;
	ids?: string[];
};

const reviewer = alias(users, 'reviewer');
/** The accepted correction that replaced a reading, if any. */
const correctedById = sql<string | null>`(select c.id from meter_readings c where c.corrects_reading_id = ${meterReadings.id} and c.status = 'accepted' order by c.created_at desc limit 1)`;

function readingWhere(filters: ReadingFilters): SQL | undefined {
	const parts: SQL[] = [];
	if (filters.equipmentId) parts.push(eq(meters.equipmentId, filters.equipmentId));
	if (filters.meterType) parts.push(eq(meters.meterType, filters.meterType));
	if (filters.status) parts.push(eq(meterReadings.status, filters.status));
	if (filters.uncorrected) parts.push(sql`${correctedById} is null`);
	if (filters.ids) parts.push(inArray(meterReadings.id, filters.ids.length ? filters.ids : ['00000000-0000-0000-0000-000000000000']));
	return parts.length ? and(...parts) : undefined;
}

/** Readings with the names a list shows (unit, meter, who entered and reviewed them), newest first. */
export async function listReadings(db: Db, filters: ReadingFilters, page: { limit: number; offset: number }) {
	const where = readingWhere(filters);
	const items = await db
		.select({
			id: meterReadings.id,
			meterId: meterReadings.meterId,
			equipmentId: meters.equipmentId,
			serialNumber: equipment.serialNumber,
			brand: equipment.brand,
			model: equipmentModels.model,
			customerName: customers.businessName,
			meterType: meters.meterType,
			meterNameIt: meterTypes.nameIt,
			meterNameEn: meterTypes.nameEn,
			value: meterReadings.value,
			readAt: meterReadings.readAt,
			source: meterReadings.source,
			kind: meterReadings.kind,
			status: meterReadings.status,
			validForBilling: meterReadings.validForBilling,
			previousMeterFinalValue: meterReadings.previousMeterFinalValue,
			correctsReadingId: meterReadings.correctsReadingId,
			correctedById,
			reason: meterReadings.reason,
			reviewReason: meterReadings.reviewReason,
			enteredById: meterReadings.enteredBy,
			enteredByName: users.name,
			apiKeyId: meterReadings.apiKeyId,
			apiKeyName: apiKeys.name,
			clientId: meterReadings.clientId,
			reviewedByName: reviewer.name,
			reviewedAt: meterReadings.reviewedAt,
			createdAt: meterReadings.createdAt
		})
		.from(meterReadings)
		.innerJoin(meters, eq(meters.id, meterReadings.meterId))
		.innerJoin(meterTypes, eq(meterTypes.code, meters.meterType))
		.innerJoin(equipment, eq(equipment.id, meters.equipmentId))
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.leftJoin(users, eq(users.id, meterReadings.enteredBy))
		.leftJoin(reviewer, eq(reviewer.id, meterReadings.reviewedBy))
		.leftJoin(apiKeys, eq(apiKeys.id, meterReadings.apiKeyId))
		.where(where)
		.orderBy(desc(meterReadings.readAt), desc(meterReadings.createdAt), desc(meterReadings.id))
		.limit(page.limit)
		.offset(page.offset);
	const [{ total }] = await db
		.select({ total: count() })
		.from(meterReadings)
		.innerJoin(meters, eq(meters.id, meterReadings.meterId))
		.where(where);
	return { items, total };
}

export type ReadingListRow = Awaited<ReturnType<typeof listReadings>>['items'][number];

export async function listMeterTypes(db: Db) {
	return db.select().from(meterTypes).orderBy(asc(meterTypes.code));
}
