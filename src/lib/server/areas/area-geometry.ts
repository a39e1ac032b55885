import { ValidationError } from '../errors';

/**
 * Structural checks on an area's GeoJSON before PostGIS sees it, so a bad shape is a 400 naming
 * the exact coordinate at fault rather than a database error. Topology (self-intersections) is
 * PostGIS's job: the queries repair it with ST_MakeValid.
 */
export type Position = [number, number];
export type PolygonCoords = Position[][];
export type AreaGeometry = { type: 'MultiPolygon'; coordinates: PolygonCoords[] };

/** Italy with a margin: Lampedusa (35.5 N) to Vetta d'Italia (47.1 N), Bardonecchia (6.6 E) to Otranto (18.5 E). */
export const ITALY_BBOX = { minLng: 6.0, minLat: 35.0, maxLng: 19.0, maxLat: 47.5 } as const;
export const MAX_AREA_VERTICES = 20_000;

const FIELD = 'geometry';

function fail(path: Array<string | number>, message: string): never {
	throw new ValidationError([FIELD, ...path].join('.'), message);
}

function checkPosition(value: unknown, path: Array<string | number>): Position {
	if (!Array.isArray(value) || value.length < 2) fail(path, 'a position must be [longitude, latitude]');
	const [lng, lat] = value as unknown[];
	if (typeof lng !== 'number' || !Number.isFinite(lng) || typeof lat !== 'number' || !Number.isFinite(lat)) {
		fail(path, 'longitude and latitude must be numbers');
	}
	if (lng < ITALY_BBOX.minLng || lng > ITALY_BBOX.maxLng || lat < ITALY_BBOX.minLat || lat > ITALY_BBOX.maxLat) {
		fail(path, `the point ${lng}, ${lat} is outside Italy`);
	}
	return [lng, lat];
}

function checkRing(value: unknown, path: Array<string | number>): Position[] {
	if (!Array.isArray(value)) fail(path, 'a ring must be a list of positions');
	const ring = value.map((p, i) => checkPosition(p, [...path, i]));
	if (ring.length < 4) fail(path, 'a ring needs at least 3 distinct points and must end where it starts');
	const first = ring[0];
	const last = ring[ring.length - 1];
	if (first[0] !== last[0] || first[1] !== last[1]) fail(path, 'the ring is not closed: the last point must equal the first');
	return ring;
}

function checkPolygon(value: unknown, path: Array<string | number>): PolygonCoords {
	if (!Array.isArray(value) || value.length === 0) fail(path, 'a polygon needs at least an outer ring');
	return value.map((ring, i) => checkRing(ring, [...path, i]));
}

/** Accepts a GeoJSON Polygon, MultiPolygon, or a Feature wrapping one; returns a MultiPolygon. */
export function parseAreaGeometry(input: unknown): AreaGeometry {
	let value = input;
	if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Feature') value = (value as { geometry?: unknown }).geometry;
	if (!value || typeof value !== 'object') fail([], 'required: a GeoJSON Polygon or MultiPolygon');
	const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
	let polygons: PolygonCoords[];
	if (type === 'Polygon') polygons = [checkPolygon(coordinates, ['coordinates'])];
	else if (type === 'MultiPolygon') {
		if (!Array.isArray(coordinates) || coordinates.length === 0) fail(['coordinates'], 'a MultiPolygon needs at least one polygon');
		polygons = coordinates.map((p, i) => checkPolygon(p, ['coordinates', i]));
	} else fail(['type'], 'must be Polygon or MultiPolygon');
	const vertices = polygons.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
	if (vertices > MAX_AREA_VERTICES) fail(['coordinates'], `too many points (${vertices}; at most ${MAX_AREA_VERTICES})`);
	return { type: 'MultiPolygon', coordinates: polygons };
}
