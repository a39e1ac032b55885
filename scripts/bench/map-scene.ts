/**
 * Browser side of `npm run bench:map` (built by Vite with the Svelte plugin, served by
 * scripts/bench/map.ts): mounts the real LiveMap.svelte as the wall screen (or the office map)
 * does, with the snapshot the server serves and the live feed of its Socket.IO server, then
 * measures the first full render, frames per second while a scene plays, and the JS heap.
 * What was drawn is read from the map element's data-* attributes, which the engine keeps up to
 * date for tests and tools.
 */
import { mount } from 'svelte';
import LiveMap from '../../src/lib/components/map/LiveMap.svelte';
import type { LiveMapEngine } from '../../src/lib/components/map/map-engine';
import type { MapSnapshot } from '../../src/lib/components/map/map-types';

type Result = { firstRenderMs: number; fps: number; frames: number; seconds: number; slowFrames: number; worstFrameMs: number; movingFrames: number; heapMb: number | null; renderer: string; reason: string; recolours: number; drawnCalls: number };
declare global {
	interface Window {
		/** measuring: the frames are being counted (a drag from the bench may start). */
		__bench: { ready: boolean; measuring: boolean; result: Result | null; error: string | null };
		__benchEngine?: LiveMapEngine;
		__benchEngineOptions?: Record<string, unknown>;
		__benchMarks: { renders: number[]; engine: number | null; calls: number | null; basemap: number | null };
	}
}
window.__bench = { ready: false, measuring: false, result: null, error: null };

const params = new URLSearchParams(location.search);
const variant = params.get('variant') ?? 'ours';
const scenario = params.get('scenario') ?? 'still';
const seconds = Number(params.get('seconds') ?? 30);
const mode = params.get('mode') === 'office' ? 'office' : 'wall';
const token = params.get('token') ?? '';
window.__benchMarks = { renders: [], engine: null, calls: null, basemap: null };
window.__benchEngineOptions = variant === 'baseline' ? { clustering: false, webgl: 'never' } : variant === 'webgl' ? { webgl: 'always' } : {};

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
async function until(check: () => boolean, what: string, timeoutMs = 60_000) {
	const start = performance.now();
	while (!check()) {
		if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await sleep(10);
	}
}

/** The calls drawn, per colour, as the engine reports them on the map element. */
function drawnCalls(element: HTMLElement | null): number {
	const counts = JSON.parse(element?.dataset.calls ?? '{}') as Record<string, number>;
	return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Calls whose colour changed, counted from the engine's reports (per colour counts move). */
function watchRecolours(element: HTMLElement): () => number {
	let changes = 0;
	let last = element.dataset.calls ?? '{}';
	const observer = new MutationObserver(() => {
		const now = element.dataset.calls ?? '{}';
		if (now === last) return;
		const a = JSON.parse(last) as Record<string, number>;
		const b = JSON.parse(now) as Record<string, number>;
		for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) changes += Math.max(0, (b[k] ?? 0) - (a[k] ?? 0));
		last = now;
	});
	observer.observe(element, { attributes: true, attributeFilter: ['data-calls'] });
	return () => {
		observer.disconnect();
		return changes;
	};
}

/** Scripted view animations, one after the other, as a dispatcher pans and zooms. */
function play(engine: LiveMapEngine, kind: 'pan' | 'zoomed', stop: () => boolean) {
	const view = engine.map.getView();
	const steps =
		kind === 'pan'
			? { centre: [12.3, 42.4], span: [3.5, 2.5], zooms: [5.6, 6.4, 7.2, 5.2, 6.0, 7.8] }
			: { centre: [9.3, 45.5], span: [0.6, 0.4], zooms: [10, 10.6, 9.6, 11, 10.2] };
	let i = 0;
	const next = () => {
		if (stop()) return;
		const k = i++;
		const [lng, lat] = steps.centre;
		const centre = [lng + Math.sin(k * 1.7) * steps.span[0], lat + Math.cos(k * 1.3) * steps.span[1]];
		const toMercator = ([x, y]: number[]) => [(x * 20037508.34) / 180, (Math.log(Math.tan(((90 + y) * Math.PI) / 360)) / (Math.PI / 180)) * (20037508.34 / 180)];
		// Pans, with a zoom every third step, one straight after the other: the view never rests
		// (each end still costs the frame where the map settles and redraws what it shows).
		view.animate({ center: toMercator(centre), zoom: k % 3 === 2 ? steps.zooms[k % steps.zooms.length] : undefined, duration: 900 }, () => next());
	};
	next();
}

async function run(): Promise<Result> {
	const snapshot = (await (await fetch(`/wall/${token}/data`)).json()) as MapSnapshot;
	const target = document.getElementById('app')!;
	// The bench server answers the wall's URLs; the office map asks the same ones here.
	const urls = { snapshot: `/wall/${token}/data`, call: (id: string) => `/wall/${token}/calls/${id}` };
	const started = performance.now();
	mount(LiveMap, { target, props: { initial: snapshot, mode, urls, wallToken: mode === 'wall' ? token : undefined } });
	const mounted = performance.now() - started;
	await until(() => !!window.__benchEngine, 'the map engine');
	const engine = window.__benchEngine!;
	const element = engine.map.getTargetElement() as HTMLElement;
	// First full render: the first render OpenLayers completed after it had every call and the basemap.
	const marks = window.__benchMarks;
	const ready = () => (marks.calls !== null && marks.basemap !== null ? Math.max(marks.calls, marks.basemap) : null);
	await until(() => ready() !== null && marks.renders.some((t) => t >= ready()!), 'the first full render');
	const firstRenderMs = marks.renders.find((t) => t >= ready()!)! - started;
	const at = (t: number | null) => ((t ?? started) - started).toFixed(0);
	console.debug(`phases: mounted ${mounted.toFixed(0)} ms, engine ${at(marks.engine)} ms, calls ${at(marks.calls)} ms, basemap ${at(marks.basemap)} ms, rendered ${firstRenderMs.toFixed(0)} ms`);
	await until(() => drawnCalls(element) > 0, 'the drawn calls on the map element');

	if (scenario === 'zoomed') {
		engine.map.getView().setCenter([1034866, 5696992]);
		engine.map.getView().setZoom(10);
		await new Promise<void>((ok) => engine.map.once('rendercomplete', () => ok()));
	}
	await sleep(1000);

	const recolours = watchRecolours(element);
	let frames = 0;
	let slowFrames = 0;
	let worstFrameMs = 0;
	// Frames drawn while the view was moving: shows that the panning scenes never rest.
	let movingFrames = 0;
	const view = engine.map.getView();
	let last = performance.now();
	const t0 = last;
	const over = () => performance.now() - t0 >= seconds * 1000;
	// The drag scene is played by the bench with the mouse, from outside the page.
	if (scenario === 'pan' || scenario === 'zoomed') play(engine, scenario, over);
	window.__bench.measuring = true;
	await new Promise<void>((done) => {
		const tick = (now: number) => {
			frames++;
			if (view.getAnimating() || view.getInteracting()) movingFrames++;
			const gap = now - last;
			last = now;
			if (frames > 1) {
				if (gap > 33.4) slowFrames++;
				worstFrameMs = Math.max(worstFrameMs, gap);
			}
			if (!over()) requestAnimationFrame(tick);
			else done();
		};
		requestAnimationFrame(tick);
	});
	const elapsed = (performance.now() - t0) / 1000;
	const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
	const result: Result = {
		firstRenderMs,
		fps: frames / elapsed,
		frames,
		seconds: elapsed,
		slowFrames,
		worstFrameMs,
		movingFrames,
		heapMb: memory ? memory.usedJSHeapSize / 1048576 : null,
		renderer: element.dataset.renderer ?? 'unknown',
		reason: element.dataset.rendererReason ?? '',
		recolours: recolours(),
		drawnCalls: drawnCalls(element)
	};
	return result;
}

run()
	.then((result) => {
		window.__bench.result = result;
	})
	.catch((error: unknown) => {
		window.__bench.error = String((error as Error)?.stack ?? error);
	})
	.finally(() => {
		window.__bench.ready = true;
	});
