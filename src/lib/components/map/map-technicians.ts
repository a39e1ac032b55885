/**
 * The technicians' markers: one feature each, updated in place with only what changed; live
 * positions applied in batches on an animation frame, at most every MOVE_BATCH_MS.
 */
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { fromLonLat, toLonLat } from 'ol/proj';
import VectorSource from 'ol/source/Vector';
import type { TechnicianStatus } from './map-types';

export type TechnicianPoint = { id: string; name: string; lng: number; lat: number; status: TechnicianStatus; heading: number | null; moving: boolean; stale: boolean };

/**
 * Live positions are drawn in batches at most this often (ms), on an animation frame. Each
 * technician reports every few seconds, so a quarter of a second late is not seen; redrawing
 * 500 markers for every one of 50 positions a second would be.
 */
export const MOVE_BATCH_MS = 250;

export class TechnicianMarkers {
	readonly source = new VectorSource<Feature<Point>>();
	private readonly pendingMoves = new Map<string, TechnicianPoint>();
	private moveTimer: ReturnType<typeof setTimeout> | null = null;
	private moveFrame: number | null = null;
	private lastMoves = 0;
	private destroyed = false;

	/** `changed` is told whenever a marker changed, came or went. */
	constructor(private readonly changed: () => void) {}

	set(points: readonly TechnicianPoint[]): void {
		const keep = new Set<string>();
		const added: Feature<Point>[] = [];
		let changed = false;
		for (const p of points) {
			keep.add(p.id);
			const f = this.source.getFeatureById(p.id) as Feature<Point> | null;
			if (f) changed = this.update(f, p) || changed;
			else {
				const feature = new Feature({ geometry: new Point(fromLonLat([p.lng, p.lat])), kind: 'technician', name: p.name, status: p.status, heading: p.heading, moving: p.moving, stale: p.stale });
				feature.setId(p.id);
				added.push(feature);
			}
		}
		const removed = this.source.getFeatures().filter((f) => !keep.has(String(f.getId())));
		if (removed.length) this.source.removeFeatures(removed);
		if (added.length) this.source.addFeatures(added);
		if (changed || added.length || removed.length) this.changed();
	}

	/** Applies what changed (nothing when nothing did); true when the marker changed. */
	private update(f: Feature<Point>, p: TechnicianPoint): boolean {
		const props = f.getProperties();
		const looks = props.name !== p.name || props.status !== p.status || props.heading !== p.heading || props.moving !== p.moving || props.stale !== p.stale;
		if (looks) f.setProperties({ name: p.name, status: p.status, heading: p.heading, moving: p.moving, stale: p.stale }, true);
		const geometry = f.getGeometry()!;
		const [x, y] = geometry.getCoordinates();
		const [nx, ny] = fromLonLat([p.lng, p.lat]);
		if (x !== nx || y !== ny) geometry.setCoordinates([nx, ny]);
		else if (looks) f.changed();
		return looks || x !== nx || y !== ny;
	}

	/** One technician moved (a live position): applied with the others on an animation frame, at most every MOVE_BATCH_MS. */
	move(p: TechnicianPoint): void {
		this.pendingMoves.set(p.id, p);
		if (this.moveTimer !== null || this.moveFrame !== null) return;
		const wait = Math.max(0, this.lastMoves + MOVE_BATCH_MS - performance.now());
		this.moveTimer = setTimeout(() => {
			this.moveTimer = null;
			this.moveFrame = requestAnimationFrame(() => {
				this.moveFrame = null;
				this.applyMoves();
			});
		}, wait);
	}

	private applyMoves(): void {
		if (this.destroyed) return;
		this.lastMoves = performance.now();
		const moves = [...this.pendingMoves.values()];
		this.pendingMoves.clear();
		const missing: TechnicianPoint[] = [];
		let changed = false;
		for (const p of moves) {
			const f = this.source.getFeatureById(p.id) as Feature<Point> | null;
			if (f) changed = this.update(f, p) || changed;
			else missing.push(p);
		}
		if (missing.length) this.set([...this.source.getFeatures().map((x) => this.pointOf(x)), ...missing]);
		else if (changed) this.changed();
	}

	private pointOf(f: Feature<Point>): TechnicianPoint {
		const p = f.getProperties();
		const [lng, lat] = toLonLat(f.getGeometry()!.getCoordinates());
		return { id: String(f.getId()), name: p.name, status: p.status, heading: p.heading, moving: p.moving, stale: p.stale, lng, lat };
	}

	destroy(): void {
		this.destroyed = true;
		if (this.moveTimer) clearTimeout(this.moveTimer);
		if (this.moveFrame !== null) cancelAnimationFrame(this.moveFrame);
	}
}
