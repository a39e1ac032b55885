/**
 * Which renderer draws the calls, and the WebGL layers when it is WebGL. WebGL pays off only on a
 * GPU and with many calls: software WebGL (a browser without a GPU) is slower than the canvas.
 * OpenLayers' WebGL code is loaded only by the browsers that draw with it.
 */
import type { default as Feature, FeatureLike } from 'ol/Feature';
import type Point from 'ol/geom/Point';
import type BaseLayer from 'ol/layer/Base';
import VectorLayer from 'ol/layer/Vector';
import type VectorSource from 'ol/source/Vector';
import type { Style } from 'ol/style';
import type { FlatStyle, Rule } from 'ol/style/flat';
import { CALL_COLOUR_KEYS } from '$lib/domain/call-colours';
import { CALL_SYMBOLS, type SymbolShape } from './map-colours';
import { BASE_COLOURS, symbolSize, type Theme } from './map-theme';

/** From this many calls WebGL draws them, when the browser has a GPU. */
export const WEBGL_FROM = 1500;

export type WebglMode = 'auto' | 'never' | 'always';
export type Renderer = { kind: 'webgl' | 'canvas'; reason: string };

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

/** The renderer for this many calls, and why when it is not the obvious one. */
export function rendererFor(mode: WebglMode, count: number): Renderer {
	if (mode === 'never') return { kind: 'canvas', reason: 'WebGL off' };
	if (mode === 'auto' && count < WEBGL_FROM) return { kind: 'canvas', reason: `fewer than ${WEBGL_FROM} calls` };
	if (!webglInfo().available) return { kind: 'canvas', reason: 'no WebGL in this browser' };
	if (mode === 'always') return { kind: 'webgl', reason: webglInfo().software ? 'software WebGL' : '' };
	if (webglInfo().software) return { kind: 'canvas', reason: 'WebGL here is software, slower than the canvas' };
	return { kind: 'webgl', reason: '' };
}

/** The same shapes as the canvas symbols, for WebGL (flat style). */
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

/** One rule per colour. */
function webglCallStyle(theme: Theme): Rule[] {
	const stroke = BASE_COLOURS[theme].symbolStroke;
	return CALL_COLOUR_KEYS.map((key, rank) => {
		const { colour, shape } = CALL_SYMBOLS[key];
		return { filter: ['==', ['get', 'rank'], rank], style: webglShape(shape, colour, stroke, symbolSize(theme)) };
	});
}

function webglClusterStyle(theme: Theme): Rule[] {
	const stroke = BASE_COLOURS[theme].symbolStroke;
	const circles: Rule[] = CALL_COLOUR_KEYS.map((key, rank) => ({
		filter: ['all', ['>', ['get', 'count'], 1], ['==', ['get', 'rank'], rank]],
		style: { 'circle-radius': ['get', 'radius'], 'circle-fill-color': CALL_SYMBOLS[key].colour, 'circle-stroke-color': stroke, 'circle-stroke-width': 3 }
	}));
	const singles: Rule[] = webglCallStyle(theme).map((rule) => ({ ...rule, filter: ['all', ['==', ['get', 'count'], 1], rule.filter!] }));
	return [...circles, ...singles];
}

export type WebglLayerSources = {
	theme: Theme;
	/** null in the plain mode: every call on one layer. */
	clusters: { source: VectorSource<Feature<Point>>; untilZoom: number; countLabel: (f: FeatureLike) => Style | undefined } | null;
	calls: VectorSource<Feature<Point>>;
};

/** The layers that draw the calls with WebGL, bottom first (cluster counts are canvas text). */
export async function webglLayers({ theme, clusters, calls }: WebglLayerSources): Promise<BaseLayer[]> {
	const { default: WebGLVectorLayer } = await import('ol/layer/WebGLVector');
	if (!clusters) return [new WebGLVectorLayer({ source: calls, style: webglCallStyle(theme), disableHitDetection: true })];
	return [
		new WebGLVectorLayer({ source: clusters.source, maxZoom: clusters.untilZoom, style: webglClusterStyle(theme), disableHitDetection: true }),
		new VectorLayer({ source: clusters.source, maxZoom: clusters.untilZoom, style: clusters.countLabel }),
		new WebGLVectorLayer({ source: calls, minZoom: clusters.untilZoom, style: webglCallStyle(theme), disableHitDetection: true })
	];
}
