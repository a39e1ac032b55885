/**
 * How calls, clusters and technicians look on the canvas: OpenLayers styles, cached by what they
 * show (thousands of features share a handful of looks; building a style per feature per frame
 * would cost more than drawing it).
 */
import type { FeatureLike } from 'ol/Feature';
import { Circle, Fill, Icon, RegularShape, Stroke, Style, Text } from 'ol/style';
import { CALL_COLOUR_KEYS } from '$lib/domain/call-colours';
import { clusterRadius } from './map-clusters';
import { CALL_SYMBOLS, initials, TECHNICIAN_COLOURS, type SymbolShape } from './map-colours';
import { BASE_COLOURS, markerSize, symbolSize, type Theme } from './map-theme';
import type { TechnicianStatus } from './map-types';

/** A stale technician's marker is drawn at this opacity. */
export const STALE_OPACITY = 0.35;

/** How a technician's marker looks: the style and the drawn-state report both read this. */
export function technicianLook(f: FeatureLike) {
	const moving = f.get('moving') as boolean;
	const heading = f.get('heading') as number | null;
	const stale = f.get('stale') as boolean;
	return { opacity: stale ? STALE_OPACITY : 1, rotation: moving && heading !== null ? (Math.round(heading / 10) * 10) % 360 : null };
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

function hexAlpha(hex: string, alpha: number): string {
	if (alpha >= 1) return hex;
	const n = parseInt(hex.slice(1), 16);
	return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

export class MapSymbols {
	private readonly cacheByKey = new Map<string, Style | Style[]>();

	/** `selectedTechnician` is asked when a marker is styled: the selected one has its own ring. */
	constructor(
		private readonly theme: Theme,
		private readonly selectedTechnician: () => string | null
	) {}

	call(rank: number): Style {
		const key = `c|${rank}`;
		let style = this.cacheByKey.get(key) as Style | undefined;
		if (!style) {
			const { colour, shape } = CALL_SYMBOLS[CALL_COLOUR_KEYS[rank] ?? 'planned'];
			style = new Style({ image: shapeImage(shape, colour, BASE_COLOURS[this.theme].symbolStroke, symbolSize(this.theme)) });
			this.cacheByKey.set(key, style);
		}
		return style;
	}

	cluster(f: FeatureLike): Style {
		const count = f.get('count') as number;
		const rank = f.get('rank') as number;
		if (count === 1) return this.call(rank);
		const key = `k|${rank}|${count}`;
		let style = this.cacheByKey.get(key) as Style | undefined;
		if (!style) {
			const worst = CALL_COLOUR_KEYS[rank] ?? 'planned';
			style = new Style({
				image: new Circle({ radius: clusterRadius(count, this.theme === 'dark'), fill: new Fill({ color: CALL_SYMBOLS[worst].colour }), stroke: new Stroke({ color: BASE_COLOURS[this.theme].symbolStroke, width: 3 }) }),
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
	countLabel(f: FeatureLike): Style | undefined {
		const count = f.get('count') as number;
		if (count < 2) return undefined;
		const key = `l|${count}`;
		let style = this.cacheByKey.get(key) as Style | undefined;
		if (!style) this.cache(key, (style = new Style({ text: this.countText(count) })));
		return style;
	}

	private cache(key: string, style: Style | Style[]) {
		if (this.cacheByKey.size > 5000) this.cacheByKey.clear();
		this.cacheByKey.set(key, style);
	}

	technician(f: FeatureLike): Style[] {
		const status = f.get('status') as TechnicianStatus;
		const label = initials(f.get('name') as string);
		const selected = f.getId() === this.selectedTechnician();
		const { opacity, rotation } = technicianLook(f);
		const key = `t|${status}|${opacity}|${rotation}|${label}|${selected}`;
		let style = this.cacheByKey.get(key) as Style[] | undefined;
		if (!style) {
			style = [this.marker(status, opacity, label, selected)];
			if (rotation !== null) style.push(this.heading(rotation, opacity, selected));
			this.cache(key, style);
		}
		return style;
	}

	private markerRing(selected: boolean) {
		return selected ? '#f79009' : this.theme === 'dark' ? '#f2f4f7' : '#101828';
	}

	/**
	 * A technician's disc with their initials, drawn once into a small canvas: one image per marker
	 * to draw instead of a circle and a text, 500 times over every time the markers are redrawn.
	 */
	private marker(status: TechnicianStatus, opacity: number, label: string, selected: boolean): Style {
		const key = `m|${status}|${opacity}|${label}|${selected}`;
		let style = this.cacheByKey.get(key) as Style | undefined;
		if (style) return style;
		const size = markerSize(this.theme);
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
	private heading(rotation: number, opacity: number, selected: boolean): Style {
		const key = `h|${rotation}|${opacity}|${selected}`;
		let style = this.cacheByKey.get(key) as Style | undefined;
		if (style) return style;
		const rad = (rotation * Math.PI) / 180;
		const reach = markerSize(this.theme) + 6;
		style = new Style({
			image: new RegularShape({ points: 3, radius: 6, rotation: rad, rotateWithView: true, displacement: [Math.sin(rad) * reach, Math.cos(rad) * reach], fill: new Fill({ color: hexAlpha(this.markerRing(selected), opacity) }) }),
			zIndex: 1
		});
		this.cache(key, style);
		return style;
	}
}
