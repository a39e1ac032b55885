/**
 * The OpenLayers side of the live map and the wall screen. Import only from onMount (OpenLayers
 * needs a DOM). Basemap from shipped data (Europe's land, countries and coastlines, Italy's
 * regions and provinces) plus an optional raster layer; calls clustered at low zoom (count and
 * worst colour), single symbols when zoomed in, drawn by WebGL when there are many; technicians
 * as live markers with heading and staleness; one trail.
 */
import 'ol/ol.css';
import Feature, { type FeatureLike } from 'ol/Feature';
import OlMap from 'ol/Map';
import View from 'ol/View';
import { Attribution, Zoom } from 'ol/control';
import { boundingExtent, type Extent } from 'ol/extent';
import TopoJSON from 'ol/format/TopoJSON';
import LineString from 'ol/geom/LineString';
import Point from 'ol/geom/Point';
import type BaseLayer from 'ol/layer/Base';
import TileLayer from 'ol/layer/Tile';
import VectorLayer from 'ol/layer/Vector';
import VectorImageLayer from 'ol/layer/VectorImage';
import WebGLPointsLayer from 'ol/layer/WebGLPoints';
import { fromLonLat, transformExtent } from 'ol/proj';
import Cluster from 'ol/source/Cluster';
import VectorSource from 'ol/source/Vector';
import XYZ from 'ol/source/XYZ';
import { Circle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style';
import { CALL_COLOUR_KEYS, mostUrgent, type CallColourKey } from '$lib/domain/call-colours';
import { CALL_SYMBOLS, initials, TECHNICIAN_COLOURS, type SymbolShape } from './map-colours';
import type { TechnicianStatus } from './map-types';

export type Theme = 'light' | 'dark';
export type CallPoint = { id: string; lng: number; lat: number; worst: CallColourKey };
export type TechnicianPoint = { id: string; name: string; lng: number; lat: number; status: TechnicianStatus; heading: number | null; moving: boolean; stale: boolean };
export type Selection = { kind: 'call'; id: string } | { kind: 'technician'; id: string } | null;

export type EngineOptions = {
	target: HTMLElement;
	theme: Theme;
	attribution: string;
	tileUrl?: string | null;
	tileAttribution?: string | null;
	/** false draws every call as its own canvas symbol at every zoom (the benchmark's baseline). */
	clustering?: boolean;
	/** 'auto' uses WebGL above WEBGL_FROM calls when the browser has it. */
	webgl?: 'auto' | 'never' | 'always';
	onSelect?: (selection: Selection) => void;
	onHover?: (hover: { name: string; x: number; y: number } | null) => void;
};

/** Clusters up to this zoom; single symbols beyond (a province fills the screen at ~9). */
export const CLUSTER_UNTIL_ZOOM = 9;
/** Below this many visible calls canvas symbols (with shapes) draw fast enough. */
export const WEBGL_FROM = 1500;
/** Live positions are drawn in batches this often (ms). */
export const MOVE_BATCH_MS = 100;

const BASE = {
	light: { sea: '#e8eef4', land: '#f7f9fb', country: '#c5cfd9', region: '#98a8b8', province: '#d3dbe3', symbolStroke: '#ffffff', text: '#17212b' },
	dark: { sea: '#0b1220', land: '#1a2332', country: '#3b4a5e', region: '#56687f', province: '#2f3d50', symbolStroke: '#0b1220', text: '#f2f4f7' }
};

function webglAvailable(): boolean {
	try {
		return !!document.createElement('canvas').getContext('webgl');
	} catch {
		return false;
	}
}

function shapeImage(shape: SymbolShape, colour: string, stroke: string, size: number) {
	const fill = new Fill({ color: colour });
	const s = new Stroke({ color: stroke, width: 2 });
	switch (shape) {
		case 'triangle':
			return new RegularShape({ points: 3, radius: size + 2, fill, stroke: s });
		case 'diamond':
			return new RegularShape({ points: 4, radius: size + 1, fill, stroke: s });
		case 'square':
			return new RegularShape({ points: 4, radius: size + 1, angle: Math.PI / 4, fill, stroke: s });
		case 'pentagon':
			return new RegularShape({ points: 5, radius: size + 1, fill, stroke: s });
		case 'circle':
			return new Circle({ radius: size, fill, stroke: s });
		case 'dot':
			return new Circle({ radius: size - 2, fill, stroke: s });
	}
}

export class LiveMapEngine {
	readonly map: OlMap;
	private readonly theme: Theme;
	private readonly calls = new VectorSource<Feature<Point>>();
	private readonly technicians = new VectorSource<Feature<Point>>();
	private readonly trail = new VectorSource();
	private readonly clusterLayer: VectorImageLayer | null;
	private readonly canvasCalls: VectorLayer | VectorImageLayer;
	private webglCalls: WebGLPointsLayer<VectorSource<Feature<Point>>> | null = null;
	private readonly webglMode: 'auto' | 'never' | 'always';
	private readonly styleCache = new Map<string, Style | Style[]>();
	private selectedTechnician: string | null = null;
	private readonly pendingMoves = new Map<string, TechnicianPoint>();
	private moveTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(private readonly options: EngineOptions) {
		this.theme = options.theme;
		this.webglMode = options.webgl ?? 'auto';
		const colours = BASE[this.theme];
		const clustering = options.clustering ?? true;
		const topo = () => new TopoJSON({ dataProjection: 'EPSG:4326' });
		// Only land and country borders: coastlines are the land's edge, the sea is the background.
		const europe = new VectorSource({
			url: '/geo/europe-50m.topo.json',
			format: new TopoJSON({ dataProjection: 'EPSG:4326', layerName: 'layer', layers: ['land', 'countries'] }),
			attributions: 'Natural Earth'
		});
		const regions = new VectorSource({ url: '/geo/italy-regions.topo.json', format: topo(), attributions: options.attribution });
		const provinces = new VectorSource({ url: '/geo/italy-provinces.topo.json', format: topo() });
		const europeStyle = (f: FeatureLike) => {
			const layer = f.get('layer') as string | undefined;
			if (layer === 'land') return new Style({ fill: new Fill({ color: colours.land }) });
			if (layer === 'countries') return new Style({ stroke: new Stroke({ color: colours.country, width: 1 }) });
			return undefined;
		};
		const europeCached = new Map<string, Style | undefined>();
		const layers: BaseLayer[] = [];
		if (options.tileUrl) {
			layers.push(new TileLayer({ source: new XYZ({ url: options.tileUrl, attributions: options.tileAttribution ?? undefined, crossOrigin: 'anonymous' }) }));
		} else {
			layers.push(
				new VectorImageLayer({
					source: europe,
					style: (f) => {
						const key = String(f.get('layer'));
						if (!europeCached.has(key)) europeCached.set(key, europeStyle(f));
						return europeCached.get(key);
					}
				})
			);
		}
		layers.push(
			new VectorImageLayer({ source: regions, style: new Style({ fill: options.tileUrl ? undefined : new Fill({ color: colours.land }), stroke: new Stroke({ color: colours.region, width: 1.2 }) }) }),
			new VectorImageLayer({ source: provinces, minZoom: 7, style: new Style({ stroke: new Stroke({ color: colours.province, width: 0.8, lineDash: [4, 3] }) }) }),
			new VectorLayer({ source: this.trail, style: new Style({ stroke: new Stroke({ color: '#0086c9', width: 3, lineDash: [6, 4] }) }) })
		);
		this.clusterLayer = clustering
			? new VectorImageLayer({
					source: new Cluster({ source: this.calls, distance: 44, minDistance: 12 }),
					maxZoom: CLUSTER_UNTIL_ZOOM,
					style: (f) => this.clusterStyle(f)
				})
			: null;
		// Ours draws static symbols once into an image (redrawn when calls or the view change); the
		// benchmark's baseline replays every symbol on every frame like a plain vector layer.
		this.canvasCalls = clustering
			? new VectorImageLayer({ source: this.calls, minZoom: CLUSTER_UNTIL_ZOOM, style: (f) => this.callStyle(f) })
			: new VectorLayer({ source: this.calls, style: (f) => this.callStyle(f) });
		if (this.clusterLayer) layers.push(this.clusterLayer);
		// Technicians move many times a second: their own canvas, so the rest is not redrawn with them.
		layers.push(this.canvasCalls, new VectorLayer({ source: this.technicians, style: (f) => this.technicianStyle(f), zIndex: 10, className: 'ol-layer technicians' }));

		this.map = new OlMap({
			target: options.target,
			layers,
			view: new View({ center: fromLonLat([12.5, 42.1]), zoom: 5.6, minZoom: 4, maxZoom: 18 }),
			controls: [new Zoom(), new Attribution({ collapsible: false })]
		});
		options.target.style.background = colours.sea;

		this.map.on('singleclick', (event) => {
			const hit = this.map.forEachFeatureAtPixel(event.pixel, (f) => f, { hitTolerance: 6 }) as FeatureLike | undefined;
			if (!hit) return options.onSelect?.(null);
			const members = hit.get('features') as Feature<Point>[] | undefined;
			if (members) {
				if (members.length === 1) return options.onSelect?.({ kind: 'call', id: String(members[0].getId()) });
				const extent = boundingExtent(members.map((m) => m.getGeometry()!.getCoordinates()));
				this.map.getView().fit(extent, { padding: [80, 80, 80, 80], duration: 250, maxZoom: CLUSTER_UNTIL_ZOOM + 1 });
				return;
			}
			const kind = hit.get('kind') as 'call' | 'technician';
			options.onSelect?.({ kind, id: String(hit.getId()) });
		});
		this.map.on('pointermove', (event) => {
			if (event.dragging) return;
			const tech = this.map.forEachFeatureAtPixel(event.pixel, (f) => (f.get('kind') === 'technician' ? f : undefined), { hitTolerance: 4 });
			options.target.style.cursor = this.map.hasFeatureAtPixel(event.pixel, { hitTolerance: 4 }) ? 'pointer' : '';
			options.onHover?.(tech ? { name: String(tech.get('name')), x: event.pixel[0], y: event.pixel[1] } : null);
		});
	}

	private callStyle(f: FeatureLike): Style {
		const worst = f.get('worst') as CallColourKey;
		const key = `c|${worst}`;
		let style = this.styleCache.get(key) as Style | undefined;
		if (!style) {
			const { colour, shape } = CALL_SYMBOLS[worst];
			style = new Style({ image: shapeImage(shape, colour, BASE[this.theme].symbolStroke, this.theme === 'dark' ? 9 : 7) });
			this.styleCache.set(key, style);
		}
		return style;
	}

	private clusterStyle(f: FeatureLike): Style {
		const members = f.get('features') as Feature[];
		if (members.length === 1) return this.callStyle(members[0]);
		const worst = mostUrgent(members.map((m) => m.get('worst') as CallColourKey)) ?? 'planned';
		const count = members.length;
		const key = `k|${worst}|${count}`;
		let style = this.styleCache.get(key) as Style | undefined;
		if (!style) {
			const big = this.theme === 'dark' ? 6 : 0;
			const radius = Math.min(30, 12 + Math.log2(count) * 3) + big;
			style = new Style({
				image: new Circle({ radius, fill: new Fill({ color: CALL_SYMBOLS[worst].colour }), stroke: new Stroke({ color: BASE[this.theme].symbolStroke, width: 3 }) }),
				text: new Text({ text: String(count), font: `700 ${this.theme === 'dark' ? 18 : 13}px system-ui, sans-serif`, fill: new Fill({ color: '#ffffff' }) })
			});
			if (this.styleCache.size > 5000) this.styleCache.clear();
			this.styleCache.set(key, style);
		}
		return style;
	}

	private technicianStyle(f: FeatureLike): Style[] {
		const status = f.get('status') as TechnicianStatus;
		const stale = f.get('stale') as boolean;
		const moving = f.get('moving') as boolean;
		const heading = f.get('heading') as number | null;
		const name = f.get('name') as string;
		const selected = f.getId() === this.selectedTechnician;
		const turn = moving && heading !== null ? Math.round(heading / 10) * 10 : -1;
		const key = `t|${status}|${stale}|${turn}|${name}|${selected}`;
		let style = this.styleCache.get(key) as Style[] | undefined;
		if (!style) {
			const colour = TECHNICIAN_COLOURS[status];
			const alpha = stale ? 0.35 : 1;
			const size = this.theme === 'dark' ? 13 : 11;
			const ring = selected ? '#f79009' : this.theme === 'dark' ? '#f2f4f7' : '#101828';
			style = [
				new Style({
					image: new Circle({ radius: size, fill: new Fill({ color: hexAlpha(colour, alpha) }), stroke: new Stroke({ color: hexAlpha(ring, stale ? 0.5 : 1), width: selected ? 4 : 2.5 }) }),
					text: new Text({ text: initials(name), font: `700 ${this.theme === 'dark' ? 12 : 10}px system-ui, sans-serif`, fill: new Fill({ color: hexAlpha('#ffffff', stale ? 0.7 : 1) }) }),
					zIndex: 2
				})
			];
			if (turn >= 0) {
				const rad = (turn * Math.PI) / 180;
				style.push(
					new Style({
						image: new RegularShape({
							points: 3,
							radius: 6,
							rotation: rad,
							rotateWithView: true,
							displacement: [Math.sin(rad) * (size + 6), Math.cos(rad) * (size + 6)],
							fill: new Fill({ color: hexAlpha(ring, alpha) })
						}),
						zIndex: 1
					})
				);
			}
			if (this.styleCache.size > 5000) this.styleCache.clear();
			this.styleCache.set(key, style);
		}
		return style;
	}

	/** Replaces the calls drawn; features are reused by id and updated silently, then one redraw. */
	setCalls(points: readonly CallPoint[]): void {
		const existing = new Map(this.calls.getFeatures().map((f) => [String(f.getId()), f]));
		const added: Feature<Point>[] = [];
		const keep = new Set<string>();
		for (const p of points) {
			keep.add(p.id);
			const coordinate = fromLonLat([p.lng, p.lat]);
			const feature = existing.get(p.id);
			if (feature) {
				feature.setProperties({ worst: p.worst, rank: CALL_COLOUR_KEYS.indexOf(p.worst) }, true);
				const geometry = feature.getGeometry()!;
				const [x, y] = geometry.getCoordinates();
				if (x !== coordinate[0] || y !== coordinate[1]) geometry.setCoordinates(coordinate);
			} else {
				const f = new Feature({ geometry: new Point(coordinate), kind: 'call', worst: p.worst, rank: CALL_COLOUR_KEYS.indexOf(p.worst) });
				f.setId(p.id);
				added.push(f);
			}
		}
		for (const [id, f] of existing) if (!keep.has(id)) this.calls.removeFeature(f);
		if (added.length) this.calls.addFeatures(added);
		this.chooseRenderer(points.length);
		this.calls.changed();
	}

	private chooseRenderer(count: number) {
		const want = this.webglMode === 'always' || (this.webglMode === 'auto' && count >= WEBGL_FROM);
		if (want && !this.webglCalls && webglAvailable()) {
			const colour: unknown[] = ['match', ['get', 'worst']];
			for (const k of CALL_COLOUR_KEYS) colour.push(k, CALL_SYMBOLS[k].colour);
			colour.push('#475467');
			this.webglCalls = new WebGLPointsLayer({
				source: this.calls,
				minZoom: this.clusterLayer ? CLUSTER_UNTIL_ZOOM : undefined,
				style: {
					'circle-radius': ['match', ['get', 'rank'], 0, 8, 1, 7, 2, 7, 3, 7, 4, 7, 5],
					'circle-fill-color': colour as never,
					'circle-stroke-color': BASE[this.theme].symbolStroke,
					'circle-stroke-width': 1.5
				}
			});
			this.map.getLayers().insertAt(this.map.getLayers().getArray().indexOf(this.canvasCalls), this.webglCalls);
		}
		const useWebgl = want && !!this.webglCalls;
		this.webglCalls?.setVisible(useWebgl);
		this.canvasCalls.setVisible(!useWebgl);
	}

	/** Whether calls are currently drawn by WebGL (for the benchmark's report). */
	get drawsCallsWithWebgl(): boolean {
		return !!this.webglCalls?.getVisible();
	}

	setTechnicians(points: readonly TechnicianPoint[]): void {
		const existing = new Map(this.technicians.getFeatures().map((f) => [String(f.getId()), f]));
		const keep = new Set<string>();
		const added: Feature<Point>[] = [];
		for (const p of points) {
			keep.add(p.id);
			const f = existing.get(p.id);
			if (f) this.updateTechnicianFeature(f, p);
			else {
				const feature = new Feature({ geometry: new Point(fromLonLat([p.lng, p.lat])), kind: 'technician', name: p.name, status: p.status, heading: p.heading, moving: p.moving, stale: p.stale });
				feature.setId(p.id);
				added.push(feature);
			}
		}
		for (const [id, f] of existing) if (!keep.has(id)) this.technicians.removeFeature(f);
		if (added.length) this.technicians.addFeatures(added);
	}

	private updateTechnicianFeature(f: Feature<Point>, p: TechnicianPoint) {
		f.setProperties({ name: p.name, status: p.status, heading: p.heading, moving: p.moving, stale: p.stale }, true);
		f.getGeometry()!.setCoordinates(fromLonLat([p.lng, p.lat]));
	}

	/**
	 * One technician moved (a live position). Moves are applied together at most every
	 * MOVE_BATCH_MS: fifty positions a second would otherwise redraw the markers fifty times,
	 * and a marker that moves ten times a second already looks continuous.
	 */
	moveTechnician(p: TechnicianPoint): void {
		this.pendingMoves.set(p.id, p);
		this.moveTimer ??= setTimeout(() => this.applyMoves(), MOVE_BATCH_MS);
	}

	private applyMoves(): void {
		this.moveTimer = null;
		const moves = [...this.pendingMoves.values()];
		this.pendingMoves.clear();
		const missing: TechnicianPoint[] = [];
		for (const p of moves) {
			const f = this.technicians.getFeatureById(p.id) as Feature<Point> | null;
			if (f) f.setProperties({ name: p.name, status: p.status, heading: p.heading, moving: p.moving, stale: p.stale }, true);
			if (f) f.getGeometry()!.setCoordinates(fromLonLat([p.lng, p.lat]), 'XY');
			else missing.push(p);
		}
		if (missing.length) this.setTechnicians([...this.technicians.getFeatures().map((x) => this.pointOf(x)), ...missing]);
	}

	private pointOf(f: Feature<Point>): TechnicianPoint {
		const p = f.getProperties();
		const [lng, lat] = f.getGeometry()!.getCoordinates();
		return { id: String(f.getId()), name: p.name, status: p.status, heading: p.heading, moving: p.moving, stale: p.stale, lng, lat };
	}

	selectTechnician(id: string | null, trail: { lng: number; lat: number }[] = []): void {
		this.selectedTechnician = id;
		this.trail.clear(true);
		if (trail.length > 1) this.trail.addFeature(new Feature(new LineString(trail.map((p) => fromLonLat([p.lng, p.lat])))));
		this.trail.changed();
		this.technicians.changed();
	}

	/** Shows an area (lon/lat extent), or the calls and technicians when null. */
	fit(extent: [number, number, number, number] | null, duration = 400): void {
		let target: Extent | null = extent ? transformExtent(extent, 'EPSG:4326', 'EPSG:3857') : null;
		if (!target) {
			const coords = [...this.calls.getFeatures(), ...this.technicians.getFeatures()].map((f) => f.getGeometry()!.getCoordinates());
			if (coords.length === 0) return;
			target = boundingExtent(coords);
		}
		this.map.getView().fit(target, { padding: [60, 60, 60, 60], duration, maxZoom: 12 });
	}

	destroy(): void {
		if (this.moveTimer) clearTimeout(this.moveTimer);
		this.map.setTarget(undefined);
		this.map.dispose();
	}
}

function hexAlpha(hex: string, alpha: number): string {
	if (alpha >= 1) return hex;
	const n = parseInt(hex.slice(1), 16);
	return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
