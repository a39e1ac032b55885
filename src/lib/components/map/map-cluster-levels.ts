/**
 * The clusters of each resolution the map has shown, kept (a few of them) until the calls move or
 * change in number: zooming back to a resolution seen before costs nothing. A call changing colour
 * updates the worst colour of its own cluster at the shown resolution; the other resolutions catch
 * up when shown again.
 */
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import type VectorSource from 'ol/source/Vector';
import { CALL_COLOUR_KEYS } from '$lib/domain/call-colours';
import { clusterPoints, clusterRadius } from './map-clusters';

/** Calls closer than this on screen (px) share a cluster. */
export const CLUSTER_DISTANCE_PX = 44;
/** Resolutions kept. */
const LEVELS_KEPT = 8;

type Level = { resolution: number; clusters: Feature<Point>[]; byCall: Map<string, Feature<Point>>; ranksStale: boolean };

export class ClusterLevels {
	private readonly levels = new Map<number, Level>();
	private shownLevel: Level | null = null;

	/** `calls` holds every call with its colour's `rank`; `big` draws bigger clusters (the wall screen). */
	constructor(
		private readonly calls: VectorSource<Feature<Point>>,
		private readonly big: boolean
	) {}

	/** The resolution of the clusters shown, if any. */
	get shownResolution(): number | undefined {
		return this.shownLevel?.resolution;
	}

	/** The clusters shown (a single call is a cluster of one). */
	get shown(): readonly Feature<Point>[] {
		return this.shownLevel?.clusters ?? [];
	}

	/** Forgets every resolution: the calls moved, came or went. */
	clear(): void {
		this.levels.clear();
	}

	/** Makes this resolution's clusters the shown ones; returns them when they replace others, null when already shown. */
	show(resolution: number): Feature<Point>[] | null {
		let level = this.levels.get(resolution);
		if (!level) {
			level = this.compute(resolution);
			if (this.levels.size >= LEVELS_KEPT) this.levels.delete(this.levels.keys().next().value!);
			this.levels.set(resolution, level);
		} else if (level.ranksStale) {
			for (const c of level.clusters) c.set('rank', this.worstOf(c.get('members') as string[]), true);
			level.ranksStale = false;
		}
		if (level === this.shownLevel) return null;
		this.shownLevel = level;
		return level.clusters;
	}

	private compute(resolution: number): Level {
		const inputs = this.calls.getFeatures().map((f) => {
			const [x, y] = f.getGeometry()!.getCoordinates();
			return { id: String(f.getId()), x, y, rank: f.get('rank') as number };
		});
		const byCall = new Map<string, Feature<Point>>();
		const clusters = clusterPoints(inputs, CLUSTER_DISTANCE_PX * resolution).map((c) => {
			const feature = new Feature({ geometry: new Point([c.x, c.y]), kind: 'cluster', count: c.ids.length, rank: c.rank, radius: clusterRadius(c.ids.length, this.big), members: c.ids });
			for (const id of c.ids) byCall.set(id, feature);
			return feature;
		});
		return { resolution, clusters, byCall, ranksStale: false };
	}

	private worstOf(ids: readonly string[]): number {
		let rank: number = CALL_COLOUR_KEYS.length;
		for (const id of ids) rank = Math.min(rank, (this.calls.getFeatureById(id)?.get('rank') as number | undefined) ?? rank);
		return rank;
	}

	/** The calls changed colour: true when a shown cluster's worst colour changed (a single call's always does). */
	recolour(ids: readonly string[]): boolean {
		for (const level of this.levels.values()) if (level !== this.shownLevel) level.ranksStale = true;
		if (!this.shownLevel) return false;
		const touched = new Set<Feature<Point>>();
		for (const id of ids) {
			const cluster = this.shownLevel.byCall.get(id);
			if (cluster) touched.add(cluster);
		}
		let changed = false;
		for (const cluster of touched) {
			const rank = this.worstOf(cluster.get('members') as string[]);
			if (rank !== cluster.get('rank')) {
				cluster.set('rank', rank, true);
				changed = true;
			}
		}
		return changed;
	}
}
