/**
 * Travel time without a road network: great-circle distance stretched by a road factor, driven at
 * an average speed. Good enough to rank technicians; an OSRM service replaces it when configured.
 */
export type LatLng = { lat: number; lng: number };

/** PostGIS's sphere for geography distances (`<->`, ST_Distance(..., false)): the mean radius. */
export const EARTH_RADIUS_METERS = 6371008.7714;
/** Roads are longer than the straight line; ~1.3 is typical for Italian mixed urban/rural trips. */
export const ROAD_FACTOR = 1.3;
/** Average speed door to door, including towns and parking. */
export const AVERAGE_SPEED_KMH = 45;

const rad = (deg: number) => (deg * Math.PI) / 180;

export function haversineMeters(a: LatLng, b: LatLng): number {
	const dLat = rad(b.lat - a.lat);
	const dLng = rad(b.lng - a.lng);
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
	return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whole minutes (rounded up: a plan should not be optimistic) for a straight-line distance. */
export function estimateTravelMinutes(straightMeters: number, roadFactor = ROAD_FACTOR, speedKmh = AVERAGE_SPEED_KMH): number {
	if (!(straightMeters > 0)) return 0;
	return Math.ceil((straightMeters * roadFactor) / ((speedKmh * 1000) / 60));
}
