/**
 * What is under the pointer, from the sources' spatial index rather than the drawn pixels: it
 * works the same for every renderer (WebGL layers keep no hit detection) and costs a lookup.
 */
import type Feature from 'ol/Feature';
import type Point from 'ol/geom/Point';
import type OlMap from 'ol/Map';
import type VectorSource from 'ol/source/Vector';

export type Hit = { kind: 'technician' | 'call' | 'cluster'; feature: Feature<Point> };

export type HitTargets = {
	technicians: VectorSource<Feature<Point>>;
	/** The clusters, when they are what is drawn; the calls one by one otherwise. */
	clusters: VectorSource<Feature<Point>> | null;
	calls: VectorSource<Feature<Point>>;
	/** A technician's disc radius and a call's symbol size (px). */
	markerSize: number;
	symbolSize: number;
};

/** Pixels of slack around a symbol. */
const TOLERANCE = 6;
/** The biggest cluster's radius (px): how far to look for one. */
const CLUSTER_REACH = 36;

/** The nearest feature whose symbol covers the pixel: technicians first, then calls or clusters. */
export function hitAt(map: OlMap, pixel: number[], targets: HitTargets): Hit | null {
	const resolution = map.getView().getResolution();
	const coordinate = map.getCoordinateFromPixel(pixel);
	if (!resolution || !coordinate) return null;
	const nearest = (source: VectorSource<Feature<Point>>, radius: (f: Feature<Point>) => number, reach: number) => {
		let best: Feature<Point> | null = null;
		let bestDistance = Infinity;
		const r = reach * resolution;
		source.forEachFeatureInExtent([coordinate[0] - r, coordinate[1] - r, coordinate[0] + r, coordinate[1] + r], (f) => {
			const [x, y] = f.getGeometry()!.getCoordinates();
			const d = Math.hypot(x - coordinate[0], y - coordinate[1]) / resolution;
			if (d <= radius(f) + TOLERANCE && d < bestDistance) {
				best = f;
				bestDistance = d;
			}
		});
		return best as Feature<Point> | null;
	};
	const tech = nearest(targets.technicians, () => targets.markerSize, targets.markerSize + TOLERANCE);
	if (tech) return { kind: 'technician', feature: tech };
	const symbol = targets.symbolSize + 2;
	if (targets.clusters) {
		const cluster = nearest(targets.clusters, (f) => ((f.get('count') as number) > 1 ? (f.get('radius') as number) : symbol), CLUSTER_REACH + TOLERANCE);
		return cluster ? { kind: 'cluster', feature: cluster } : null;
	}
	const call = nearest(targets.calls, () => symbol, symbol + TOLERANCE);
	return call ? { kind: 'call', feature: call } : null;
}
