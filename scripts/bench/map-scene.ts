/**
 * Browser side of `npm run bench:map` (bundled by esbuild, served by scripts/bench/map.ts): the
 * live map engine with 5,000 calls and 500 technicians, 50 position updates per second. The page
 * reports first render, frames per second and the JS heap on window.__bench.
 */
import { CALL_COLOUR_KEYS, type CallColourKey } from '../../src/lib/domain/call-colours';
import { LiveMapEngine, type CallPoint, type TechnicianPoint } from '../../src/lib/components/map/map-engine';

type Result = { firstRenderMs: number; fps: number; frames: number; seconds: number; heapMb: number | null; webgl: boolean; updates: number };
declare global {
	interface Window {
		__bench: { ready: boolean; result: Result | null; error: string | null };
	}
}
window.__bench = { ready: false, result: null, error: null };

const params = new URLSearchParams(location.search);
const mode = params.get('mode') === 'baseline' ? 'baseline' : 'ours';
const seconds = Number(params.get('seconds') ?? 30);
const CALLS = Number(params.get('calls') ?? 5000);
const TECHS = Number(params.get('techs') ?? 500);
const UPDATES_PER_SECOND = Number(params.get('ups') ?? 50);
const pan = params.get('pan') === '1';

// Deterministic scene: both modes draw exactly the same points.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
// Points fall around Italy's bigger towns, as customers do.
const towns = [[9.19, 45.46], [12.5, 41.9], [14.25, 40.85], [7.68, 45.07], [11.34, 44.49], [11.25, 43.77], [13.36, 38.12], [16.87, 41.12], [12.33, 45.44], [8.93, 44.41], [15.09, 37.5], [10.99, 45.44], [13.78, 45.65], [9.67, 45.69]];
const near = () => {
	const [lng, lat] = towns[Math.floor(random() * towns.length)];
	return { lng: lng + (random() - 0.5) * 1.2, lat: lat + (random() - 0.5) * 0.9 };
};
const weights: CallColourKey[] = ['overdue', 'dueSoon', 'dueSoon', 'unpaid', 'unconfirmed', 'unassigned', 'unassigned', 'planned', 'planned', 'planned', 'inProgress', 'doneToday'];
const calls: CallPoint[] = Array.from({ length: CALLS }, (_, i) => ({ id: `c${i}`, ...near(), worst: weights[Math.floor(random() * weights.length)] ?? CALL_COLOUR_KEYS[0] }));
const statuses = ['free', 'travelling', 'onSite', 'offDuty'] as const;
const techs: TechnicianPoint[] = Array.from({ length: TECHS }, (_, i) => ({
	id: `t${i}`,
	name: `Tecnico ${i}`,
	...near(),
	status: statuses[i % 4],
	heading: Math.floor(random() * 360),
	moving: i % 4 === 1,
	stale: i % 17 === 0
}));

async function run(): Promise<Result> {
	const target = document.getElementById('map')!;
	const started = performance.now();
	const engine = new LiveMapEngine({ target, theme: 'dark', attribution: 'ISTAT, openpolis', clustering: mode === 'ours', webgl: mode === 'ours' ? 'auto' : 'never' });
	// Basemap data arrives by fetch; wait until every vector source has loaded before timing the render.
	if (params.get('nobase')) for (const l of engine.map.getAllLayers()) if ((l.getSource() as { getUrl?: () => unknown })?.getUrl?.()) engine.map.removeLayer(l);
	engine.setCalls(calls);
	engine.setTechnicians(techs);
	await new Promise<void>((resolve) => {
		const check = () => {
			// Only layers drawn at this zoom load their data (provinces wait for a closer view).
			const loading = engine.map.getAllLayers().filter((l) => l.isVisible(engine.map.getView())).some((l) => {
				const source = l.getSource() as { getState?: () => string; getFeatures?: () => unknown[]; getUrl?: () => unknown } | null;
				return !!source?.getUrl?.() && (source.getFeatures?.()?.length ?? 0) === 0;
			});
			if (!loading) engine.map.once('rendercomplete', () => resolve());
			else setTimeout(check, 20);
			engine.map.render();
		};
		check();
	});
	const firstRenderMs = performance.now() - started;

	// 50 position updates per second: each moves one technician a little along its heading.
	let updates = 0;
	let next = 0;
	let moveMs = 0;
	const mover = setInterval(() => {
		const m0 = performance.now();
		for (let k = 0; k < UPDATES_PER_SECOND / 50; k++) {
			const t = techs[next++ % techs.length];
			t.lng += Math.sin((t.heading! * Math.PI) / 180) * 0.002;
			t.lat += Math.cos((t.heading! * Math.PI) / 180) * 0.0015;
			t.heading = (t.heading! + 7) % 360;
			engine.moveTechnician(t);
			updates++;
		}
		moveMs += performance.now() - m0;
	}, 20);
	let frames = 0;
	let renders = 0;
	let renderMs = 0;
	let pre = 0;
	engine.map.on('precompose', () => (pre = performance.now()));
	engine.map.on('postcompose', () => {
		renders++;
		renderMs += performance.now() - pre;
	});
	const t0 = performance.now();
	await new Promise<void>((resolve) => {
		const view = engine.map.getView();
		const [cx, cy] = view.getCenter()!;
		const tick = () => {
			frames++;
			// Panning view: a dispatcher dragging the map, or a wall screen moving between areas.
			if (pan) view.setCenter([cx + Math.sin(frames / 40) * 150_000, cy + Math.cos(frames / 55) * 100_000]);
			if (performance.now() - t0 < seconds * 1000) requestAnimationFrame(tick);
			else resolve();
		};
		requestAnimationFrame(tick);
	});
	clearInterval(mover);
	if (params.get('debug')) console.log(`renders=${renders} avg_compose_ms=${(renderMs / Math.max(1, renders)).toFixed(1)} move_ms_total=${moveMs.toFixed(0)} updates=${updates}`);
	const elapsed = (performance.now() - t0) / 1000;
	const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
	return { firstRenderMs, fps: frames / elapsed, frames, seconds: elapsed, heapMb: memory ? memory.usedJSHeapSize / 1048576 : null, webgl: engine.drawsCallsWithWebgl, updates };
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
