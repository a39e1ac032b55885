import { and, asc, count, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { customers, equipment, equipmentModels, sites } from '../db/schema';
import type { ListFilter } from './customer-input';
import { escapeLike } from './customers.queries';

export type SiteRow = typeof sites.$inferSelect;
export type NewSiteRow = typeof sites.$inferInsert;

// Decommissioned units stay linked to their last site for history; they are not "installed".
const equipmentCount = sql<number>`(select count(*)::int from equipment eq where eq.site_id = "sites"."id" and eq.status <> 'decommissioned')`;

const siteColumns = {
	id: sites.id,
	customerId: sites.customerId,
	customerCode: customers.code,
	customerName: customers.businessName,
	name: sites.name,
	address: sites.address,
	cap: sites.cap,
	comuneIstat: sites.comuneIstat,
	comuneName: sites.comuneName,
	province: sites.province,
	regionCode: sites.regionCode,
	location: sites.location,
	accessNotes: sites.accessNotes,
	openingHours: sites.openingHours,
	active: sites.active,
	createdAt: sites.createdAt,
	updatedAt: sites.updatedAt,
	equipmentCount
};
export type SiteListRow = SiteRow & { customerCode: string; customerName: string; equipmentCount: number };

export async function findSiteById(db: Db, id: string): Promise<SiteListRow | null> {
	const rows = await db.select(siteColumns).from(sites).innerJoin(customers, eq(customers.id, sites.customerId)).where(eq(sites.id, id)).limit(1);
	return (rows[0] as SiteListRow | undefined) ?? null;
}

export async function sitesOfCustomer(db: Db, customerId: string): Promise<SiteListRow[]> {
	const rows = await db
		.select(siteColumns)
		.from(sites)
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.where(eq(sites.customerId, customerId))
		.orderBy(sql`${sites.active} desc`, asc(sites.name), asc(sites.id));
	return rows as SiteListRow[];
}

/** Text: site name, address or comune, or the customer's name or code. */
function listWhere(f: ListFilter): SQL | undefined {
	const conditions: (SQL | undefined)[] = [];
	if (f.q) {
		const contains = '%' + escapeLike(f.q) + '%';
		conditions.push(
			or(
				ilike(sites.name, contains),
				ilike(sites.address, contains),
				ilike(sites.comuneName, contains),
				ilike(customers.businessName, contains),
				eq(customers.code, f.q.toUpperCase())
			)
		);
	}
	if (f.customerId) conditions.push(eq(sites.customerId, f.customerId));
	if (f.province) conditions.push(eq(sites.province, f.province));
	if (f.region) conditions.push(eq(sites.regionCode, f.region));
	if (f.active !== null) conditions.push(eq(sites.active, f.active));
	const present = conditions.filter((c): c is SQL => c !== undefined);
	return present.length ? and(...present) : undefined;
}

export async function listSites(db: Db, filter: ListFilter, limit: number, offset: number): Promise<{ items: SiteListRow[]; total: number }> {
	const where = listWhere(filter);
	const [items, [{ n }]] = await Promise.all([
		db
			.select(siteColumns)
			.from(sites)
			.innerJoin(customers, eq(customers.id, sites.customerId))
			.where(where)
			.orderBy(asc(customers.businessName), asc(sites.name), asc(sites.id))
			.limit(limit)
			.offset(offset),
		db.select({ n: count() }).from(sites).innerJoin(customers, eq(customers.id, sites.customerId)).where(where)
	]);
	return { items: items as SiteListRow[], total: n };
}

export async function insertSites(db: Db, rows: NewSiteRow[]): Promise<void> {
	for (let i = 0; i < rows.length; i += 1000) await db.insert(sites).values(rows.slice(i, i + 1000));
}

export async function updateSite(db: Db, id: string, changes: Partial<Omit<NewSiteRow, 'id' | 'customerId'>>): Promise<void> {
	await db
		.update(sites)
		.set({ ...changes, updatedAt: new Date() })
		.where(eq(sites.id, id));
}

/** Same name at the same customer: two "Sede" would be ambiguous on every call form. */
export async function findSiteByName(db: Db, customerId: string, name: string, exceptId?: string): Promise<{ id: string } | null> {
	const rows = await db
		.select({ id: sites.id })
		.from(sites)
		.where(and(eq(sites.customerId, customerId), sql`lower(${sites.name}) = ${name.toLowerCase()}`, exceptId ? ne(sites.id, exceptId) : undefined))
		.limit(1);
	return rows[0] ?? null;
}

/** Site names already used by these customers, lower-cased, for the import's duplicate check. */
export async function siteNamesOfCustomers(db: Db, customerIds: string[]): Promise<{ customerId: string; name: string }[]> {
	if (customerIds.length === 0) return [];
	return db
		.select({ customerId: sites.customerId, name: sql<string>`lower(${sites.name})` })
		.from(sites)
		.where(inArray(sites.customerId, customerIds));
}

/** Units at a site, read-only, for the site page (the equipment module owns them). */
export async function equipmentAtSite(db: Db, siteId: string) {
	return db
		.select({
			id: equipment.id,
			serialNumber: equipment.serialNumber,
			brand: equipment.brand,
			model: equipmentModels.model,
			category: equipmentModels.category,
			status: equipment.status
		})
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.where(eq(equipment.siteId, siteId))
		.orderBy(asc(equipment.brand), asc(equipment.serialNumber))
		.limit(500);
}
