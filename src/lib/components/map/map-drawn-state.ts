/**
 * What the live map draws, written on the map element as data-* attributes for tests and tools:
 * - data-renderer: "webgl" or "canvas" (calls), data-renderer-reason: why, when not obvious;
 * - data-calls: calls drawn per colour (their most urgent state), {"overdue": 3, ...};
 * - data-clusters: when clusters are drawn, those of two or more calls: [{"n": 12, "worst": "overdue", "lng": .., "lat": ..}];
 * - data-technicians: every marker: [{"id", "name", "lng", "lat", "status", "opacity", "rotation" (degrees, null when not moving)}].
 */
import type Feature from 'ol/Feature';
import type Point from 'ol/geom/Point';
import { toLonLat } from 'ol/proj';
import type VectorSource from 'ol/source/Vector';
import { CALL_COLOUR_KEYS } from '$lib/domain/call-colours';
import type { Renderer } from './map-renderer';
import { technicianLook } from './map-symbols';

const round = (v: number) => Math.round(v * 1e5) / 1e5;

/** `clusters`: those drawn, or null when the calls are drawn one by one. */
export function writeDrawnCalls(data: DOMStringMap, renderer: Renderer, calls: VectorSource<Feature<Point>>, clusters: readonly Feature<Point>[] | null): void {
	data.renderer = renderer.kind;
	data.rendererReason = renderer.reason;
	const counts: Record<string, number> = {};
	for (const f of calls.getFeatures()) {
		const key = CALL_COLOUR_KEYS[f.get('rank') as number];
		counts[key] = (counts[key] ?? 0) + 1;
	}
	data.calls = JSON.stringify(counts);
	data.clusters = JSON.stringify(
		(clusters ?? [])
			.filter((c) => (c.get('count') as number) > 1)
			.map((c) => {
				const [lng, lat] = toLonLat(c.getGeometry()!.getCoordinates());
				return { n: c.get('count') as number, worst: CALL_COLOUR_KEYS[c.get('rank') as number], lng: round(lng), lat: round(lat) };
			})
			.sort((a, b) => b.n - a.n)
	);
}

export function writeDrawnTechnicians(data: DOMStringMap, technicians: VectorSource<Feature<Point>>): void {
	data.technicians = JSON.stringify(
		technicians.getFeatures().map((f) => {
			const [lng, lat] = toLonLat(f.getGeometry()!.getCoordinates());
			return { id: String(f.getId()), name: f.get('name') as string, lng: round(lng), lat: round(lat), status: f.get('status') as string, ...technicianLook(f) };
		})
	);
}
