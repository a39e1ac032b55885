/**
 * The OpenLayers side of the live map and the wall screen. Import only from onMount (OpenLayers
 * needs a DOM). Basemap from shipped data (Europe's land, countries and coastlines, Italy's
 * regions and provinces), always drawn, with an optional raster layer over the land; calls in
 * clusters at low zoom (count and worst colour), single symbols when zoomed in; technicians as
 * live markers with heading and staleness; one trail.
 *
 * What keeps it fast with 5,000 calls and 500 moving technicians:
 * - clusters are computed here (map-clusters.ts) once per resolution when the view settles, never
 *   while it moves; a call changing colour changes only its own cluster's worst colour;
 * - calls are drawn into an image (redrawn when they change or the view settles; moved and scaled
 *   while the view moves), or by WebGL when the browser has a GPU and there are many calls
 *   (software WebGL, as in a browser without a GPU, is slower than the canvas and is not used);
 * - live positions are applied in batches on an animation frame, at most every MOVE_BATCH_MS;
 * - styles are cached by what they show.
 *
 * What is drawn is written on the map element (data-* attributes, see `report`), for tests and
 * tools: the renderer, calls per colour, clusters with count and worst colour, technician markers
 * with position, opacity and heading.
 */
import 'ol/ol.css';
import Feature, { type FeatureLike } from 'ol/Feature';
import OlMap from 'ol/Map';
import type MapBrowserEvent from 'ol/MapBrowserEvent';
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
import WebGLVectorLayer from 'ol/layer/WebGLVector';
import { fromLonLat, toLonLat, transformExtent } from 'ol/proj';
import type Projection from 'ol/proj/Projection';
import VectorSource from 'ol/source/Vector';
import XYZ from 'ol/source/XYZ';
import { Circle, Fill, Icon, RegularShape, Stroke, Style, Text } from 'ol/style';
import type { FlatStyle, Rule } from 'ol/style/flat';
import { CALL_COLOUR_KEYS, type CallColourKey } from '$lib/domain/call-colours';
import { clusterPoints, clusterRadius } from './map-clusters';
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
	/** false draws every call as its own symbol on one plain canvas layer (the benchmark's baseline). */
	clustering?: boolean;
	/** 'auto' uses WebGL from WEBGL_FROM calls when the browser draws WebGL on a GPU. */
	webgl?: 'auto' | 'never' | 'always';
	onSelect?: (selection: Selection) => void;
	onHover?: (hover: { name: string; x: number; y: number } | null) => void;
};

/** Clusters up to this zoom (inclusive); single symbols beyond (a province fills the screen at ~9). */
export const CLUSTER_UNTIL_ZOOM = 9;
/** Calls closer than this on screen (px) share a cluster. */
export const CLUSTER_DISTANCE_PX = 44;
/** From this many calls WebGL draws them, when the browser has a GPU. */
export const WEBGL_FROM = 1500;
/**
 * Live positions are drawn in batches at most this often (ms), on an animation frame. Each
 * technician reports every few seconds, so a quarter of a second late is not seen; redrawing
 * 500 markers for every one of 50 positions a second would be.
 */
export const MOVE_BATCH_MS = 250;
/** A stale technician's marker is drawn at this opacity. */
export const STALE_OPACITY = 0.35;
/** The drawn state on the map element is rewritten at most this often (ms). */
const REPORT_MS = 150;

const BASE = {
	light: { land: '#f7f9fb', sea: '#e8eef4', country: '#c5cfd9', region: '#98a8b8', province: '#d3dbe3', symbolStroke: '#ffffff', text: '#17212b' },
	dark: { land: '#1a2332', sea: '#0b1220', country: '#3b4a5e', region: '#56687f', province: '#2f3d50', symbolStroke: '#0b1220', text: '#f2f4f7' }
};

type WebglInfo = { available: boolean; software: boolean; name: string };
let webglInfoCache: WebglInfo | null = null;

/** Whether the browser has WebGL, and whether it draws it in software (no GPU). */
export function webglInfo(): WebglInfo {
	if (webglInfoCache) return webglInfoCache;
	let info: WebglInfo = { available: false, software: false, name: '' };
	try {
		const gl = document.createElement('canvas').getContext('webgl');
		if (gl) {
			const debug = gl.getExtension('WEBGL_debug_renderer_info');
			const name = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
			info = { available: true, software: /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name), name };
			gl.getExtension('WEBGL_lose_context')?.loseContext();
		}
	} catch {
		/* no WebGL */
	}
	return (webglInfoCache = info);
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

/** The same shapes for WebGL, one rule per colour (flat style). */
function webglShape(shape: SymbolShape, colour: string, stroke: string, size: number): FlatStyle {
	const common = { 'fill-color': colour, 'stroke-color': stroke, 'stroke-width': 2 };
	const withPrefix = (prefix: 'shape' | 'circle', o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`${prefix}-${k}`, v]));
	switch (shape) {
		case 'triangle':
			return withPrefix('shape', { points: 3, radius: size + 2, ...common }) as FlatStyle;
		case 'diamond':
			return withPrefix('shape', { points: 4, radius: size + 1, ...common }) as FlatStyle;
		case 'square':
			return withPrefix('shape', { points: 4, radius: size + 1, angle: Math.PI / 4, ...common }) as FlatStyle;
		case 'pentagon':
			return withPrefix('shape', { points: 5, radius: size + 1, ...common }) as FlatStyle;
		case 'circle':
			return withPrefix('circle', { radius: size, ...common }) as FlatStyle;
		case 'dot':
			return withPrefix('circle', { radius: size - 2, ...common }) as FlatStyle;
	}
}

/** How a technician's marker looks: the style and the drawn-state report both read this. */
function technicianLook(f: FeatureLike) {
	const moving = f.get('moving') as boolean;
	const heading = f.get('heading') as number | null;
	const stale = f.get('stale') as boolean;
	return { opacity: stale ? STALE_OPACITY : 1, rotation: moving && heading !== null ? (Math.round(heading / 10) * 10) % 360 : null };
}

/** Provinces are drawn from zoom 7 (finer than this resolution, m/px). */
const PROVINCES_BELOW_RESOLUTION = 156543.03392804097 / 2 ** 7;

/** The basemap's features from the shipped files, tagged by what they are: land, countries, region, province. */
function basemapSource(attribution: string, loaded: () => void): VectorSource {
	const files = [
		{ url: '/geo/europe-50m.topo.json', layers: ['land', 'countries'], tag: null },
		{ url: '/geo/italy-regions.topo.json', layers: undefined, tag: 'region' },
		{ url: '/geo/italy-provinces.topo.json', layers: undefined, tag: 'province' }
	];
	// Fetched at once, not when the layer first draws: the first render waits for this.
	const downloads = files.map(async (file) => {
		const res = await fetch(file.url);
		if (!res.ok) throw new Error(`${file.url}: ${res.status}`);
		return res.json();
	});
	for (const d of downloads) d.catch(() => {});
	const source: VectorSource = new VectorSource({
		attributions: ['Natural Earth', attribution],
		loader: (_extent, _resolution, projection, success, failure) => void load(projection, success, failure)
	});
	async function load(projection: Projection, success?: (features: Feature[]) => void, failure?: () => void) {
		const read = await Promise.allSettled(
			files.map(async ({ layers, tag }, i) => {
				const format = new TopoJSON({ dataProjection: 'EPSG:4326', layerName: 'layer', layers });
				const features = format.readFeatures(await downloads[i], { featureProjection: projection }) as Feature[];
				if (tag) for (const f of features) f.set('layer', tag, true);
				return features;
			})
		);
		const features = read.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
		source.addFeatures(features);
		if (features.length) {
			success?.(features);
			loaded();
		} else failure?.();
	}
	return source;
}

function basemapStyles(colours: (typeof BASE)['light'], withTiles: boolean) {
	// zIndex keeps the order whatever order the files arrived in: land, then borders, finest last.
	const land = new Style({ fill: new Fill({ color: colours.land }), zIndex: 0 });
	const country = new Style({ stroke: new Stroke({ color: colours.country, width: 1 }), zIndex: 1 });
	const region = new Style({ fill: withTiles ? undefined : new Fill({ color: colours.land }), stroke: new Stroke({ color: colours.region, width: 1.2 }), zIndex: 2 });
	const province = new Style({ stroke: new Stroke({ color: colours.province, width: 0.8, lineDash: [4, 3] }), zIndex: 3 });
	const borders = (f: FeatureLike, resolution: number) => {
		const layer = f.get('layer');
		if (layer === 'countries') return country;
		if (layer === 'region') return region;
		if (layer === 'province' && resolution < PROVINCES_BELOW_RESOLUTION) return province;
		return undefined;
	};
	return {
		land: (f: FeatureLike) => (f.get('layer') === 'land' ? land : undefined),
		borders,
		all: (f: FeatureLike, resolution: number) => (f.get('layer') === 'land' ? land : borders(f, resolution))
	};
}

type Level = { resolution: number; clusters: Feature<Point>[]; byCall: Map<string, Feature<Point>>; ranksStale: boolean };

export class LiveMapEngine {
	readonly map: OlMap;
	private readonly theme: Theme;
	private readonly clustering: boolean;
	private readonly webglMode: 'auto' | 'never' | 'always';
	/** Every call, one feature each: drawn one by one when zoomed in (or in the plain mode). */
	private readonly calls = new VectorSource<Feature<Point>>({ useSpatialIndex: true });
	/** The clusters of the current resolution (a single call is a cluster of one). */
	private readonly clusters = new VectorSource<Feature<Point>>();
	private readonly technicians = new VectorSource<Feature<Point>>();
	private readonly trail = new VectorSource();
	/** Europe's land and borders, Italy's regions and provinces, from the shipped files. */
	private readonly basemap: VectorSource;
	private readonly canvasLayers: BaseLayer[] = [];
	private webglLayers: BaseLayer[] | null = null;
	private renderer: { kind: 'webgl' | 'canvas'; reason: string } = { kind: 'canvas', reason: '' };
	private readonly styleCache = new Map<string, Style | Style[]>();
	private readonly levels = new Map<number, Level>();
	private level: Level | null = null;
	private reclusterPending = false;
	private selectedTechnician: string | null = null;
	private readonly pendingMoves = new Map<string, TechnicianPoint>();
	private moveTimer: ReturnType<typeof setTimeout> | null = null;
	private moveFrame: number | null = null;
	private lastMoves = 0;
	private reportTimer: ReturnType<typeof setTimeout> | null = null;
	private reportCalls = true;
	private reportTechnicians = true;
	private reportedClustersShown: boolean | null = null;
	private destroyed = false;

	constructor(private readonly options: EngineOptions) {
		this.theme = options.theme;
		this.clustering = options.clustering ?? true;
		this.webglMode = options.webgl ?? 'auto';
		const colours = BASE[this.theme];
		this.basemap = basemapSource(options.attribution, () => {
			options.target.dataset.basemap = 'loaded';
		});
		// One image for the whole basemap: every layer drawn costs a full-screen copy per frame
		// while the view moves. With a raster layer, the shipped land stays under it (with no
		// network the raster is empty, the land is not) and the borders go over it.
		const styles = basemapStyles(colours, !!options.tileUrl);
		const layers: BaseLayer[] = [];
		if (options.tileUrl) {
			layers.push(
				new VectorImageLayer({ source: this.basemap, style: styles.land }),
				new TileLayer({ source: new XYZ({ url: options.tileUrl, attributions: options.tileAttribution ?? undefined, crossOrigin: 'anonymous' }) }),
				new VectorImageLayer({ source: this.basemap, style: styles.borders })
			);
		} else {
			layers.push(new VectorImageLayer({ source: this.basemap, style: styles.all }));
		}
		layers.push(new VectorLayer({ source: this.trail, style: new Style({ stroke: new Stroke({ color: '#0086c9', width: 3, lineDash: [6, 4] }) }) }));
		// Calls on canvas: clusters up to CLUSTER_UNTIL_ZOOM, the calls in view beyond, each drawn
		// into an image when they change or the view settles, and moved and scaled as one image while
		// the view moves. Every layer shares one canvas: one canvas to composite per frame. The plain
		// mode (the benchmark's baseline) replays every call's symbol on every frame instead.
		if (this.clustering) {
			const AB = new URLSearchParams(location.search).get('ab') ?? '';
			const L = AB.includes('c') ? VectorLayer : VectorImageLayer;
			this.canvasLayers.push(
				new L({ source: this.clusters, maxZoom: CLUSTER_UNTIL_ZOOM, style: (f) => this.clusterStyle(f) }),
				new L({ source: this.calls, minZoom: CLUSTER_UNTIL_ZOOM, style: (f) => this.callStyle(f.get('rank') as number) })
			);
		} else {
			this.canvasLayers.push(new VectorLayer({ source: this.calls, style: (f) => this.callStyle(f.get('rank') as number) }));
		}
		layers.push(...this.canvasLayers);
		// Technicians too: redrawn when a batch of moves arrives, moved as one image while the view moves.
		const AB = new URLSearchParams(location.search).get('ab') ?? '';
		layers.push(AB.includes('t') ? new VectorLayer({ source: this.technicians, style: (f) => this.technicianStyle(f), zIndex: 10 }) : new VectorImageLayer({ source: this.technicians, style: (f) => this.technicianStyle(f), zIndex: 10 }));

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
			if (this.reclusterPending || (this.clustersShown && this.level?.resolution !== this.map.getView().getResolution())) this.recluster();
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

	// ---- Styles (cached by what they show) ----

	private callStyle(rank: number): Style {
		const key = `c|${rank}`;
		let style = this.styleCache.get(key) as Style | undefined;
		if (!style) {
			const { colour, shape } = CALL_SYMBOLS[CALL_COLOUR_KEYS[rank] ?? 'planned'];
			style = new Style({ image: shapeImage(shape, colour, BASE[this.theme].symbolStroke, this.symbolSize) });
			this.styleCache.set(key, style);
		}
		return style;
	}

	private get symbolSize() {
		return this.theme === 'dark' ? 9 : 7;
	}

	private clusterStyle(f: FeatureLike): Style {
		const count = f.get('count') as number;
		const rank = f.get('rank') as number;
		if (count === 1) return this.callStyle(rank);
		const key = `k|${rank}|${count}`;
		let style = this.styleCache.get(key) as Style | undefined;
		if (!style) {
			const worst = CALL_COLOUR_KEYS[rank] ?? 'planned';
			style = new Style({
				image: new Circle({ radius: clusterRadius(count, this.theme === 'dark'), fill: new Fill({ color: CALL_SYMBOLS[worst].colour }), stroke: new Stroke({ color: BASE[this.theme].symbolStroke, width: 3 }) }),
				text: this.countText(count)
			});
			this.cache(key, style);
		}
		return style;
	}

	private countText(count: number) {
		return new Text({ text: String(count), font: `700 ${this.theme === 'dark' ? 18 : 13}px system-ui, sans-serif`, fill: new Fill({ color: '#ffffff' }) });
	}

	/** WebGL draws the cluster circles and symbols; the counts are text on a small canvas layer. */
	private countLabelStyle(f: FeatureLike): Style | undefined {
		const count = f.get('count') as number;
		if (count < 2) return undefined;
		const key = `l|${count}`;
		let style = this.styleCache.get(key) as Style | undefined;
		if (!style) this.cache(key, (style = new Style({ text: this.countText(count) })));
		return style;
	}

	private cache(key: string, style: Style | Style[]) {
		if (this.styleCache.size > 5000) this.styleCache.clear();
		this.styleCache.set(key, style);
	}

	private technicianStyle(f: FeatureLike): Style[] {
		const status = f.get('status') as TechnicianStatus;
		const label = initials(f.get('name') as string);
		const selected = f.getId() === this.selectedTechnician;
		const { opacity, rotation } = technicianLook(f);
		const key = `t|${status}|${opacity}|${rotation}|${label}|${selected}`;
		let style = this.styleCache.get(key) as Style[] | undefined;
		if (!style) {
			style = [this.markerStyle(status, opacity, label, selected)];
			if (rotation !== null) style.push(this.headingStyle(rotation, opacity, selected));
			this.cache(key, style);
		}
		return style;
	}

	private get markerSize() {
		return this.theme === 'dark' ? 13 : 11;
	}

	private markerRing(selected: boolean) {
		return selected ? '#f79009' : this.theme === 'dark' ? '#f2f4f7' : '#101828';
	}

	/**
	 * A technician's disc with their initials, drawn once into a small canvas: one image per marker
	 * to draw instead of a circle and a text, 500 times over every time the markers are redrawn.
	 */
	private markerStyle(status: TechnicianStatus, opacity: number, label: string, selected: boolean): Style {
		const key = `m|${status}|${opacity}|${label}|${selected}`;
		let style = this.styleCache.get(key) as Style | undefined;
		if (style) return style;
		const size = this.markerSize;
		const ringWidth = selected ? 4 : 2.5;
		const ratio = Math.max(1, Math.ceil(window.devicePixelRatio || 1));
		const side = Math.ceil((size + ringWidth) * 2 + 2);
		const canvas = document.createElement('canvas');
		canvas.width = canvas.height = side * ratio;
		const ctx = canvas.getContext('2d')!;
		ctx.scale(ratio, ratio);
		const c = side / 2;
		ctx.beginPath();
		ctx.arc(c, c, size, 0, 2 * Math.PI);
		ctx.fillStyle = hexAlpha(TECHNICIAN_COLOURS[status], opacity);
		ctx.fill();
		ctx.lineWidth = ringWidth;
		ctx.strokeStyle = hexAlpha(this.markerRing(selected), opacity < 1 ? 0.5 : 1);
		ctx.stroke();
		ctx.font = `700 ${this.theme === 'dark' ? 12 : 10}px system-ui, sans-serif`;
		ctx.textAlign = 'center';
		ctx.textBaseline = 'middle';
		ctx.fillStyle = hexAlpha('#ffffff', opacity < 1 ? 0.7 : 1);
		ctx.fillText(label, c, c + 0.5);
		style = new Style({ image: new Icon({ img: canvas, scale: 1 / ratio }), zIndex: 2 });
		this.cache(key, style);
		return style;
	}

	/** The arrow outside the disc, pointing where a moving technician is heading. */
	private headingStyle(rotation: number, opacity: number, selected: boolean): Style {
		const key = `h|${rotation}|${opacity}|${selected}`;
		let style = this.styleCache.get(key) as Style | undefined;
		if (style) return style;
		const rad = (rotation * Math.PI) / 180;
		const reach = this.markerSize + 6;
		style = new Style({
			image: new RegularShape({ points: 3, radius: 6, rotation: rad, rotateWithView: true, displacement: [Math.sin(rad) * reach, Math.cos(rad) * reach], fill: new Fill({ color: hexAlpha(this.markerRing(selected), opacity) }) }),
			zIndex: 1
		});
		this.cache(key, style);
		return style;
	}

	private webglCallStyle(): Rule[] {
		const stroke = BASE[this.theme].symbolStroke;
		return CALL_COLOUR_KEYS.map((key, rank) => {
			const { colour, shape } = CALL_SYMBOLS[key];
			return { filter: ['==', ['get', 'rank'], rank], style: webglShape(shape, colour, stroke, this.symbolSize) };
		});
	}

	private webglClusterStyle(): Rule[] {
		const stroke = BASE[this.theme].symbolStroke;
		const circles: Rule[] = CALL_COLOUR_KEYS.map((key, rank) => ({
			filter: ['all', ['>', ['get', 'count'], 1], ['==', ['get', 'rank'], rank]],
			style: { 'circle-radius': ['get', 'radius'], 'circle-fill-color': CALL_SYMBOLS[key].colour, 'circle-stroke-color': stroke, 'circle-stroke-width': 3 }
		}));
		const singles: Rule[] = this.webglCallStyle().map((rule) => ({ ...rule, filter: ['all', ['==', ['get', 'count'], 1], rule.filter!] }));
		return [...circles, ...singles];
	}

	// ---- Which renderer draws the calls ----

	private chooseRenderer(count: number) {
		let next: { kind: 'webgl' | 'canvas'; reason: string };
		if (this.webglMode === 'never') next = { kind: 'canvas', reason: 'WebGL off' };
		else if (this.webglMode === 'auto' && count < WEBGL_FROM) next = { kind: 'canvas', reason: `fewer than ${WEBGL_FROM} calls` };
		else if (!webglInfo().available) next = { kind: 'canvas', reason: 'no WebGL in this browser' };
		else if (this.webglMode === 'always') next = { kind: 'webgl', reason: webglInfo().software ? 'software WebGL' : '' };
		else if (webglInfo().software) next = { kind: 'canvas', reason: 'WebGL here is software, slower than the canvas' };
		else next = { kind: 'webgl', reason: '' };
		if (next.kind === 'webgl' && !this.webglLayers) {
			const layers: BaseLayer[] = this.clustering
				? [
						new WebGLVectorLayer({ source: this.clusters, maxZoom: CLUSTER_UNTIL_ZOOM, style: this.webglClusterStyle(), disableHitDetection: true }),
						new VectorLayer({ source: this.clusters, maxZoom: CLUSTER_UNTIL_ZOOM, style: (f) => this.countLabelStyle(f) }),
						new WebGLVectorLayer({ source: this.calls, minZoom: CLUSTER_UNTIL_ZOOM, style: this.webglCallStyle(), disableHitDetection: true })
					]
				: [new WebGLVectorLayer({ source: this.calls, style: this.webglCallStyle(), disableHitDetection: true })];
			const at = this.map.getLayers().getArray().indexOf(this.canvasLayers[0]);
			layers.forEach((layer, i) => this.map.getLayers().insertAt(at + i, layer));
			this.webglLayers = layers;
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
			this.levels.clear();
			this.recluster();
		} else if (recoloured.length) {
			this.recolourClusters(recoloured);
		}
		if (added.length || removed.length || moved || recoloured.length) this.scheduleReport('calls');
	}

	private get clustersShown(): boolean {
		return this.clustering && (this.map.getView().getZoom() ?? 0) <= CLUSTER_UNTIL_ZOOM;
	}

	/** Clusters for the current resolution, from the cache or computed; deferred while the view moves. */
	private recluster(): void {
		if (!this.clustering) return;
		const view = this.map.getView();
		if (view.getAnimating() || view.getInteracting()) {
			this.reclusterPending = true;
			return;
		}
		this.reclusterPending = false;
		const resolution = view.getResolution()!;
		let level = this.levels.get(resolution);
		if (!level) {
			const features = this.calls.getFeatures();
			const inputs = features.map((f) => {
				const [x, y] = f.getGeometry()!.getCoordinates();
				return { id: String(f.getId()), x, y, rank: f.get('rank') as number };
			});
			const big = this.theme === 'dark';
			const byCall = new Map<string, Feature<Point>>();
			const clusters = clusterPoints(inputs, CLUSTER_DISTANCE_PX * resolution).map((c) => {
				const feature = new Feature({ geometry: new Point([c.x, c.y]), kind: 'cluster', count: c.ids.length, rank: c.rank, radius: clusterRadius(c.ids.length, big), members: c.ids });
				for (const id of c.ids) byCall.set(id, feature);
				return feature;
			});
			level = { resolution, clusters, byCall, ranksStale: false };
			if (this.levels.size >= 8) this.levels.delete(this.levels.keys().next().value!);
			this.levels.set(resolution, level);
		} else if (level.ranksStale) {
			for (const c of level.clusters) c.set('rank', this.worstOf(c.get('members') as string[]), true);
			level.ranksStale = false;
		}
		if (level !== this.level) {
			this.level = level;
			this.clusters.clear(true);
			this.clusters.addFeatures(level.clusters);
			this.scheduleReport('calls');
		}
	}

	private worstOf(ids: readonly string[]): number {
		let rank: number = CALL_COLOUR_KEYS.length;
		for (const id of ids) rank = Math.min(rank, (this.calls.getFeatureById(id)?.get('rank') as number | undefined) ?? rank);
		return rank;
	}

	/** Only the clusters of recoloured calls change; other cached resolutions catch up when used. */
	private recolourClusters(ids: readonly string[]): void {
		for (const level of this.levels.values()) if (level !== this.level) level.ranksStale = true;
		if (!this.level) return;
		const touched = new Set<Feature<Point>>();
		for (const id of ids) {
			const cluster = this.level.byCall.get(id);
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
		// Singles change their symbol even when the worst colour of a cluster did not.
		if (changed || [...touched].some((c) => c.get('count') === 1)) this.clusters.changed();
	}

	// ---- Technicians ----

	setTechnicians(points: readonly TechnicianPoint[]): void {
		const keep = new Set<string>();
		const added: Feature<Point>[] = [];
		let changed = false;
		for (const p of points) {
			keep.add(p.id);
			const f = this.technicians.getFeatureById(p.id) as Feature<Point> | null;
			if (f) changed = this.updateTechnician(f, p) || changed;
			else {
				const feature = new Feature({ geometry: new Point(fromLonLat([p.lng, p.lat])), kind: 'technician', name: p.name, status: p.status, heading: p.heading, moving: p.moving, stale: p.stale });
				feature.setId(p.id);
				added.push(feature);
			}
		}
		const removed = this.technicians.getFeatures().filter((f) => !keep.has(String(f.getId())));
		if (removed.length) this.technicians.removeFeatures(removed);
		if (added.length) this.technicians.addFeatures(added);
		if (changed || added.length || removed.length) this.scheduleReport('technicians');
	}

	/** Applies what changed (nothing when nothing did); true when the marker changed. */
	private updateTechnician(f: Feature<Point>, p: TechnicianPoint): boolean {
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
	moveTechnician(p: TechnicianPoint): void {
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
			const f = this.technicians.getFeatureById(p.id) as Feature<Point> | null;
			if (f) changed = this.updateTechnician(f, p) || changed;
			else missing.push(p);
		}
		if (missing.length) this.setTechnicians([...this.technicians.getFeatures().map((x) => this.pointOf(x)), ...missing]);
		else if (changed) this.scheduleReport('technicians');
	}

	private pointOf(f: Feature<Point>): TechnicianPoint {
		const p = f.getProperties();
		const [lng, lat] = toLonLat(f.getGeometry()!.getCoordinates());
		return { id: String(f.getId()), name: p.name, status: p.status, heading: p.heading, moving: p.moving, stale: p.stale, lng, lat };
	}

	selectTechnician(id: string | null, trail: { lng: number; lat: number }[] = []): void {
		this.selectedTechnician = id;
		this.trail.clear(true);
		if (trail.length > 1) this.trail.addFeature(new Feature(new LineString(trail.map((p) => fromLonLat([p.lng, p.lat])))));
		this.trail.changed();
		this.technicians.changed();
	}

	// ---- Pointer: what is under it, from the sources' spatial index (works for every renderer) ----

	private hit(pixel: number[]): { kind: 'technician' | 'call' | 'cluster'; feature: Feature<Point> } | null {
		const view = this.map.getView();
		const resolution = view.getResolution();
		const coordinate = this.map.getCoordinateFromPixel(pixel);
		if (!resolution || !coordinate) return null;
		const tolerance = 6;
		const nearest = (source: VectorSource<Feature<Point>>, radius: (f: Feature<Point>) => number, reach: number) => {
			let best: Feature<Point> | null = null;
			let bestDistance = Infinity;
			const r = reach * resolution;
			source.forEachFeatureInExtent([coordinate[0] - r, coordinate[1] - r, coordinate[0] + r, coordinate[1] + r], (f) => {
				const [x, y] = f.getGeometry()!.getCoordinates();
				const d = Math.hypot(x - coordinate[0], y - coordinate[1]) / resolution;
				if (d <= radius(f) + tolerance && d < bestDistance) {
					best = f;
					bestDistance = d;
				}
			});
			return best as Feature<Point> | null;
		};
		const techSize = this.theme === 'dark' ? 13 : 11;
		const tech = nearest(this.technicians, () => techSize, techSize + tolerance);
		if (tech) return { kind: 'technician', feature: tech };
		const symbol = this.symbolSize + 2;
		if (this.clustersShown) {
			const cluster = nearest(this.clusters, (f) => ((f.get('count') as number) > 1 ? (f.get('radius') as number) : symbol), 36 + tolerance);
			if (cluster) return { kind: 'cluster', feature: cluster };
			return null;
		}
		const call = nearest(this.calls, () => symbol, symbol + tolerance);
		return call ? { kind: 'call', feature: call } : null;
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
			const coords = [...this.calls.getFeatures(), ...this.technicians.getFeatures()].map((f) => f.getGeometry()!.getCoordinates());
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

	/**
	 * Writes what is drawn on the map element:
	 * - data-renderer: "webgl" or "canvas" (calls), data-renderer-reason: why, when not obvious;
	 * - data-calls: calls drawn per colour (their most urgent state), {"overdue": 3, ...};
	 * - data-clusters: when clusters are drawn, those of two or more calls: [{"n": 12, "worst": "overdue", "lng": .., "lat": ..}];
	 * - data-technicians: every marker: [{"id", "name", "lng", "lat", "status", "opacity", "rotation" (degrees, null when not moving)}].
	 */
	private report(): void {
		this.reportTimer = null;
		if (this.destroyed) return;
		const data = this.options.target.dataset;
		if (this.reportCalls) {
			this.reportCalls = false;
			data.renderer = this.renderer.kind;
			data.rendererReason = this.renderer.reason;
			const counts: Record<string, number> = {};
			for (const f of this.calls.getFeatures()) {
				const key = CALL_COLOUR_KEYS[f.get('rank') as number];
				counts[key] = (counts[key] ?? 0) + 1;
			}
			data.calls = JSON.stringify(counts);
			this.reportedClustersShown = this.clustersShown;
			const clusters = this.clustersShown && this.level ? this.level.clusters.filter((c) => (c.get('count') as number) > 1) : [];
			data.clusters = JSON.stringify(
				clusters
					.map((c) => {
						const [lng, lat] = toLonLat(c.getGeometry()!.getCoordinates());
						return { n: c.get('count') as number, worst: CALL_COLOUR_KEYS[c.get('rank') as number], lng: round(lng), lat: round(lat) };
					})
					.sort((a, b) => b.n - a.n)
			);
		}
		if (this.reportTechnicians) {
			this.reportTechnicians = false;
			data.technicians = JSON.stringify(
				this.technicians.getFeatures().map((f) => {
					const [lng, lat] = toLonLat(f.getGeometry()!.getCoordinates());
					return { id: String(f.getId()), name: f.get('name') as string, lng: round(lng), lat: round(lat), status: f.get('status') as string, ...technicianLook(f) };
				})
			);
		}
	}

	destroy(): void {
		this.destroyed = true;
		if (this.moveTimer) clearTimeout(this.moveTimer);
		if (this.moveFrame !== null) cancelAnimationFrame(this.moveFrame);
		if (this.reportTimer) clearTimeout(this.reportTimer);
		this.map.setTarget(undefined);
		this.map.dispose();
	}
}

const round = (v: number) => Math.round(v * 1e5) / 1e5;

function hexAlpha(hex: string, alpha: number): string {
	if (alpha >= 1) return hex;
	const n = parseInt(hex.slice(1), 16);
	return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
