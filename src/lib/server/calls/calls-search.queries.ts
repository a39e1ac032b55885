import { aliasedTable, and, asc, desc, eq, gte, ilike, inArray, like, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { CallStatus } from '$lib/domain/call-lifecycle';
import type { Db } from '../db/client';
import { assignments, calls, callStatusHistory, customers, equipment, equipmentModels, sites, skills, technicians, users } from '../db/schema';

/**
 * SQL for the calls pages: the intake search (customer, site or unit from one box), the
 * filtered list with SLA state (shared by the page and its CSV export), and the detail page's
 * history with names and its board assignments.
 */

function escapeLike(s: string): string {
	return s.replace(/[%_\\]/g, (m) => '\\' + m);
}

export type CustomerHit = { id: string; code: string; name: string; comune: string | null; province: string | null; siteCount: number };
export type SiteHit = { id: string; name: string; address: string; comune: string; province: string; customerId: string; customerName: string };
export type UnitHit = {
	id: string;
	serial: string;
	brand: string;
	model: string;
	category: string;
	status: string;
	siteId: string;
	siteName: string;
	comune: string;
	province: string;
	customerId: string;
	customerName: string;
};

/** Active customers by name (contains), code or VAT number (exact), or the comune of their address. */
export async function searchCustomers(db: Db, q: string, limit: number): Promise<CustomerHit[]> {
	const contains = `%${escapeLike(q)}%`;
	const starts = `${escapeLike(q)}%`;
	// Table names spelled out: inside a correlated subquery unqualified columns would bind to `sites`.
	const siteCount = sql<number>`(select count(*)::int from ${sites} s where s.customer_id = ${customers}.id and s.active)`;
	return db
		.select({ id: customers.id, code: customers.code, name: customers.businessName, comune: customers.comuneName, province: customers.province, siteCount })
		.from(customers)
		.where(
			and(
				eq(customers.active, true),
				or(ilike(customers.businessName, contains), eq(customers.code, q.toUpperCase()), eq(customers.vatNumber, q), ilike(customers.comuneName, starts))
			)
		)
		.orderBy(desc(sql`${customers.businessName} ilike ${starts}`), asc(customers.businessName))
		.limit(limit);
}

/** Active sites of active customers by site name, address or comune. */
export async function searchSites(db: Db, q: string, limit: number): Promise<SiteHit[]> {
	const contains = `%${escapeLike(q)}%`;
	const starts = `${escapeLike(q)}%`;
	return db
		.select({
			id: sites.id,
			name: sites.name,
			address: sites.address,
			comune: sites.comuneName,
			province: sites.province,
			customerId: customers.id,
			customerName: customers.businessName
		})
		.from(sites)
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.where(and(eq(sites.active, true), eq(customers.active, true), or(ilike(sites.name, contains), ilike(sites.address, contains), ilike(sites.comuneName, starts))))
		.orderBy(desc(sql`${sites.comuneName} ilike ${starts}`), asc(customers.businessName), asc(sites.name))
		.limit(limit);
}

/** Units in service by serial (normalised key: prefix first, then contains), at active sites of active customers. */
export async function searchUnits(db: Db, key: string, limit: number): Promise<UnitHit[]> {
	const starts = `${escapeLike(key)}%`;
	return db
		.select({
			id: equipment.id,
			serial: equipment.serialNumber,
			brand: equipment.brand,
			model: equipmentModels.model,
			category: equipmentModels.category,
			status: equipment.status,
			siteId: sites.id,
			siteName: sites.name,
			comune: sites.comuneName,
			province: sites.province,
			customerId: customers.id,
			customerName: customers.businessName
		})
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.where(and(ne(equipment.status, 'decommissioned'), eq(sites.active, true), eq(customers.active, true), like(equipment.serialKey, `%${escapeLike(key)}%`)))
		.orderBy(desc(like(equipment.serialKey, starts)), asc(equipment.serialKey))
		.limit(limit);
}

/** Skills a call may require, for the intake checkboxes and the list filter. */
export async function listSkills(db: Db) {
	return db.select({ code: skills.code, nameIt: skills.nameIt, nameEn: skills.nameEn }).from(skills).orderBy(asc(skills.nameIt));
}

export type CallListFilter = {
	status?: CallStatus[];
	priority?: Array<'low' | 'medium' | 'high'>;
	customerId?: string;
	skill?: string;
	province?: string;
	createdFrom?: Date;
	createdTo?: Date;
	q?: string;
	/** Only calls still to be reached on site (the ones an SLA state can be judged for). */
	slaOpen?: CallStatus[];
	/** On-site due strictly before this instant (overdue). */
	onsiteDueBefore?: Date;
	/** On-site due inside [from, to] (due soon). */
	onsiteDueFrom?: Date;
	onsiteDueTo?: Date;
};

function where(f: CallListFilter): SQL | undefined {
	const c: SQL[] = [];
	if (f.status?.length) c.push(inArray(calls.status, f.status));
	if (f.priority?.length) c.push(inArray(calls.priority, f.priority));
	if (f.customerId) c.push(eq(calls.customerId, f.customerId));
	if (f.skill) c.push(sql`${f.skill} = any(${calls.requiredSkills})`);
	if (f.province) c.push(eq(sites.province, f.province));
	if (f.createdFrom) c.push(gte(calls.createdAt, f.createdFrom));
	if (f.createdTo) c.push(lt(calls.createdAt, f.createdTo));
	if (f.slaOpen) c.push(inArray(calls.status, f.slaOpen));
	if (f.onsiteDueBefore) c.push(lt(calls.onsiteDue, f.onsiteDueBefore));
	if (f.onsiteDueFrom) c.push(gte(calls.onsiteDue, f.onsiteDueFrom));
	if (f.onsiteDueTo) c.push(lte(calls.onsiteDue, f.onsiteDueTo));
	if (f.q) {
		const contains = `%${escapeLike(f.q)}%`;
		c.push(
			or(
				ilike(calls.number, contains),
				ilike(customers.businessName, contains),
				ilike(calls.description, contains),
				ilike(sites.comuneName, contains),
				ilike(equipment.serialKey, `%${escapeLike(f.q.toUpperCase().replace(/[\s\-_./]/g, ''))}%`)
			)!
		);
	}
	return c.length ? and(...c) : undefined;
}

const rowColumns = {
	id: calls.id,
	number: calls.number,
	priority: calls.priority,
	status: calls.status,
	type: calls.type,
	description: calls.description,
	requiredSkills: calls.requiredSkills,
	estimatedMinutes: calls.estimatedMinutes,
	acknowledgeDue: calls.acknowledgeDue,
	onsiteDue: calls.onsiteDue,
	resolutionDue: calls.resolutionDue,
	acknowledgedAt: calls.acknowledgedAt,
	createdAt: calls.createdAt,
	customerId: customers.id,
	customerName: customers.businessName,
	siteId: sites.id,
	siteName: sites.name,
	siteComune: sites.comuneName,
	siteProvince: sites.province,
	equipmentId: equipment.id,
	equipmentSerial: equipment.serialNumber
};

export type CallListRow = {
	id: string;
	number: string;
	priority: 'low' | 'medium' | 'high';
	status: CallStatus;
	type: string;
	description: string;
	requiredSkills: string[];
	estimatedMinutes: number;
	acknowledgeDue: Date | null;
	onsiteDue: Date | null;
	resolutionDue: Date | null;
	acknowledgedAt: Date | null;
	createdAt: Date;
	customerId: string;
	customerName: string;
	siteId: string;
	siteName: string;
	siteComune: string;
	siteProvince: string;
	equipmentId: string | null;
	equipmentSerial: string | null;
};

/** Most urgent first: the on-site due time, then priority, then age. */
export async function listCallRows(db: Db, filter: CallListFilter, page: { limit: number; offset: number }): Promise<CallListRow[]> {
	return db
		.select(rowColumns)
		.from(calls)
		.innerJoin(customers, eq(customers.id, calls.customerId))
		.innerJoin(sites, eq(sites.id, calls.siteId))
		.leftJoin(equipment, eq(equipment.id, calls.equipmentId))
		.where(where(filter))
		.orderBy(sql`${calls.onsiteDue} asc nulls last`, desc(calls.priority), asc(calls.createdAt), asc(calls.id))
		.limit(page.limit)
		.offset(page.offset);
}

export async function countCallRows(db: Db, filter: CallListFilter): Promise<number> {
	const [row] = await db
		.select({ total: sql<number>`count(*)::int` })
		.from(calls)
		.innerJoin(customers, eq(customers.id, calls.customerId))
		.innerJoin(sites, eq(sites.id, calls.siteId))
		.leftJoin(equipment, eq(equipment.id, calls.equipmentId))
		.where(where(filter));
	return row?.total ?? 0;
}

/** Provinces where calls have been opened, for the area filter. */
export async function callProvinces(db: Db): Promise<string[]> {
	const rows = await db
		.selectDistinct({ province: sites.province })
		.from(calls)
		.innerJoin(sites, eq(sites.id, calls.siteId))
		.orderBy(asc(sites.province));
	return rows.map((r) => r.province);
}

export async function customerName(db: Db, id: string): Promise<string | null> {
	const [row] = await db.select({ name: customers.businessName }).from(customers).where(eq(customers.id, id)).limit(1);
	return row?.name ?? null;
}

/** Status history with the names of the people who made each change. */
export async function historyWithNames(db: Db, callId: string) {
	return db
		.select({
			id: callStatusHistory.id,
			fromStatus: callStatusHistory.fromStatus,
			toStatus: callStatusHistory.toStatus,
			at: callStatusHistory.at,
			deviceAt: callStatusHistory.deviceAt,
			reason: callStatusHistory.reason,
			byUserId: callStatusHistory.byUser,
			byName: users.name,
			byRole: users.role
		})
		.from(callStatusHistory)
		.leftJoin(users, eq(users.id, callStatusHistory.byUser))
		.where(eq(callStatusHistory.callId, callId))
		.orderBy(asc(callStatusHistory.at), asc(callStatusHistory.id));
}

/** Who opened the call and who took charge of it, and the call's last status reason. */
export async function callPeople(db: Db, callId: string) {
	const creator = aliasedTable(users, 'creator');
	const acknowledger = aliasedTable(users, 'acknowledger');
	const [row] = await db
		.select({ createdByName: creator.name, acknowledgedByName: acknowledger.name, statusReason: calls.statusReason, equipmentBrand: equipment.brand, equipmentModel: equipmentModels.model, equipmentCategory: equipmentModels.category })
		.from(calls)
		.leftJoin(creator, eq(creator.id, calls.createdBy))
		.leftJoin(acknowledger, eq(acknowledger.id, calls.acknowledgedBy))
		.leftJoin(equipment, eq(equipment.id, calls.equipmentId))
		.leftJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.where(eq(calls.id, callId))
		.limit(1);
	return row ?? null;
}

/** The call's assignments on the board (projection rows), with the technician's name. */
export async function assignmentsOfCall(db: Db, callId: string) {
	return db
		.select({
			id: assignments.id,
			day: assignments.day,
			startsAt: assignments.startsAt,
			endsAt: assignments.endsAt,
			status: assignments.status,
			technicianId: technicians.id,
			technicianName: technicians.name
		})
		.from(assignments)
		.innerJoin(technicians, eq(technicians.id, assignments.technicianId))
		.where(eq(assignments.callId, callId))
		.orderBy(asc(assignments.startsAt));
}
