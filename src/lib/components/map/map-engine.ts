/**
 * The OpenLayers side of the live map and the wall screen. Import only from onMount (OpenLayers
 * needs a DOM). Basemap from shipped data (map-basemap.ts); calls in clusters at low zoom (count
 * and worst colour), single symbols when zoomed in; technicians as live markers with heading and
 * staleness (map-technicians.ts); one trail.
 *
 * What keeps it fast with 5,000 calls and 500 moving technicians:
 * - clusters are computed (map-cluster-levels.ts) once per resolution when the view settles,
 *   never while it moves; a call changing colour changes only its own cluster's worst colour;
 * - calls are drawn into an image (redrawn when they change or the view settles; moved and scaled
 *   while the view moves), or by WebGL when the browser has a GPU and there are many calls
 *   (map-renderer.ts: software WebGL, as in a browser without a GPU, is slower than the canvas);
 * - live positions are applied in batches on an animation frame, at most every MOVE_BATCH_MS;
 * - styles are cached by what they show (map-symbols.ts).
 *
 * What is drawn is written on the map element (data-* attributes, see map-drawn-state.ts), for
 * tests and tools.
 */
import 'ol/ol.css';
import Feature from 'ol/Feature';
import OlMap from 'ol/Map';
import type MapBrowserEvent from 'ol/MapBrowserEvent';
import View from 'ol/View';
import { Attribution, Zoom } from 'ol/control';
import { boundingExtent, type Extent } from 'ol/extent';
import LineString from 'ol/geom/LineString';
import Point from 'ol/geom/Point';
import type BaseLayer from 'ol/layer/Base';
import VectorLayer from 'ol/layer/Vector';
import VectorImageLayer from 'ol/layer/VectorImage';
import { fromLonLat, transformExtent } from 'ol/proj';
import VectorSource from 'ol/source/Vector';
import { Stroke, Style } from 'ol/style';
import { CALL_COLOUR_KEYS, type CallColourKey } from '$lib/domain/call-colours';
import { basemapLayers } from './map-basemap';
import { ClusterLevels } from './map-cluster-levels';
import { writeDrawnCalls, writeDrawnTechnicians } from './map-drawn-state';
import { hitAt, type Hit } from './map-hit';
import { rendererFor, webglLayers, type Renderer, type WebglMode } from './map-renderer';
import { MapSymbols } from './map-symbols';
import { TechnicianMarkers, type TechnicianPoint } from './map-technicians';
import { BASE_COLOURS, markerSize, symbolSize, type Theme } from './map-theme';

export type { Theme } from './map-theme';
export type { TechnicianPoint } from './map-technicians';
export { MOVE_BATCH_MS } from './map-technicians';
export { CLUSTER_DISTANCE_PX } from './map-cluster-levels';
export { STALE_OPACITY } from './map-symbols';
export { WEBGL_FROM, webglInfo } from './map-renderer';

export type CallPoint = { id: string; lng: number; lat: number; worst: CallColourKey };
export type Selection = { kind: 'call'; id: string } | { kind: 'technician'; id: string } | null;

export type EngineOptions = {
	target: HTMLElement;
	theme: Theme;
	attribution: string;
	tileUrl?: string | null;
	tileAttribution?: string | null;
	/** false draws every call as its own symbol on one plain canvas layer (the benchmark's baseline). */
	clustering?: boolean;
	/** 'auto' uses WebGL from WEBGL_FROM calls when the browser draws WebGL on a GPU. */
	webgl?: WebglMode;
	onSelect?: (selection: Selection) => void;
	onHover?: (hover: { name: string; x: number; y: number } | null) => void;
};

/** Clusters up to this zoom (inclusive); single symbols beyond (a province fills the screen at ~9). */
export const CLUSTER_UNTIL_ZOOM = 9;
/**
 * The images of the basemap, calls and markers are drawn this much bigger than the view (per
 * side): while the view moves they are only moved and scaled, so what comes into view during a
 * pan or a zoom out is already drawn instead of blank until the view settles.
 */
const IMAGE_RATIO = 1.5;
/** The drawn state on the map element is rewritten at most this often (ms). */
const REPORT_MS = 150;

export class LiveMapEngine {
	readonly map: OlMap;
	private readonly theme: Theme;
	private readonly clustering: boolean;
	private readonly webglMode: WebglMode;
	/** Every call, one feature each: drawn one by one when zoomed in (or in the plain mode). */
	private readonly calls = new VectorSource<Feature<Point>>({ useSpatialIndex: true });
	/** The clusters of the current resolution (a single call is a cluster of one). */
	private readonly clusters = new VectorSource<Feature<Point>>();
	private readonly clusterLevels: ClusterLevels;
	private readonly technicians: TechnicianMarkers;
	private readonly trail = new VectorSource();
	private readonly symbols: MapSymbols;
	private readonly canvasLayers: BaseLayer[] = [];
	private webglLayers: BaseLayer[] | null = null;
	private webglLoading = false;
	private webglFailed = false;
	private renderer: Renderer = { kind: 'canvas', reason: '' };
	private reclusterPending = false;
	private selectedTechnician: string | null = null;
	private reportTimer: ReturnType<typeof setTimeout> | null = null;
	private reportCalls = true;
	private reportTechnicians = true;
	private reportedClustersShown: boolean | null = null;
	private destroyed = false;

	constructor(private readonly options: EngineOptions) {
		this.theme = options.theme;
		this.clustering = options.clustering ?? true;
		this.webglMode = options.webgl ?? 'auto';
		this.symbols = new MapSymbols(this.theme, () => this.selectedTechnician);
		this.clusterLevels = new ClusterLevels(this.calls, this.theme === 'dark');
		this.technicians = new TechnicianMarkers(() => this.scheduleReport('technicians'));
		const colours = BASE_COLOURS[this.theme];
		const basemap = basemapLayers({
			colours,
			attribution: options.attribution,
			tileUrl: options.tileUrl,
			tileAttribution: options.tileAttribution,
			imageRatio: IMAGE_RATIO,
			loaded: () => {
				options.target.dataset.basemap = 'loaded';
			}
		});
		const layers: BaseLayer[] = [...basemap.layers];
		basemap.raster
			?.then(({ layer, above }) => {
				if (this.destroyed) return;
				this.map.getLayers().insertAt(this.map.getLayers().getArray().indexOf(above) + 1, layer);
			})
			// The raster code did not load (a release replaced it, no network): the shipped basemap stays.
			.catch((error) => console.warn('map: the raster layer could not be loaded', error));
		layers.push(new VectorLayer({ source: this.trail, style: new Style({ stroke: new Stroke({ color: '#0086c9', width: 3, lineDash: [6, 4] }) }) }));
		// Calls on canvas: clusters up to CLUSTER_UNTIL_ZOOM, the calls in view beyond, each drawn
		// into an image when they change or the view settles, and moved and scaled as one image while
		// the view moves. Every layer shares one canvas: one canvas to composite per frame. The plain
		// mode (the benchmark's baseline) replays every call's symbol on every frame instead.
		if (this.clustering) {
			this.canvasLayers.push(
				new VectorImageLayer({ source: this.clusters, maxZoom: CLUSTER_UNTIL_ZOOM, imageRatio: IMAGE_RATIO, style: (f) => this.symbols.cluster(f) }),
				new VectorImageLayer({ source: this.calls, minZoom: CLUSTER_UNTIL_ZOOM, imageRatio: IMAGE_RATIO, style: (f) => this.symbols.call(f.get('rank') as number) })
			);
		} else {
			this.canvasLayers.push(new VectorLayer({ source: this.calls, style: (f) => this.symbols.call(f.get('rank') as number) }));
		}
		layers.push(...this.canvasLayers);
		// Technicians too: redrawn when a batch of moves arrives, moved as one image while the view moves.
		layers.push(new VectorImageLayer({ source: this.technicians.source, style: (f) => this.symbols.technician(f), zIndex: 10, imageRatio: IMAGE_RATIO }));

		this.map = new OlMap({
			target: options.target,
			layers,
			view: new View({ center: fromLonLat([12.5, 42.1]), zoom: 5.6, minZoom: 4, maxZoom: 18 }),
			controls: [new Zoom(), new Attribution({ collapsible: false })]
		});
		options.target.style.background = colours.sea;
		this.chooseRenderer(0);

		// Clusters follow the view once it settles: never recomputed while it moves.
		this.map.on('moveend', () => {
			if (this.reclusterPending || (this.clustersShown && this.clusterLevels.shownResolution !== this.map.getView().getResolution())) this.recluster();
			if (this.clustersShown !== this.reportedClustersShown) this.scheduleReport('calls');
		});
		this.map.on('singleclick', (event) => this.click(event));
		this.map.on('pointermove', (event) => {
			if (event.dragging) return;
			const hit = this.hit(event.pixel);
			options.target.style.cursor = hit ? 'pointer' : '';
			options.onHover?.(hit?.kind === 'technician' ? { name: String(hit.feature.get('name')), x: event.pixel[0], y: event.pixel[1] } : null);
		});
	}

	// ---- Which renderer draws the calls ----

	private chooseRenderer(count: number) {
		let next = rendererFor(this.webglMode, count);
		if (next.kind === 'webgl' && this.webglFailed) next = { kind: 'canvas', reason: 'the WebGL code could not be loaded' };
		if (next.kind === 'webgl' && !this.webglLayers) {
			// Canvas until the WebGL code has loaded.
			if (!this.webglLoading) {
				this.webglLoading = true;
				const clusters = this.clustering ? { source: this.clusters, untilZoom: CLUSTER_UNTIL_ZOOM, countLabel: this.symbols.countLabel.bind(this.symbols) } : null;
				webglLayers({ theme: this.theme, clusters, calls: this.calls })
					.then((layers) => {
						if (this.destroyed) return;
						const at = this.map.getLayers().getArray().indexOf(this.canvasLayers[0]);
						layers.forEach((layer, i) => this.map.getLayers().insertAt(at + i, layer));
						this.webglLayers = layers;
						this.chooseRenderer(this.calls.getFeatures().length);
					})
					.catch((error) => {
						// Canvas it stays, saying why (a release replaced the chunk, no network).
						console.warn('map: the WebGL layers could not be loaded', error);
						this.webglFailed = true;
						if (!this.destroyed) this.chooseRenderer(this.calls.getFeatures().length);
					});
			}
			next = { kind: 'canvas', reason: 'loading WebGL' };
		}
		for (const layer of this.canvasLayers) layer.setVisible(next.kind === 'canvas');
		for (const layer of this.webglLayers ?? []) layer.setVisible(next.kind === 'webgl');
		if (next.kind !== this.renderer.kind || next.reason !== this.renderer.reason) {
			this.renderer = next;
			this.scheduleReport('calls');
		}
	}

	/** Whether calls are currently drawn by WebGL. */
	get drawsCallsWithWebgl(): boolean {
		return this.renderer.kind === 'webgl';
	}

	// ---- Calls ----

	/**
	 * Replaces the calls drawn. Features are reused by id: a call that only changed colour is
	 * restyled (and its cluster's worst colour updated) without reclustering; calls added, removed
	 * or moved recluster once the view is still.
	 */
	setCalls(points: readonly CallPoint[]): void {
		const keep = new Set<string>();
		const added: Feature<Point>[] = [];
		const recoloured: string[] = [];
		let moved = false;
		for (const p of points) {
			keep.add(p.id);
			const rank = CALL_COLOUR_KEYS.indexOf(p.worst);
			const feature = this.calls.getFeatureById(p.id) as Feature<Point> | null;
			if (!feature) {
				const f = new Feature({ geometry: new Point(fromLonLat([p.lng, p.lat])), kind: 'call', rank });
				f.setId(p.id);
				added.push(f);
				continue;
			}
			if (feature.get('rank') !== rank) {
				feature.set('rank', rank, true);
				recoloured.push(p.id);
			}
			const geometry = feature.getGeometry()!;
			const [x, y] = geometry.getCoordinates();
			const [nx, ny] = fromLonLat([p.lng, p.lat]);
			if (x !== nx || y !== ny) {
				geometry.setCoordinates([nx, ny]);
				moved = true;
			}
		}
		const removed = this.calls.getFeatures().filter((f) => !keep.has(String(f.getId())));
		if (removed.length) this.calls.removeFeatures(removed);
		if (added.length) this.calls.addFeatures(added);
		if (recoloured.length) this.calls.changed();
		this.chooseRenderer(points.length);
		if (added.length || removed.length || moved) {
			this.clusterLevels.clear();
			this.recluster();
		} else if (recoloured.length && this.clusterLevels.recolour(recoloured)) {
			this.clusters.changed();
		}
		if (added.length || removed.length || moved || recoloured.length) this.scheduleReport('calls');
	}

	private get clustersShown(): boolean {
		return this.clustering && (this.map.getView().getZoom() ?? 0) <= CLUSTER_UNTIL_ZOOM;
	}

	/** Clusters for the current resolution, from the cache or computed. */
	private recluster(): void {
		if (!this.clustering) return;
		const view = this.map.getView();
		// Not while the view moves, and not while zoomed in past the clusters: when the view settles there.
		if (view.getAnimating() || view.getInteracting() || !this.clustersShown) {
			this.reclusterPending = true;
			return;
		}
		this.reclusterPending = false;
		const replaced = this.clusterLevels.show(view.getResolution()!);
		if (replaced) {
			this.clusters.clear(true);
			this.clusters.addFeatures(replaced);
			this.scheduleReport('calls');
		}
	}

	// ---- Technicians ----

	setTechnicians(points: readonly TechnicianPoint[]): void {
		this.technicians.set(points);
	}

	/** One technician moved (a live position): applied with the others on an animation frame, at most every MOVE_BATCH_MS. */
	moveTechnician(p: TechnicianPoint): void {
		this.technicians.move(p);
	}

	selectTechnician(id: string | null, trail: { lng: number; lat: number }[] = []): void {
		this.selectedTechnician = id;
		this.trail.clear(true);
		if (trail.length > 1) this.trail.addFeature(new Feature(new LineString(trail.map((p) => fromLonLat([p.lng, p.lat])))));
		this.trail.changed();
		this.technicians.source.changed();
	}

	// ---- Pointer ----

	private hit(pixel: number[]): Hit | null {
		return hitAt(this.map, pixel, {
			technicians: this.technicians.source,
			clusters: this.clustersShown ? this.clusters : null,
			calls: this.calls,
			markerSize: markerSize(this.theme),
			symbolSize: symbolSize(this.theme)
		});
	}

	private click(event: MapBrowserEvent): void {
		const hit = this.hit(event.pixel);
		if (!hit) return this.options.onSelect?.(null);
		if (hit.kind === 'technician') return this.options.onSelect?.({ kind: 'technician', id: String(hit.feature.getId()) });
		if (hit.kind === 'call') return this.options.onSelect?.({ kind: 'call', id: String(hit.feature.getId()) });
		const members = hit.feature.get('members') as string[];
		if (members.length === 1) return this.options.onSelect?.({ kind: 'call', id: members[0] });
		const coordinates = members.map((id) => (this.calls.getFeatureById(id) as Feature<Point> | null)?.getGeometry()?.getCoordinates()).filter((c): c is number[] => !!c);
		this.map.getView().fit(boundingExtent(coordinates), { padding: [80, 80, 80, 80], duration: 250, maxZoom: CLUSTER_UNTIL_ZOOM + 1 });
	}

	/** Shows an area (lon/lat extent), or the calls and technicians when null. */
	fit(extent: [number, number, number, number] | null, duration = 400): void {
		let target: Extent | null = extent ? transformExtent(extent, 'EPSG:4326', 'EPSG:3857') : null;
		if (!target) {
			const coords = [...this.calls.getFeatures(), ...this.technicians.source.getFeatures()].map((f) => f.getGeometry()!.getCoordinates());
			if (coords.length === 0) return;
			target = boundingExtent(coords);
		}
		this.map.getView().fit(target, { padding: [60, 60, 60, 60], duration, maxZoom: 12 });
	}

	// ---- What is drawn, on the map element ----

	private scheduleReport(what: 'calls' | 'technicians'): void {
		if (what === 'calls') this.reportCalls = true;
		else this.reportTechnicians = true;
		this.reportTimer ??= setTimeout(() => this.report(), REPORT_MS);
	}

	private report(): void {
		this.reportTimer = null;
		if (this.destroyed) return;
		const data = this.options.target.dataset;
		if (this.reportCalls) {
			this.reportCalls = false;
			this.reportedClustersShown = this.clustersShown;
			writeDrawnCalls(data, this.renderer, this.calls, this.clustersShown ? this.clusterLevels.shown : null);
		}
		if (this.reportTechnicians) {
			this.reportTechnicians = false;
			writeDrawnTechnicians(data, this.technicians.source);
		}
	}

	destroy(): void {
		this.destroyed = true;
		this.technicians.destroy();
		if (this.reportTimer) clearTimeout(this.reportTimer);
		this.map.setTarget(undefined);
		// Map.dispose leaves its layers alone: a WebGL layer keeps its GPU context until collected,
		// and browsers cap live contexts (moving between the map and other pages would hit it).
		for (const layer of this.map.getAllLayers()) layer.dispose();
		this.map.dispose();
	}
}
