import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog, calls, contractEquipment, contracts, customers, equipmentSiteHistory, meterReadings, meters, meterTypes, sites, users } from '../db/schema';

/** Where the unit stood, oldest first, with the site's and customer's names and who moved it. */
export async function listSiteHistory(db: Db, equipmentId: string) {
	return db
		.select({
			id: equipmentSiteHistory.id,
			siteId: equipmentSiteHistory.siteId,
			siteName: sites.name,
			comuneName: sites.comuneName,
			province: sites.province,
			customerId: customers.id,
			customerName: customers.businessName,
			fromAt: equipmentSiteHistory.fromAt,
			toAt: equipmentSiteHistory.toAt,
			reason: equipmentSiteHistory.reason,
			movedByName: users.name
		})
		.from(equipmentSiteHistory)
		.innerJoin(sites, eq(sites.id, equipmentSiteHistory.siteId))
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.leftJoin(users, eq(users.id, equipmentSiteHistory.movedBy))
		.where(eq(equipmentSiteHistory.equipmentId, equipmentId))
		.orderBy(asc(equipmentSiteHistory.fromAt), asc(equipmentSiteHistory.id));
}

/** Contracts that cover or covered the unit (rows written by the contracts module). */
export async function listContractCoverage(db: Db, equipmentId: string) {
	return db
		.select({
			id: contractEquipment.id,
			contractId: contracts.id,
			number: contracts.number,
			status: contracts.status,
			periodicity: contracts.periodicity,
			fromDate: contractEquipment.fromDate,
			toDate: contractEquipment.toDate
		})
		.from(contractEquipment)
		.innerJoin(contracts, eq(contracts.id, contractEquipment.contractId))
		.where(eq(contractEquipment.equipmentId, equipmentId))
		.orderBy(asc(contractEquipment.fromDate));
}

/**
 * Readings summarised per meter and month (company time zone): how many, the last value, and
 * how many wait in review. Rejected readings are left out. Readings are written by the readings
 * module; this only reads them.
 */
export async function summariseReadings(db: Db, equipmentId: string) {
	const month = sql<string>`to_char(date_trunc('month', ${meterReadings.readAt} at time zone 'Europe/Rome'), 'YYYY-MM')`;
	return db
		.select({
			meterId: meters.id,
			meterType: meters.meterType,
			nameIt: meterTypes.nameIt,
			nameEn: meterTypes.nameEn,
			month,
			count: sql<number>`count(*)::int`,
			inReview: sql<number>`(count(*) filter (where ${meterReadings.status} = 'review'))::int`,
			lastValue: sql<number>`((array_agg(${meterReadings.value} order by ${meterReadings.readAt} desc))[1])::float8`,
			lastAt: sql<string>`to_char(max(${meterReadings.readAt}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
		})
		.from(meterReadings)
		.innerJoin(meters, eq(meters.id, meterReadings.meterId))
		.innerJoin(meterTypes, eq(meterTypes.code, meters.meterType))
		.where(and(eq(meters.equipmentId, equipmentId), sql`${meterReadings.status} <> 'rejected'`))
		.groupBy(meters.id, meters.meterType, meterTypes.nameIt, meterTypes.nameEn, month)
		.orderBy(month, meters.meterType);
}

/** Status changes, from the audit log (only the equipment service writes these rows). */
export async function listStatusChanges(db: Db, equipmentId: string) {
	return db
		.select({ id: auditLog.id, at: auditLog.at, details: auditLog.details, actorName: users.name })
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorUserId))
		.where(and(eq(auditLog.action, 'equipment.status'), eq(auditLog.subject, equipmentId)))
		.orderBy(asc(auditLog.at));
}

/** The unit's service calls, newest first. */
export async function listUnitCalls(db: Db, equipmentId: string) {
	return db
		.select({ id: calls.id, number: calls.number, status: calls.status, priority: calls.priority, type: calls.type, description: calls.description, createdAt: calls.createdAt })
		.from(calls)
		.where(eq(calls.equipmentId, equipmentId))
		.orderBy(desc(calls.createdAt))
		.limit(50);
}
