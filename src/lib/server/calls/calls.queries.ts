import { and, asc, desc, eq, gte, ilike, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { CallStatus } from '$lib/domain/call-lifecycle';
import type { Db } from '../db/client';
import { calls, callStatusHistory, customers, equipment, equipmentModels, sites } from '../db/schema';

export type NewCall = typeof calls.$inferInsert;

/** Next human number of the year, serialised by a transaction-level advisory lock (gap-free per year). */
export async function nextCallSeq(tx: Db, year: number): Promise<number> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext('quadro.calls.seq'), ${year})`);
	const [row] = await tx.select({ max: sql<number>`coalesce(max(${calls.seq}), 0)::int` }).from(calls).where(eq(calls.year, year));
	return (row?.max ?? 0) + 1;
}

export async function insertCall(tx: Db, row: NewCall): Promise<void> {
	await tx.insert(calls).values(row);
}

export async function insertHistory(tx: Db, row: typeof callStatusHistory.$inferInsert): Promise<void> {
	await tx.insert(callStatusHistory).values(row);
}

export async function findSiteOfCustomer(db: Db, customerId: string, siteId: string) {
	const rows = await db
		.select({ id: sites.id, comuneIstat: sites.comuneIstat, province: sites.province, active: sites.active, customerActive: customers.active })
		.from(sites)
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.where(and(eq(sites.id, siteId), eq(sites.customerId, customerId)))
		.limit(1);
	return rows[0] ?? null;
}

export async function findUnitAtSite(db: Db, equipmentId: string, siteId: string) {
	const rows = await db
		.select({ id: equipment.id, serialNumber: equipment.serialNumber, brand: equipment.brand, category: equipmentModels.category, status: equipment.status })
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.where(and(eq(equipment.id, equipmentId), eq(equipment.siteId, siteId)))
		.limit(1);
	return rows[0] ?? null;
}

export async function findCallForUpdate(tx: Db, id: string) {
	const rows = await tx.select().from(calls).where(eq(calls.id, id)).for('update').limit(1);
	return rows[0] ?? null;
}

export async function updateCall(tx: Db, id: string, changes: Partial<NewCall>): Promise<void> {
	await tx
		.update(calls)
		.set({ ...changes, updatedAt: new Date() })
		.where(eq(calls.id, id));
}

const callView = {
	id: calls.id,
	number: calls.number,
	priority: calls.priority,
	status: calls.status,
	type: calls.type,
	description: calls.description,
	requiredSkills: calls.requiredSkills,
	estimatedMinutes: calls.estimatedMinutes,
	preferredFrom: calls.preferredFrom,
	preferredTo: calls.preferredTo,
	contactName: calls.contactName,
	contactPhone: calls.contactPhone,
	acknowledgeDue: calls.acknowledgeDue,
	onsiteDue: calls.onsiteDue,
	resolutionDue: calls.resolutionDue,
	acknowledgedAt: calls.acknowledgedAt,
	createdAt: calls.createdAt,
	contractId: calls.contractId,
	slaLevelId: calls.slaLevelId,
	customerId: customers.id,
	customerName: customers.businessName,
	siteId: sites.id,
	siteName: sites.name,
	siteAddress: sites.address,
	siteComune: sites.comuneName,
	siteProvince: sites.province,
	siteLocation: sites.location,
	equipmentId: equipment.id,
	equipmentSerial: equipment.serialNumber
};

export type CallFilter = {
	status?: CallStatus[];
	priority?: Array<'low' | 'medium' | 'high'>;
	customerId?: string;
	skill?: string;
	/** Calls created on this local day (YYYY-MM-DD bounds given as instants). */
	createdFrom?: Date;
	createdTo?: Date;
	/** Open calls whose on-site due time is before this instant. */
	onsiteDueBefore?: Date;
	/** On-site due inside [from, to] (due soon). */
	onsiteDueFrom?: Date;
	onsiteDueTo?: Date;
	/** Only calls still to be reached on site (the ones an SLA state can be judged for). */
	slaOpen?: CallStatus[];
	/** Site's province code (MI). */
	province?: string;
	q?: string;
};

function where(filter: CallFilter): SQL | undefined {
	const c: SQL[] = [];
	if (filter.status?.length) c.push(inArray(calls.status, filter.status));
	if (filter.priority?.length) c.push(inArray(calls.priority, filter.priority));
	if (filter.customerId) c.push(eq(calls.customerId, filter.customerId));
	if (filter.skill) c.push(sql`${filter.skill} = any(${calls.requiredSkills})`);
	if (filter.createdFrom) c.push(gte(calls.createdAt, filter.createdFrom));
	if (filter.createdTo) c.push(lt(calls.createdAt, filter.createdTo));
	if (filter.onsiteDueBefore) c.push(lt(calls.onsiteDue, filter.onsiteDueBefore));
	if (filter.onsiteDueFrom) c.push(gte(calls.onsiteDue, filter.onsiteDueFrom));
	if (filter.onsiteDueTo) c.push(lte(calls.onsiteDue, filter.onsiteDueTo));
	if (filter.slaOpen?.length) c.push(inArray(calls.status, filter.slaOpen));
	if (filter.province) c.push(eq(sites.province, filter.province));
	if (filter.q) {
		const like = `%${filter.q.replace(/[%_\\]/g, (m) => '\\' + m)}%`;
		c.push(or(ilike(calls.number, like), ilike(customers.businessName, like), ilike(calls.description, like), ilike(equipment.serialKey, like))!);
	}
	return c.length ? and(...c) : undefined;
}

export async function listCalls(db: Db, filter: CallFilter, page: { offset: number; pageSize: number }) {
	const base = db
		.select(callView)
		.from(calls)
		.innerJoin(customers, eq(customers.id, calls.customerId))
		.innerJoin(sites, eq(sites.id, calls.siteId))
		.leftJoin(equipment, eq(equipment.id, calls.equipmentId))
		.where(where(filter));
	const items = await base
		.orderBy(sql`${calls.onsiteDue} asc nulls last`, desc(calls.priority), asc(calls.createdAt))
		.limit(page.pageSize)
		.offset(page.offset);
	const [{ total }] = await db
		.select({ total: sql<number>`count(*)::int` })
		.from(calls)
		.innerJoin(customers, eq(customers.id, calls.customerId))
		.innerJoin(sites, eq(sites.id, calls.siteId))
		.leftJoin(equipment, eq(equipment.id, calls.equipmentId))
		.where(where(filter));
	return { items, total };
}

export async function getCall(db: Db, id: string) {
	const rows = await db
		.select(callView)
		.from(calls)
		.innerJoin(customers, eq(customers.id, calls.customerId))
		.innerJoin(sites, eq(sites.id, calls.siteId))
		.leftJoin(equipment, eq(equipment.id, calls.equipmentId))
		.where(eq(calls.id, id))
		.limit(1);
	return rows[0] ?? null;
}

export async function callHistory(db: Db, id: string) {
	return db.select().from(callStatusHistory).where(eq(callStatusHistory.callId, id)).orderBy(asc(callStatusHistory.at));
}
