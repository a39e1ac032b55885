/**
 * OpenLayers side of the areas admin page: the offline basemap (regions and provinces), a layer
 * of custom areas, and Draw / Modify interactions. Import only from onMount (needs a DOM).
 */
import Feature from 'ol/Feature';
import GeoJSON from 'ol/format/GeoJSON';
import type { Geometry } from 'ol/geom';
import Draw from 'ol/interaction/Draw';
import Modify from 'ol/interaction/Modify';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { createBaseMap, ITALY_CENTER } from '$lib/map/basemap';

export type EditorArea = { id: string; name: string; geometry: unknown };

const format = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

function areaStyle(selected: boolean) {
	return (feature: FeatureLike) =>
		new Style({
			fill: new Fill({ color: selected ? 'rgba(196, 92, 0, 0.25)' : 'rgba(15, 61, 94, 0.15)' }),
			stroke: new Stroke({ color: selected ? '#c45c00' : '#0f3d5e', width: selected ? 3 : 2 }),
			text: new Text({
				text: String(feature.get('name') ?? ''),
				font: '600 13px system-ui, sans-serif',
				fill: new Fill({ color: '#17212b' }),
				stroke: new Stroke({ color: '#ffffff', width: 3 }),
				overflow: true
			})
		});
}
const plainStyle = areaStyle(false);
const selectedStyle = areaStyle(true);
const draftStyle = new Style({ fill: new Fill({ color: 'rgba(196, 92, 0, 0.2)' }), stroke: new Stroke({ color: '#c45c00', width: 2, lineDash: [6, 4] }) });

/** Rounds to 6 decimals (about 10 cm) so the stored GeoJSON is readable and stable. */
function rounded(value: unknown): unknown {
	if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
	if (Array.isArray(value)) return value.map(rounded);
	return value;
}

export function geoJsonOf(geometry: Geometry): { type: string; coordinates: unknown } {
	const object = format.writeGeometryObject(geometry) as { type: string; coordinates: unknown };
	return { type: object.type, coordinates: rounded(object.coordinates) };
}

export type AreaEditor = {
	setAreas(areas: EditorArea[]): void;
	select(id: string | null): void;
	startDraw(): void;
	startModify(): void;
	stop(): void;
	clearDraft(): void;
	destroy(): void;
	ready: Promise<number>;
};

export function createAreaEditor(
	target: HTMLElement,
	options: { attribution: string; comuniAttribution: string; onGeometry: (geojson: object) => void; onSelect: (id: string) => void }
): AreaEditor {
	const base = createBaseMap(target, { center: ITALY_CENTER, zoom: 5.2, attribution: options.attribution, comuniAttribution: options.comuniAttribution });
	const areas = new VectorSource<Feature<Geometry>>();
	const draft = new VectorSource<Feature<Geometry>>();
	base.map.addLayer(new VectorLayer({ source: areas, style: plainStyle }));
	base.map.addLayer(new VectorLayer({ source: draft, style: draftStyle }));
	let selectedId: string | null = null;
	let interaction: Draw | Modify | null = null;

	function restyle() {
		for (const f of areas.getFeatures()) f.setStyle(f.getId() === selectedId ? selectedStyle : undefined);
	}

	base.map.on('singleclick', (event) => {
		if (interaction) return;
		const hit = base.map.forEachFeatureAtPixel(event.pixel, (f) => (areas.hasFeature(f as Feature<Geometry>) ? f : undefined));
		if (hit) options.onSelect(String(hit.getId()));
	});

	function stop() {
		if (interaction) base.map.removeInteraction(interaction);
		interaction = null;
	}

	return {
		ready: base.ready,
		setAreas(list) {
			areas.clear();
			for (const a of list) {
				const feature = format.readFeature({ type: 'Feature', id: a.id, properties: { name: a.name }, geometry: a.geometry }) as Feature<Geometry>;
				areas.addFeature(feature);
			}
			restyle();
		},
		select(id) {
			selectedId = id;
			restyle();
			const feature = id ? areas.getFeatureById(id) : null;
			const extent = feature?.getGeometry()?.getExtent();
			if (extent) base.map.getView().fit(extent, { padding: [48, 48, 48, 48], maxZoom: 14, duration: 200 });
		},
		startDraw() {
			stop();
			draft.clear();
			const draw = new Draw({ source: draft, type: 'Polygon' });
			draw.on('drawend', (event) => {
				options.onGeometry(geoJsonOf(event.feature.getGeometry()!));
				// One new area at a time: stop drawing once it is closed; it can be reshaped with Modify.
				setTimeout(stop, 0);
			});
			interaction = draw;
			base.map.addInteraction(draw);
		},
		startModify() {
			stop();
			const source = new VectorSource<Feature<Geometry>>();
			const feature = draft.getFeatures()[0] ?? (selectedId ? areas.getFeatureById(selectedId) : null);
			if (!feature) return;
			source.addFeature(feature);
			const modify = new Modify({ source });
			modify.on('modifyend', () => options.onGeometry(geoJsonOf(feature.getGeometry()!)));
			interaction = modify;
			base.map.addInteraction(modify);
		},
		stop,
		clearDraft() {
			stop();
			draft.clear();
		},
		destroy() {
			stop();
			base.map.setTarget(undefined);
		}
	};
}
