/**
 * The live map's basemap from shipped data (Europe's land, countries and coastlines, Italy's
 * regions and provinces), always drawn, with an optional online raster layer over the land.
 */
import Feature, { type FeatureLike } from 'ol/Feature';
import TopoJSON from 'ol/format/TopoJSON';
import type BaseLayer from 'ol/layer/Base';
import VectorImageLayer from 'ol/layer/VectorImage';
import type Projection from 'ol/proj/Projection';
import VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style } from 'ol/style';
import type { BaseColours } from './map-theme';

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

function basemapStyles(colours: BaseColours, withTiles: boolean) {
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

export type BasemapOptions = {
	colours: BaseColours;
	attribution: string;
	tileUrl?: string | null;
	tileAttribution?: string | null;
	/** How much bigger than the view its image is drawn (see IMAGE_RATIO in map-engine.ts). */
	imageRatio: number;
	loaded: () => void;
};

/**
 * The basemap's layers, bottom first, and with a raster layer the promise of it and of the layer
 * it goes right above.
 */
export function basemapLayers(options: BasemapOptions): { layers: BaseLayer[]; raster: Promise<{ layer: BaseLayer; above: BaseLayer }> | null } {
	const source = basemapSource(options.attribution, options.loaded);
	// One image for the whole basemap: every layer drawn costs a full-screen copy per frame
	// while the view moves. With a raster layer, the shipped land stays under it (with no
	// network the raster is empty, the land is not) and the borders go over it.
	const styles = basemapStyles(options.colours, !!options.tileUrl);
	if (!options.tileUrl) return { layers: [new VectorImageLayer({ source, style: styles.all, imageRatio: options.imageRatio })], raster: null };
	const land = new VectorImageLayer({ source, style: styles.land, imageRatio: options.imageRatio });
	const borders = new VectorImageLayer({ source, style: styles.borders, imageRatio: options.imageRatio });
	// The raster code is loaded only when there is a raster layer; it goes between the two.
	const url = options.tileUrl;
	const raster = Promise.all([import('ol/layer/Tile'), import('ol/source/XYZ')]).then(([{ default: TileLayer }, { default: XYZ }]) => ({
		layer: new TileLayer({ source: new XYZ({ url, attributions: options.tileAttribution ?? undefined, crossOrigin: 'anonymous' }) }) as BaseLayer,
		above: land as BaseLayer
	}));
	return { layers: [land, borders], raster };
}
