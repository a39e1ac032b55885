import { describe, expect, it } from 'vitest';
import { estimateTravelMinutes, haversineMeters } from './travel-estimate';

describe('haversineMeters', () => {
	const cases: Array<[string, { lat: number; lng: number }, { lat: number; lng: number }, number, number]> = [
		// Expected values from PostGIS: ST_Distance(a::geography, b::geography, false).
		['Milano Duomo to Roma Colosseo', { lat: 45.46, lng: 9.19 }, { lat: 41.9, lng: 12.5 }, 476926.08, 0.05],
		['same point', { lat: 45.46, lng: 9.19 }, { lat: 45.46, lng: 9.19 }, 0, 0],
		['across the antimeridian', { lat: 0, lng: 179.9 }, { lat: 0, lng: -179.9 }, 22239.02, 0.05],
		['pole to pole', { lat: 90, lng: 0 }, { lat: -90, lng: 0 }, Math.PI * 6371008.7714, 0.01]
	];
	for (const [name, a, b, expected, tolerance] of cases) {
		it(name, () => expect(Math.abs(haversineMeters(a, b) - expected)).toBeLessThanOrEqual(tolerance));
	}
});

describe('estimateTravelMinutes', () => {
	const cases: Array<[number, number]> = [
		[0, 0],
		[-5, 0],
		[Number.NaN, 0],
		[1, 1], // any distance is at least a minute
		[3200, 6], // 3.2 km * 1.3 = 4.16 km at 45 km/h = 5.5 min -> 6
		[34615, 60] // 45 km of road: exactly an hour
	];
	for (const [meters, minutes] of cases) it(`${meters} m -> ${minutes} min`, () => expect(estimateTravelMinutes(meters)).toBe(minutes));
	it('takes a factor and speed', () => expect(estimateTravelMinutes(10_000, 1, 60)).toBe(10));
});
