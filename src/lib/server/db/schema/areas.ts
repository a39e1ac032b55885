import { sql } from 'drizzle-orm';
import { customType, index, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sites } from './customers';
import { technicians } from './technicians';

/**
 * geometry(MultiPolygon,4326). Written and read as GeoJSON text through ST_GeomFromGeoJSON /
 * ST_AsGeoJSON in the areas queries; the column type only declares the shape for migrations.
 */
export const multiPolygonColumn = customType<{ data: string; driverData: string }>({
	dataType() {
		return 'geometry(MultiPolygon,4326)';
	}
});

export const AREA_KINDS = ['region', 'province', 'custom'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];
export const areaKindEnum = pgEnum('area_kind', AREA_KINDS);

/** Areas of competence: ISTAT regions and provinces (reference data) and admin-drawn areas. */
export const areas = pgTable(
	'areas',
	{
		id: uuid().primaryKey(),
		kind: areaKindEnum().notNull(),
		/** ISTAT region code ('03') or province abbreviation ('MI'); null for custom areas. */
		code: text(),
		name: text().notNull(),
		geometry: multiPolygonColumn().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique().on(t.kind, t.code), index('areas_geometry_idx').using('gist', t.geometry)]
);

export const technicianAreas = pgTable(
	'technician_areas',
	{
		technicianId: uuid()
			.notNull()
			.references(() => technicians.id, { onDelete: 'cascade' }),
		areaId: uuid()
			.notNull()
			.references(() => areas.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.technicianId, t.areaId] }), index().on(t.areaId)]
);

/** Which areas contain each site: computed when a site or an area changes, never edited by hand. */
export const siteAreas = pgTable(
	'site_areas',
	{
		siteId: uuid()
			.notNull()
			.references(() => sites.id, { onDelete: 'cascade' }),
		areaId: uuid()
			.notNull()
			.references(() => areas.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.siteId, t.areaId] }), index().on(t.areaId)]
);

