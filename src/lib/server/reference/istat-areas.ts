import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Db } from '../db/client';
import { uuidv7 } from '../ids';
import { countReferenceAreas, upsertReferenceAreas, type ReferenceArea } from '../areas/areas.queries';

type RegionProps = { reg_name: string; reg_istat_code: string };
type ProvinceProps = { prov_name: string; prov_acr: string };

function geoFile(name: string): string {
	// Works from src/ (tsx, Vite) and from the bundled dist/ alike, as for comuni.json.
	for (const rel of [`../../../../data/geo/${name}`, `../data/geo/${name}`]) {
		const path = fileURLToPath(new URL(rel, import.meta.url));
		try {
			readFileSync(path, { flag: 'r' }).subarray(0, 1);
			return path;
		} catch {
			/* try the next */
		}
	}
	throw new Error(`data/geo/${name} not found`);
}

function featuresOf<P>(file: string, object: string): Array<{ properties: P; geometry: unknown }> {
	const topology = JSON.parse(readFileSync(geoFile(file), 'utf8')) as Topology;
	const collection = feature(topology, topology.objects[object] as GeometryCollection<P & object>);
	return collection.features.map((f) => ({ properties: f.properties as P, geometry: f.geometry }));
}

/** The 20 ISTAT regions (code = ISTAT region code, '03') and 107 provinces (code = sigla, 'MI'). */
export function readIstatAreas(): ReferenceArea[] {
	const regions = featuresOf<RegionProps>('limits_IT_regions.topo.json', 'regions').map((f) => ({
		id: uuidv7(),
		kind: 'region' as const,
		code: f.properties.reg_istat_code,
		name: f.properties.reg_name,
		geojson: JSON.stringify(f.geometry)
	}));
	const provinces = featuresOf<ProvinceProps>('limits_IT_provinces.topo.json', 'provinces').map((f) => ({
		id: uuidv7(),
		kind: 'province' as const,
		code: f.properties.prov_acr,
		name: f.properties.prov_name,
		geojson: JSON.stringify(f.geometry)
	}));
	return [...regions, ...provinces];
}

/**
 * Loads regions and provinces as areas. Idempotent: skipped when all are present, otherwise
 * upserted by (kind, code) so ids (and technicians' links to them) survive a reload.
 */
export async function loadIstatAreas(db: Db): Promise<number> {
	const rows = readIstatAreas();
	if ((await countReferenceAreas(db)) === rows.length) return rows.length;
	await upsertReferenceAreas(db, rows);
	return rows.length;
}
