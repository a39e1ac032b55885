import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { areas, customers, siteAreas, sites, technicianAreas, type AreaKind } from '../db/schema';

export type AreaSummary = { id: string; kind: AreaKind; code: string | null; name: string; updatedAt: Date };
export type AreaWithGeometry = AreaSummary & { geometry: unknown };

/** GeoJSON in, valid MultiPolygon out: self-intersections are repaired, lines and points dropped. */
const toMultiPolygon = (geojson: string) => sql`ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)), 3))`;

const summaryColumns = { id: areas.id, kind: areas.kind, code: areas.code, name: areas.name, updatedAt: areas.updatedAt };

/** Contract 4: every area without its geometry, regions first, then provinces, then custom. */
export async function listAreas(db: Db, kinds: AreaKind[] | null = null): Promise<AreaSummary[]> {
	return db
		.select(summaryColumns)
		.from(areas)
		.where(kinds ? inArray(areas.kind, kinds) : undefined)
		.orderBy(asc(areas.kind), asc(areas.name), asc(areas.id));
}

/**
 * Areas with GeoJSON geometry. `toleranceDegrees` > 0 simplifies regions and provinces for
 * display (at 0.005 degrees, about 500 m, a third of the full size); custom areas always come
 * whole, because an admin edits their vertices.
 */
export async function listAreasWithGeometry(db: Db, kinds: AreaKind[] | null, toleranceDegrees: number): Promise<AreaWithGeometry[]> {
	const geometry = sql<unknown>`ST_AsGeoJSON(case when ${areas.kind} = 'custom' or ${toleranceDegrees}::float8 <= 0 then ${areas.geometry}
		else ST_Multi(ST_SimplifyPreserveTopology(${areas.geometry}, ${toleranceDegrees}::float8)) end, 6)::json`;
	return db
		.select({ ...summaryColumns, geometry })
		.from(areas)
		.where(kinds ? inArray(areas.kind, kinds) : undefined)
		.orderBy(asc(areas.kind), asc(areas.name), asc(areas.id));
}

export async function findArea(db: Db, id: string): Promise<AreaWithGeometry | null> {
	const rows = await db
		.select({ ...summaryColumns, geometry: sql<unknown>`ST_AsGeoJSON(${areas.geometry}, 7)::json` })
		.from(areas)
		.where(eq(areas.id, id))
		.limit(1);
	return rows[0] ?? null;
}

/** What PostGIS thinks of a shape before it is stored: validity, why not, and the area once repaired. */
export async function inspectGeometry(db: Db, geojson: string): Promise<{ valid: boolean; reason: string; repairedAreaM2: number }> {
	const rows = await db.execute<{ valid: boolean; reason: string; repaired_area_m2: number }>(sql`
		select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason,
			coalesce(ST_Area(ST_CollectionExtract(ST_MakeValid(g), 3)::geography), 0)::float8 as repaired_area_m2
		from (select ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326) as g) x`);
	const row = rows[0];
	return { valid: row.valid, reason: row.reason, repairedAreaM2: Number(row.repaired_area_m2) };
}

export async function insertArea(db: Db, row: { id: string; kind: AreaKind; code: string | null; name: string; geojson: string }): Promise<void> {
	await db.insert(areas).values({ id: row.id, kind: row.kind, code: row.code, name: row.name, geometry: toMultiPolygon(row.geojson) as never });
}

export async function updateArea(db: Db, id: string, fields: { name?: string; geojson?: string }, now: Date): Promise<boolean> {
	const set: Record<string, unknown> = { updatedAt: now };
	if (fields.name !== undefined) set.name = fields.name;
	if (fields.geojson !== undefined) set.geometry = toMultiPolygon(fields.geojson);
	const rows = await db.update(areas).set(set).where(eq(areas.id, id)).returning({ id: areas.id });
	return rows.length > 0;
}

export async function deleteArea(db: Db, id: string): Promise<boolean> {
	const rows = await db.delete(areas).where(eq(areas.id, id)).returning({ id: areas.id });
	return rows.length > 0;
}

export async function nameTaken(db: Db, name: string, exceptId: string | null): Promise<boolean> {
	const rows = await db
		.select({ id: areas.id })
		.from(areas)
		.where(and(eq(areas.kind, 'custom'), sql`lower(${areas.name}) = lower(${name})`, exceptId ? sql`${areas.id} <> ${exceptId}` : undefined))
		.limit(1);
	return rows.length > 0;
}

/** Contract 4: technician id -> the areas they are competent for (technicians without areas are absent). */
export async function areasOfTechnicians(db: Db, technicianIds: string[]): Promise<Map<string, string[]>> {
	const result = new Map<string, string[]>();
	if (technicianIds.length === 0) return result;
	const rows = await db
		.select({ technicianId: technicianAreas.technicianId, areaId: technicianAreas.areaId })
		.from(technicianAreas)
		.where(inArray(technicianAreas.technicianId, technicianIds))
		.orderBy(asc(technicianAreas.technicianId), asc(technicianAreas.areaId));
	for (const r of rows) result.set(r.technicianId, [...(result.get(r.technicianId) ?? []), r.areaId]);
	return result;
}

/** Contract 4: site id -> the areas containing it (kept by the site_areas triggers). */
export async function areasOfSites(db: Db, siteIds: string[]): Promise<Map<string, string[]>> {
	const result = new Map<string, string[]>();
	if (siteIds.length === 0) return result;
	const rows = await db
		.select({ siteId: siteAreas.siteId, areaId: siteAreas.areaId })
		.from(siteAreas)
		.where(inArray(siteAreas.siteId, siteIds))
		.orderBy(asc(siteAreas.siteId), asc(siteAreas.areaId));
	for (const r of rows) result.set(r.siteId, [...(result.get(r.siteId) ?? []), r.areaId]);
	return result;
}

/** Replaces a technician's areas (for the technicians module's edit form), inside the caller's transaction. */
export async function replaceTechnicianAreas(db: Db, technicianId: string, areaIds: string[]): Promise<void> {
	await db.delete(technicianAreas).where(eq(technicianAreas.technicianId, technicianId));
	if (areaIds.length) await db.insert(technicianAreas).values([...new Set(areaIds)].map((areaId) => ({ technicianId, areaId })));
}

export async function existingAreaIds(db: Db, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db.select({ id: areas.id }).from(areas).where(inArray(areas.id, ids));
	return new Set(rows.map((r) => r.id));
}

export type AreaSiteRow = { id: string; name: string; customerName: string; comuneName: string; province: string; active: boolean };

export async function sitesInArea(db: Db, areaId: string, limit: number, offset: number): Promise<{ items: AreaSiteRow[]; total: number }> {
	const where = eq(siteAreas.areaId, areaId);
	const [items, [{ n }]] = await Promise.all([
		db
			.select({ id: sites.id, name: sites.name, customerName: customers.businessName, comuneName: sites.comuneName, province: sites.province, active: sites.active })
			.from(siteAreas)
			.innerJoin(sites, eq(sites.id, siteAreas.siteId))
			.innerJoin(customers, eq(customers.id, sites.customerId))
			.where(where)
			.orderBy(asc(customers.businessName), asc(sites.name), asc(sites.id))
			.limit(limit)
			.offset(offset),
		db.select({ n: sql<number>`count(*)::int` }).from(siteAreas).where(where)
	]);
	return { items: items as AreaSiteRow[], total: n };
}

export type ReferenceArea = { id: string; kind: 'region' | 'province'; code: string; name: string; geojson: string };

export async function countReferenceAreas(db: Db): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(areas).where(inArray(areas.kind, ['region', 'province']));
	return row?.n ?? 0;
}

/** Upserts reference areas by (kind, code): ids stay stable, so technicians' links survive a reload. */
export async function upsertReferenceAreas(db: Db, rows: ReferenceArea[]): Promise<void> {
	for (const r of rows) {
		await db
			.insert(areas)
			.values({ id: r.id, kind: r.kind, code: r.code, name: r.name, geometry: toMultiPolygon(r.geojson) as never })
			.onConflictDoUpdate({
				target: [areas.kind, areas.code],
				set: { name: sql`excluded.name`, geometry: sql`excluded.geometry`, updatedAt: sql`now()` }
			});
	}
}
