import { and, asc, eq, isNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { serialKey } from '../../domain/serial';
import type { Db } from '../db/client';
import { customers, equipment, equipmentModels, equipmentSiteHistory, meters, meterTypes, sites } from '../db/schema';
import { escapeLike } from './models.queries';

export type UnitRow = typeof equipment.$inferSelect;
export type NewUnitRow = typeof equipment.$inferInsert;
export type Status = UnitRow['status'];

/** What the list, the export and the by-serial lookup show of a unit. */
const summaryColumns = {
	id: equipment.id,
	serialNumber: equipment.serialNumber,
	serialKey: equipment.serialKey,
	brand: equipment.brand,
	status: equipment.status,
	installDate: equipment.installDate,
	warrantyEnd: equipment.warrantyEnd,
	attributes: equipment.attributes,
	notes: equipment.notes,
	modelId: equipment.modelId,
	model: equipmentModels.model,
	family: equipmentModels.family,
	category: equipmentModels.category,
	siteId: equipment.siteId,
	siteName: sites.name,
	siteAddress: sites.address,
	comuneName: sites.comuneName,
	province: sites.province,
	regionCode: sites.regionCode,
	customerId: customers.id,
	customerCode: customers.code,
	customerName: customers.businessName
};

export type UnitSummary = {
	id: string;
	serialNumber: string;
	serialKey: string;
	brand: string;
	status: Status;
	installDate: string | null;
	warrantyEnd: string | null;
	attributes: Record<string, string | number | boolean>;
	notes: string | null;
	modelId: string;
	model: string;
	family: string | null;
	category: (typeof equipmentModels.$inferSelect)['category'];
	siteId: string;
	siteName: string;
	siteAddress: string;
	comuneName: string;
	province: string;
	regionCode: string;
	customerId: string;
	customerCode: string;
	customerName: string;
};

function summaryQuery(db: Db) {
	return db
		.select(summaryColumns)
		.from(equipment)
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.innerJoin(customers, eq(customers.id, sites.customerId));
}

export type ListFilter = {
	q?: string;
	serial?: string;
	province?: string;
	region?: string;
	category?: UnitSummary['category'];
	status?: Status;
	modelId?: string;
	customerId?: string;
	siteId?: string;
	brand?: string;
};

/**
 * A list filter with its lookups done: the models and customers' sites a text search names, the
 * sites of a province, region or customer, the models of a category. One small query resolves
 * them all, so the list query gets plain id arrays it can match with equipment's own indexes
 * (site_id, model_id, serial trigram) and PostgreSQL plans with the real arrays; a search that
 * names no model or customer drops those branches and runs on the serial index alone.
 */
export type ResolvedFilter = {
	filter: ListFilter;
	searchModelIds: string[];
	searchSiteIds: string[];
	scopeSiteIds: string[] | null;
	categoryModelIds: string[] | null;
};

export async function resolveListFilter(db: Db, filter: ListFilter): Promise<ResolvedFilter> {
	const resolved: ResolvedFilter = { filter, searchModelIds: [], searchSiteIds: [], scopeSiteIds: null, categoryModelIds: null };
	const like = filter.q ? `%${escapeLike(filter.q)}%` : null;
	const scope: SQL[] = [];
	if (filter.province) scope.push(sql`${sites.province} = ${filter.province}`);
	if (filter.region) scope.push(sql`${sites.regionCode} = ${filter.region}`);
	if (filter.customerId) scope.push(sql`${sites.customerId} = ${filter.customerId}`);
	if (!like && !scope.length && !filter.category) return resolved;
	const none = sql`null::uuid[]`;
	const [row] = await db.execute<{ search_models: string[] | null; search_sites: string[] | null; scope_sites: string[] | null; category_models: string[] | null }>(sql`select
		${like ? sql`array(select ${equipmentModels.id} from ${equipmentModels} where ${equipmentModels.brand} ilike ${like} or ${equipmentModels.model} ilike ${like} or ${equipmentModels.family} ilike ${like})` : none} as search_models,
		${like ? sql`array(select ${sites.id} from ${sites} join ${customers} on ${customers.id} = ${sites.customerId} where ${customers.businessName} ilike ${like})` : none} as search_sites,
		${scope.length ? sql`array(select ${sites.id} from ${sites} where ${and(...scope)})` : none} as scope_sites,
		${filter.category ? sql`array(select ${equipmentModels.id} from ${equipmentModels} where ${equipmentModels.category} = ${filter.category})` : none} as category_models`);
	resolved.searchModelIds = row?.search_models ?? [];
	resolved.searchSiteIds = row?.search_sites ?? [];
	resolved.scopeSiteIds = scope.length ? (row?.scope_sites ?? []) : null;
	resolved.categoryModelIds = filter.category ? (row?.category_models ?? []) : null;
	return resolved;
}

const anyUuid = (column: typeof equipment.siteId | typeof equipment.modelId, ids: string[]) => sql`${column} = any(${sql.param(ids)}::uuid[])`;

/** The list's conditions, all on equipment's own columns (so the count needs no join). */
function listConditions({ filter, searchModelIds, searchSiteIds, scopeSiteIds, categoryModelIds }: ResolvedFilter): SQL[] {
	const conditions: SQL[] = [];
	if (filter.q) {
		const key = serialKey(filter.q);
		const any: SQL[] = [];
		// Three characters make a trigram; shorter keys use the btree prefix index instead.
		if (key) any.push(key.length >= 3 ? sql`${equipment.serialKey} like ${'%' + escapeLike(key) + '%'}` : sql`${equipment.serialKey} like ${escapeLike(key) + '%'}`);
		if (searchModelIds.length) any.push(anyUuid(equipment.modelId, searchModelIds));
		if (searchSiteIds.length) any.push(anyUuid(equipment.siteId, searchSiteIds));
		conditions.push(any.length ? or(...any)! : sql`false`);
	}
	if (filter.serial) conditions.push(sql`${equipment.serialKey} like ${escapeLike(serialKey(filter.serial)) + '%'}`);
	if (scopeSiteIds) conditions.push(scopeSiteIds.length ? anyUuid(equipment.siteId, scopeSiteIds) : sql`false`);
	if (filter.siteId) conditions.push(eq(equipment.siteId, filter.siteId));
	if (categoryModelIds) conditions.push(categoryModelIds.length ? anyUuid(equipment.modelId, categoryModelIds) : sql`false`);
	if (filter.brand) conditions.push(sql`lower(${equipment.brand}) = lower(${filter.brand})`);
	if (filter.modelId) conditions.push(eq(equipment.modelId, filter.modelId));
	if (filter.status) conditions.push(eq(equipment.status, filter.status));
	return conditions;
}

/** One page of units in brand + serial order (the order of the unique index). */
export function listUnitsQuery(db: Db, resolved: ResolvedFilter, page: { limit: number; offset: number }) {
	const conditions = listConditions(resolved);
	return summaryQuery(db)
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(asc(equipment.brand), asc(equipment.serialKey), asc(equipment.id))
		.limit(page.limit)
		.offset(page.offset);
}

/*
 * The hot paths run as server-side prepared statements (one per query shape and connection):
 * PostgreSQL then skips parsing, and soon planning, which for these joins cost more than
 * executing them.
 */
export async function listUnits(db: Db, filter: ListFilter, page: { limit: number; offset: number }): Promise<UnitSummary[]> {
	return listUnitsQuery(db, await resolveListFilter(db, filter), page).prepare('equipment_list').execute();
}

export function countUnitsQuery(db: Db, resolved: ResolvedFilter) {
	const conditions = listConditions(resolved);
	return db
		.select({ n: sql<number>`count(*)::int` })
		.from(equipment)
		.where(conditions.length ? and(...conditions) : undefined);
}

export async function countUnits(db: Db, filter: ListFilter | ResolvedFilter): Promise<number> {
	const resolved = 'searchModelIds' in filter ? filter : await resolveListFilter(db, filter);
	const [row] = await countUnitsQuery(db, resolved).prepare('equipment_count').execute();
	return row?.n ?? 0;
}

/**
 * Page and total from one pass over the matching units, for filtered lists. `hits` (referenced
 * twice, so PostgreSQL materialises it) finds the matches through listConditions' indexes; only
 * the page's rows are then joined for display. Without this fence the planner may walk the whole
 * (brand, serial) index in order to skip the sort, reading every unit.
 */
export function listUnitsWithTotalQuery(db: Db, resolved: ResolvedFilter, page: { limit: number; offset: number }) {
	const conditions = listConditions(resolved);
	const hits = db.$with('hits').as(
		db
			.select({ id: equipment.id, brand: equipment.brand, key: equipment.serialKey })
			.from(equipment)
			.where(and(...conditions))
	);
	const pageRows = db
		.$with('page_rows')
		.as(db.select().from(hits).orderBy(asc(hits.brand), asc(hits.key), asc(hits.id)).limit(page.limit).offset(page.offset));
	return db
		.with(hits, pageRows)
		.select({ ...summaryColumns, total: sql<number>`(select count(*) from ${hits})::int` })
		.from(pageRows)
		.innerJoin(equipment, eq(equipment.id, pageRows.id))
		.innerJoin(equipmentModels, eq(equipmentModels.id, equipment.modelId))
		.innerJoin(sites, eq(sites.id, equipment.siteId))
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.orderBy(asc(pageRows.brand), asc(pageRows.key), asc(pageRows.id));
}

export function hasListFilter(filter: ListFilter): boolean {
	return Object.values(filter).some((v) => v !== undefined && v !== '');
}

/**
 * A page of the list and the number of matching units. A filtered list counts while it pages
 * (one scan of the matches instead of two); the whole list pages along the (brand, serial) index
 * and counts separately, since counting in the same query would join every unit.
 */
export async function listUnitsPage(db: Db, filter: ListFilter, page: { limit: number; offset: number }): Promise<{ items: UnitSummary[]; total: number }> {
	if (!hasListFilter(filter)) {
		const [items, total] = await Promise.all([listUnits(db, filter, page), countUnits(db, filter)]);
		return { items, total };
	}
	const resolved = await resolveListFilter(db, filter);
	const rows = await listUnitsWithTotalQuery(db, resolved, page).prepare('equipment_list_total').execute();
	// Past the last page there is no row to carry the total.
	const total = rows.length ? rows[0].total : page.offset > 0 ? await countUnits(db, resolved) : 0;
	return { items: rows.map(({ total: _t, ...unit }) => unit), total };
}

/** Exact match on the normalised serial: the unique (brand, serial_key) and prefix btrees answer it. */
export function findUnitsBySerialKeyQuery(db: Db, key: string | Placeholder, brand?: string) {
	return summaryQuery(db)
		.where(and(eq(equipment.serialKey, key), brand ? sql`lower(${equipment.brand}) = lower(${brand})` : undefined))
		.orderBy(asc(equipment.brand))
		.limit(20);
}

/** The lookup built once per database handle: building the query cost more than running it. */
const serialLookups = new WeakMap<Db, { execute(values: { key: string }): Promise<UnitSummary[]> }>();

export async function findUnitsBySerialKey(db: Db, key: string, brand?: string): Promise<UnitSummary[]> {
	if (brand) return findUnitsBySerialKeyQuery(db, key, brand).prepare('equipment_by_serial_key_brand').execute();
	let lookup = serialLookups.get(db);
	if (!lookup) {
		lookup = findUnitsBySerialKeyQuery(db, sql.placeholder('key')).prepare('equipment_by_serial_key');
		serialLookups.set(db, lookup);
	}
	return lookup.execute({ key });
}

export async function findUnitSummary(db: Db, id: string): Promise<UnitSummary | null> {
	const rows = await summaryQuery(db).where(eq(equipment.id, id)).limit(1);
	return rows[0] ?? null;
}

export async function findUnitById(db: Db, id: string, lock = false): Promise<UnitRow | null> {
	const query = db.select().from(equipment).where(eq(equipment.id, id)).limit(1);
	const rows = lock ? await query.for('update') : await query;
	return rows[0] ?? null;
}

export async function findUnitByBrandSerialKey(db: Db, brand: string, key: string): Promise<{ id: string } | null> {
	const rows = await db
		.select({ id: equipment.id })
		.from(equipment)
		.where(and(eq(equipment.brand, brand), eq(equipment.serialKey, key)))
		.limit(1);
	return rows[0] ?? null;
}

/** Which of these (brand, serial key) pairs already exist: one query for a whole import. */
export async function existingBrandSerialKeys(db: Db, pairs: Array<{ brand: string; key: string }>): Promise<Set<string>> {
	const found = new Set<string>();
	for (let i = 0; i < pairs.length; i += 1000) {
		const part = pairs.slice(i, i + 1000);
		const rows = await db
			.select({ brand: equipment.brand, key: equipment.serialKey })
			.from(equipment)
			.where(
				sql`(${equipment.brand}, ${equipment.serialKey}) in (select * from unnest(${sql.param(part.map((p) => p.brand))}::text[], ${sql.param(part.map((p) => p.key))}::text[]))`
			);
		for (const r of rows) found.add(`${r.brand}\u0000${r.key}`);
	}
	return found;
}

export async function insertUnits(db: Db, rows: NewUnitRow[]): Promise<void> {
	for (let i = 0; i < rows.length; i += 500) await db.insert(equipment).values(rows.slice(i, i + 500));
}

export async function updateUnit(db: Db, id: string, changes: Partial<Omit<NewUnitRow, 'id'>>): Promise<void> {
	const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
	await db
		.update(equipment)
		.set({ ...set, updatedAt: new Date() })
		.where(eq(equipment.id, id));
}

export async function insertMeters(db: Db, rows: Array<typeof meters.$inferInsert>): Promise<void> {
	for (let i = 0; i < rows.length; i += 1000) await db.insert(meters).values(rows.slice(i, i + 1000)).onConflictDoNothing();
}

export async function listMetersOfUnit(db: Db, equipmentId: string) {
	return db
		.select({
			id: meters.id,
			meterType: meters.meterType,
			maxValue: meters.maxValue,
			nameIt: meterTypes.nameIt,
			nameEn: meterTypes.nameEn,
			unitIt: meterTypes.unitIt,
			unitEn: meterTypes.unitEn
		})
		.from(meters)
		.innerJoin(meterTypes, eq(meterTypes.code, meters.meterType))
		.where(eq(meters.equipmentId, equipmentId))
		.orderBy(asc(meters.meterType));
}

export async function insertHistory(db: Db, rows: Array<typeof equipmentSiteHistory.$inferInsert>): Promise<void> {
	for (let i = 0; i < rows.length; i += 1000) await db.insert(equipmentSiteHistory).values(rows.slice(i, i + 1000));
}

export async function findOpenHistory(db: Db, equipmentId: string) {
	const rows = await db
		.select()
		.from(equipmentSiteHistory)
		.where(and(eq(equipmentSiteHistory.equipmentId, equipmentId), isNull(equipmentSiteHistory.toAt)))
		.orderBy(sql`${equipmentSiteHistory.fromAt} desc`)
		.limit(1);
	return rows[0] ?? null;
}

export async function closeHistory(db: Db, historyId: string, at: Date): Promise<void> {
	await db.update(equipmentSiteHistory).set({ toAt: at }).where(eq(equipmentSiteHistory.id, historyId));
}

export type SiteSummary = {
	id: string;
	name: string;
	address: string;
	comuneName: string;
	province: string;
	active: boolean;
	customerId: string;
	customerCode: string;
	customerName: string;
};

const siteColumns = {
	id: sites.id,
	name: sites.name,
	address: sites.address,
	comuneName: sites.comuneName,
	province: sites.province,
	active: sites.active,
	customerId: customers.id,
	customerCode: customers.code,
	customerName: customers.businessName
};

export async function findSiteSummary(db: Db, id: string): Promise<SiteSummary | null> {
	const rows = await db.select(siteColumns).from(sites).innerJoin(customers, eq(customers.id, sites.customerId)).where(eq(sites.id, id)).limit(1);
	return rows[0] ?? null;
}

/** Sites to choose from when registering a unit: by customer name or code, site name or comune. */
export async function searchSites(db: Db, q: string, limit = 20): Promise<SiteSummary[]> {
	const like = `%${escapeLike(q)}%`;
	return db
		.select(siteColumns)
		.from(sites)
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.where(
			or(
				sql`${customers.businessName} ilike ${like}`,
				sql`${customers.code} ilike ${escapeLike(q) + '%'}`,
				sql`${sites.name} ilike ${like}`,
				sql`${sites.comuneName} ilike ${like}`
			)
		)
		.orderBy(asc(customers.businessName), asc(sites.name))
		.limit(limit);
}

/** All sites of the given ids, for an import: one query. */
export async function findSitesByIds(db: Db, ids: string[]): Promise<SiteSummary[]> {
	if (ids.length === 0) return [];
	return db
		.select(siteColumns)
		.from(sites)
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.where(sql`${sites.id} = any(${sql.param(ids)}::uuid[])`);
}

/** Sites of the given customer codes, for an import that names sites by customer code + site name. */
export async function findSitesOfCustomerCodes(db: Db, codes: string[]): Promise<SiteSummary[]> {
	if (codes.length === 0) return [];
	return db
		.select(siteColumns)
		.from(sites)
		.innerJoin(customers, eq(customers.id, sites.customerId))
		.where(sql`lower(${customers.code}) = any(${sql.param(codes.map((c) => c.toLowerCase()))}::text[])`);
}

export async function findCustomerName(db: Db, id: string): Promise<string | null> {
	const rows = await db.select({ name: customers.businessName }).from(customers).where(eq(customers.id, id)).limit(1);
	return rows[0]?.name ?? null;
}

/** Provinces and regions where sites exist: the choices of the list's place filters. */
export async function listSiteAreas(db: Db): Promise<Array<{ province: string; regionCode: string }>> {
	return db
		.selectDistinct({ province: sites.province, regionCode: sites.regionCode })
		.from(sites)
		.orderBy(asc(sites.province));
}
