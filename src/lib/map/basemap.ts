/**
 * The offline basemap: no tile server is reachable from our customers' networks, so the map is
 * Italy's regions drawn as a quiet vector layer (static/geo/italy-regions.topo.json, decoded in
 * the browser by OpenLayers' TopoJSON reader). Import this module only from onMount: OpenLayers
 * needs a DOM.
 */
import 'ol/ol.css';
import Feature from 'ol/Feature';
import OlMap from 'ol/Map';
import View from 'ol/View';
import { Attribution, Zoom } from 'ol/control';
import TopoJSON from 'ol/format/TopoJSON';
import Point from 'ol/geom/Point';
import type { FeatureLike } from 'ol/Feature';
import VectorLayer from 'ol/layer/Vector';
import { fromLonLat, toLonLat } from 'ol/proj';
import VectorSource from 'ol/source/Vector';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';

export type LngLat = { lng: number; lat: number };

export const ITALY_CENTER: LngLat = { lng: 12.5, lat: 42.1 };
export const REGIONS_URL = '/geo/italy-regions.topo.json';
export const PROVINCES_URL = '/geo/italy-provinces.topo.json';
export const COMUNI_URL = '/geo/comuni-labels.json';

const regionStyle = new Style({
	fill: new Fill({ color: '#f7f9fb' }),
	stroke: new Stroke({ color: '#98a8b8', width: 1.2 })
});
const provinceStyle = new Style({ stroke: new Stroke({ color: '#c9d3dc', width: 0.8, lineDash: [4, 3] }) });

/** Bigger towns show first as one zooms in, so the map reads like a road atlas, not a swarm. */
function minPopulationAt(resolution: number): number {
	if (resolution > 1200) return Infinity; // whole country: regions only
	if (resolution > 600) return 150_000;
	if (resolution > 150) return 30_000;
	if (resolution > 40) return 5_000;
	return 0;
}

const labelCache = new Map<string, Style>();
function comuneStyle(feature: FeatureLike, resolution: number): Style | undefined {
	if ((feature.get('pop') as number) < minPopulationAt(resolution)) return undefined;
	const name = feature.get('name') as string;
	let style = labelCache.get(name);
	if (!style) {
		style = new Style({
			image: new Circle({ radius: 2.5, fill: new Fill({ color: '#7b8a99' }) }),
			text: new Text({
				text: name,
				offsetY: -10,
				font: '12px system-ui, sans-serif',
				fill: new Fill({ color: '#4a5968' }),
				stroke: new Stroke({ color: '#f7f9fb', width: 3 })
			})
		});
		labelCache.set(name, style);
	}
	return style;
}

async function loadComuni(source: VectorSource, projection: string): Promise<void> {
	try {
		const res = await fetch(COMUNI_URL);
		if (!res.ok) return;
		const data = (await res.json()) as { rows: [string, number, number, number][] };
		source.addFeatures(
			data.rows.map(([name, lng, lat, pop]) => new Feature({ geometry: new Point(fromLonLat([lng, lat], projection)), name, pop }))
		);
	} catch {
		// Labels are a help, not a requirement: the map still works without them.
	}
}

export type BaseMap = { map: OlMap; regions: VectorSource; markers: VectorSource; ready: Promise<number> };

/**
 * A map with the quiet basemap (regions, provinces, comuni names) and an empty marker layer;
 * `ready` resolves with the number of regions drawn.
 */
export function createBaseMap(target: HTMLElement, options: { center: LngLat; zoom: number; attribution: string; comuniAttribution: string }): BaseMap {
	const regions = new VectorSource({
		url: REGIONS_URL,
		format: new TopoJSON({ dataProjection: 'EPSG:4326' }),
		attributions: options.attribution
	});
	const provinces = new VectorSource({ url: PROVINCES_URL, format: new TopoJSON({ dataProjection: 'EPSG:4326' }) });
	const comuni = new VectorSource({ attributions: options.comuniAttribution });
	const markers = new VectorSource();
	const map = new OlMap({
		target,
		layers: [
			new VectorLayer({ source: regions, style: regionStyle }),
			new VectorLayer({ source: provinces, style: provinceStyle, minZoom: 6.5 }),
			new VectorLayer({ source: comuni, style: comuneStyle, declutter: true, minZoom: 6.5 }),
			new VectorLayer({ source: markers })
		],
		view: new View({ center: fromLonLat([options.center.lng, options.center.lat]), zoom: options.zoom, minZoom: 4, maxZoom: 19 }),
		controls: [new Zoom(), new Attribution({ collapsible: false })]
	});
	void loadComuni(comuni, 'EPSG:3857');
	const ready = new Promise<number>((resolve) => {
		regions.once('featuresloadend', () => resolve(regions.getFeatures().length));
		regions.once('featuresloaderror', () => resolve(0));
	});
	return { map, regions, markers, ready };
}

export function markerStyle(label?: string, active = true): Style {
	return new Style({
		image: new Circle({
			radius: 9,
			fill: new Fill({ color: active ? '#0f3d5e' : '#8a97a5' }),
			stroke: new Stroke({ color: '#ffffff', width: 3 })
		}),
		text: label
			? new Text({
					text: label,
					offsetY: -18,
					font: '600 12px system-ui, sans-serif',
					fill: new Fill({ color: '#17212b' }),
					stroke: new Stroke({ color: '#ffffff', width: 3 })
				})
			: undefined
	});
}

export function pointFeature(at: LngLat, id?: string): Feature<Point> {
	const feature = new Feature(new Point(fromLonLat([at.lng, at.lat])));
	if (id) feature.setId(id);
	return feature;
}

export function lngLatOf(feature: Feature<Point>): LngLat {
	const [lng, lat] = toLonLat(feature.getGeometry()!.getCoordinates());
	return { lng: round(lng), lat: round(lat) };
}

/** Six decimals: about 10 cm, more than enough for a door. */
export function round(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}

export { fromLonLat, toLonLat };
