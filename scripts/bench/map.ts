/**
 * npm run bench:map — the live map as users run it, in headless Chromium (Debian's /usr/bin/chromium):
 * the real page component (src/lib/components/map/LiveMap.svelte, built by Vite with the Svelte
 * plugin) mounted with 5,000 calls and 500 technicians, its own 1 s clock recolouring the calls
 * (due times pass during the run, as they do all day), and 50 technician positions a second
 * arriving over Socket.IO on the `/live` namespace, as the server sends them.
 *
 * For each renderer: time to first full render (from mounting the component to the basemap
 * loaded and every call drawn), frames per second (requestAnimationFrame count) in three
 * scenes of 30 s each, the JS heap, and what drew the calls (WebGL or canvas, as the engine
 * reports on the map element):
 * - still: nothing moves but the technicians and the colours;
 * - panning: scripted view animations one straight after the other (the view never rests; the
 *   "moving" column is the share of frames drawn while it moved), pans with a zoom every third,
 *   between zoom 5 and 8 (clusters);
 * - dragging: the mouse drags the map (OpenLayers' own drag-pan), 1.5 s strokes in changing
 *   directions, released and pressed again at once, as a dispatcher looks around (clusters);
 * - zoomed in: the same animations as panning around Milan, zoom 9.5 to 11 (single symbols).
 * Ours beside the baseline in the same run: the same page with the engine's plain mode, every
 * call on one canvas vector layer, no clustering, no WebGL. A third renderer, WebGL forced, is
 * measured panning: it shows what WebGL costs in this browser (software WebGL without a GPU).
 *
 * Run it under the machine's heavy-work lock when the machine is shared; the load average
 * before and after is printed with the figures. PUBLIC_TILE_URL and PUBLIC_TILE_ATTRIBUTION, when
 * set, are passed to the page as in production (an online raster layer over the shipped land).
 *
 * Options: --seconds=30 --calls=5000 --techs=500 --ups=50 --mode=wall|office --no-webgl-row --profile --trace
 *          --only=ours-pan,... (a subset, for profiling; prints the table only) --screenshots=DIR
 * Ends with: bench map: calls=5000 techs=500 ups=50 fps_still=... fps_pan=... fps_drag=... fps_zoomed=... first_render_ms=... ...
 */
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { Server } from 'socket.io';
import { build, type Plugin } from 'vite';
import type { MapCall, MapSnapshot, MapTechnician } from '../../src/lib/components/map/map-types';
import { LIVE_NAMESPACE, type TechnicianPosition } from '../../src/lib/realtime/events';

const ROOT = resolve(import.meta.dirname, '../..');
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const options = {
	seconds: arg('seconds', 30),
	calls: arg('calls', 5000),
	techs: arg('techs', 500),
	ups: arg('ups', 50),
	mode: (process.argv.find((a) => a.startsWith('--mode='))?.split('=')[1] ?? 'wall') as 'wall' | 'office',
	webglRow: !process.argv.includes('--no-webgl-row'),
	/** Prints where each run's main thread spent its time (self time per function, top 25). */
	profile: process.argv.includes('--profile'),
	/** Prints where the browser's threads spent their time (trace events by thread and name). */
	trace: process.argv.includes('--trace'),
	/** Saves a screenshot of each run at its end into this directory (to see what was drawn). */
	screenshots: process.argv.find((a) => a.startsWith('--screenshots='))?.split('=')[1] ?? null,
	/** Only these runs, e.g. --only=ours-pan,baseline-pan (the figures need every run). */
	only: process.argv.find((a) => a.startsWith('--only='))?.split('=')[1]?.split(',') ?? null
};
const TOKEN = 'benchbenchbenchbenchbenchbench22';
const WARNING_MINUTES = 120;

type Scenario = 'still' | 'pan' | 'drag' | 'zoomed';
type Variant = 'ours' | 'baseline' | 'webgl';
type Result = {
	firstRenderMs: number;
	fps: number;
	frames: number;
	seconds: number;
	slowFrames: number;
	worstFrameMs: number;
	/** Frames drawn while the view moved (animating or interacting). */
	movingFrames: number;
	heapMb: number | null;
	renderer: string;
	reason: string;
	positions: number;
	recolours: number;
	drawnCalls: number;
};

// ---- The scene: deterministic calls and technicians around Italy's bigger towns ----

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const towns: [number, number, string, string][] = [
	[9.19, 45.46, 'Milano', 'MI'], [12.5, 41.9, 'Roma', 'RM'], [14.25, 40.85, 'Napoli', 'NA'], [7.68, 45.07, 'Torino', 'TO'], [11.34, 44.49, 'Bologna', 'BO'],
	[11.25, 43.77, 'Firenze', 'FI'], [13.36, 38.12, 'Palermo', 'PA'], [16.87, 41.12, 'Bari', 'BA'], [12.33, 45.44, 'Venezia', 'VE'], [8.93, 44.41, 'Genova', 'GE'],
	[15.09, 37.5, 'Catania', 'CT'], [10.99, 45.44, 'Verona', 'VR'], [13.78, 45.65, 'Trieste', 'TS'], [9.67, 45.69, 'Bergamo', 'BG']
];
const near = () => {
	const [lng, lat, comune, province] = towns[Math.floor(random() * towns.length)];
	// Milan gets more: the zoomed-in scene looks at a dense city.
	return { lng: lng + (random() - 0.5) * 1.2, lat: lat + (random() - 0.5) * 0.9, comune, province };
};
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The snapshot a wall screen would get. Due times are spread so that calls keep changing colour
 * during the run (entering the warning window, then passing due) on the page's own clock.
 */
function snapshot(now: number, runMs: number): MapSnapshot {
	const technicians: MapTechnician[] = Array.from({ length: options.techs }, (_, i) => {
		const p = near();
		const stale = i % 17 === 0;
		return {
			id: `t${i}`,
			code: `T${i}`,
			name: `Tecnico ${i} Rossi`,
			team: ['Nord', 'Centro', 'Sud'][i % 3],
			skills: ['copier'],
			areaIds: [],
			onShift: i % 9 !== 0,
			position: { lng: p.lng, lat: p.lat, accuracy: 8, heading: Math.floor(random() * 360), speed: i % 4 === 1 ? 12 : 0, recordedAt: iso(stale ? now - 3 * 3600_000 : now - 30_000), source: 'phone' },
			status: 'free',
			jobs: []
		};
	});
	const statuses = ['new', 'new', 'new', 'assigned', 'assigned', 'confirmed', 'confirmed', 'confirmed', 'travelling', 'on_site', 'on_hold', 'completed'] as const;
	const calls: MapCall[] = Array.from({ length: options.calls }, (_, i) => {
		const p = near();
		const status = statuses[i % statuses.length];
		// A fifth of the calls cross a colour edge during the run: into "due soon" or past due.
		const crossing = i % 5 === 0;
		const due = crossing ? now + (i % 2 === 0 ? WARNING_MINUTES * 60_000 : 0) + random() * (runMs + 60_000) : now + (random() * 10 - 3) * 3600_000;
		const tech = technicians.length ? technicians[i % technicians.length] : null;
		const assigned = status !== 'new' && !!tech;
		return {
			id: `c${i}`,
			number: `2026/${String(i + 1).padStart(6, '0')}`,
			status,
			priority: (['high', 'medium', 'low'] as const)[i % 3],
			type: 'breakdown',
			description: 'Guasto',
			customerId: `k${i % 900}`,
			customerName: `Cliente ${i % 900} Srl`,
			siteName: 'Sede',
			comune: p.comune,
			province: p.province,
			lng: p.lng,
			lat: p.lat,
			equipmentSerial: `SN${i}`,
			equipmentModel: 'MP 2555',
			requiredSkills: ['copier'],
			acknowledgeDue: iso(due - 3600_000),
			onsiteDue: iso(due),
			resolutionDue: iso(due + 4 * 3600_000),
			acknowledgedAt: assigned ? iso(now - 3600_000) : null,
			completedAt: status === 'completed' ? iso(now - 1800_000) : null,
			areaIds: [],
			technicianId: assigned ? tech!.id : null,
			technicianName: assigned ? tech!.name : null,
			assignment: status === 'new' ? 'none' : status === 'assigned' ? 'planned' : 'confirmed',
			plannedStart: null,
			plannedDay: null,
			unpaid: i % 23 === 0
		};
	});
	return { at: iso(now), day: iso(now).slice(0, 10), warningMinutes: WARNING_MINUTES, staleMinutes: 15, calls, technicians, areas: [], skills: [], teams: ['Nord', 'Centro', 'Sud'] };
}

// ---- The page: LiveMap.svelte built by Vite, served with the shipped basemap and a Socket.IO server ----

/**
 * Bench-side modules: the public environment and the engine LiveMap imports, passed through
 * unchanged for "ours" and given the page's options (plain mode, forced WebGL) for the other
 * renderers. The instance is kept on window so the scene can move the view, with the instants
 * the calls were handed over, the basemap loaded, and each render completed.
 */
function benchModules(): Plugin {
	const engine = join(ROOT, 'src/lib/components/map/map-engine.ts');
	return {
		name: 'bench-map-modules',
		enforce: 'pre',
		resolveId(id, importer) {
			if (id === '$env/dynamic/public') return '\0bench-env';
			if (id === './map-engine' && importer?.endsWith('LiveMap.svelte')) return '\0bench-engine';
			return null;
		},
		load(id) {
			if (id === '\0bench-env') return `export const env = ${JSON.stringify({ PUBLIC_TILE_URL: process.env.PUBLIC_TILE_URL ?? '', PUBLIC_TILE_ATTRIBUTION: process.env.PUBLIC_TILE_ATTRIBUTION ?? '' })};`;
			if (id === '\0bench-engine')
				return `import { LiveMapEngine as Engine } from ${JSON.stringify(engine)};
export * from ${JSON.stringify(engine)};
export class LiveMapEngine extends Engine {
	constructor(o) {
		window.__benchMarks.engine = performance.now();
		super({ ...o, ...(window.__benchEngineOptions ?? {}) });
		window.__benchEngine = this;
		const marks = window.__benchMarks;
		this.map.on('rendercomplete', () => marks.renders.push(performance.now()));
		const loaded = () => { if (o.target.dataset.basemap === 'loaded') marks.basemap ??= performance.now(); };
		new MutationObserver(loaded).observe(o.target, { attributes: true, attributeFilter: ['data-basemap'] });
	}
	setCalls(points) {
		super.setCalls(points);
		if (points.length) window.__benchMarks.calls ??= performance.now();
	}
}`;
			return null;
		}
	};
}

async function bundle(dir: string) {
	await build({
		configFile: false,
		root: ROOT,
		logLevel: 'error',
		mode: 'production',
		resolve: { alias: { $lib: join(ROOT, 'src/lib') } },
		plugins: [benchModules(), svelte({ configFile: false, preprocess: vitePreprocess() })],
		build: {
			outDir: dir,
			emptyOutDir: true,
			target: 'es2022',
			minify: !options.profile,
			cssCodeSplit: false,
			modulePreload: false,
			rollupOptions: {
				input: join(ROOT, 'scripts/bench/map-scene.ts'),
				output: { entryFileNames: 'scene.js', chunkFileNames: '[name]-[hash].js', assetFileNames: 'scene[extname]' }
			}
		}
	});
}

function serve(dir: string, data: MapSnapshot) {
	const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.html': 'text/html' };
	const page = `<!doctype html><html lang="it"><head><meta charset="utf-8"><link rel="stylesheet" href="/scene.css"><style>html,body{margin:0;height:100%}#app{height:100vh}</style></head><body><div id="app"></div><script type="module" src="/scene.js"></script></body></html>`;
	const body = JSON.stringify(data);
	const server = createServer(async (req, res) => {
		const path = new URL(req.url ?? '/', 'http://local').pathname;
		if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
		if (path === '/favicon.ico') return void res.writeHead(204).end();
		if (path === `/wall/${TOKEN}/data`) return void res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
		try {
			const file = path.startsWith('/geo/') ? join(ROOT, 'static', path) : join(dir, path);
			const content = await readFile(file);
			res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(content);
		} catch {
			res.writeHead(404).end();
		}
	});
	// The live feed: positions as the server sends them to maps, 50 a second, each technician
	// moving along its heading at 12 m/s.
	const io = new Server(server, { path: '/socket.io', serveClient: false });
	const live = io.of(LIVE_NAMESPACE);
	// Stale markers stay stale: those technicians send nothing.
	const staleBefore = Date.parse(data.at) - data.staleMinutes * 60_000;
	const moving = data.technicians.filter((t) => Date.parse(t.position!.recordedAt) > staleBefore).map((t) => ({ ...t.position!, id: t.id }));
	let next = 0;
	let sent = 0;
	let feed: ReturnType<typeof setInterval> | null = null;
	const start = () => {
		if (!moving.length || options.ups <= 0) return;
		feed ??= setInterval(() => {
			const t = moving[next++ % moving.length];
			const rad = ((t.heading ?? 0) * Math.PI) / 180;
			t.lng += Math.sin(rad) * 0.004;
			t.lat += Math.cos(rad) * 0.003;
			t.heading = ((t.heading ?? 0) + 11) % 360;
			const position: TechnicianPosition = { technicianId: t.id, lat: t.lat, lng: t.lng, accuracy: 8, heading: t.heading, speed: 12, recordedAt: new Date().toISOString(), source: 'phone' };
			live.emit('technician:position', position);
			sent++;
		}, 1000 / options.ups);
	};
	const stop = () => {
		if (feed) clearInterval(feed);
		feed = null;
	};
	return new Promise<{ url: string; start: () => void; stop: () => number; close: () => Promise<void> }>((ok) =>
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			ok({
				url: `http://127.0.0.1:${port}`,
				start,
				stop: () => {
					stop();
					const n = sent;
					sent = 0;
					return n;
				},
				close: () => new Promise<void>((done) => io.close(() => done()))
			});
		})
	);
}

/**
 * The drag scene: while the page counts frames, the mouse drags the map in strokes of 1.5 s at
 * about 60 moves a second, each in a new direction, released and pressed again at once.
 */
async function drag(page: Page) {
	await page.waitForFunction(() => window.__bench.measuring || window.__bench.ready, null, { timeout: 120_000, polling: 50 });
	const box = (await page.locator('[role="application"]').boundingBox())!;
	const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
	const strokeMs = 1500;
	for (let k = 0; !(await page.evaluate(() => window.__bench.ready)); k++) {
		const angle = k * 2.4;
		const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
		await page.mouse.move(cx - dx * 150, cy - dy * 150);
		await page.mouse.down();
		const start = Date.now();
		for (let t = 0; t < strokeMs; t = Date.now() - start) {
			await page.mouse.move(cx + dx * (300 * (t / strokeMs) - 150), cy + dy * (300 * (t / strokeMs) - 150));
			await new Promise((ok) => setTimeout(ok, 16));
		}
		await page.mouse.up();
	}
}

type CpuProfile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] };

function printProfile(tag: string, profile: CpuProfile) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	let total = 0;
	(profile.samples ?? []).forEach((id, i) => {
		const dt = (profile.timeDeltas?.[i] ?? 0) / 1000;
		const frame = byId.get(id)!.callFrame;
		const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
		self.set(key, (self.get(key) ?? 0) + dt);
		total += dt;
	});
	console.log(`${tag} profile, ${total.toFixed(0)} ms sampled:`);
	for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

type TraceEvent = { ph: string; name: string; pid: number; tid: number; ts: number; dur?: number; args?: { name?: string } };

/** Time per thread and event name; nested events are counted in their parents too. */
function printTrace(tag: string, trace: { traceEvents: TraceEvent[] }) {
	const threads = new Map<string, string>();
	for (const e of trace.traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
	const sums = new Map<string, number>();
	for (const e of trace.traceEvents) {
		if (e.ph !== 'X' || !e.dur) continue;
		const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} / ${e.name}`;
		sums.set(key, (sums.get(key) ?? 0) + e.dur / 1000);
	}
	console.log(`${tag} trace (ms, by thread / event):`);
	for (const [key, ms] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${key}`);
}

async function main() {
	const load0 = loadavg();
	const dir = await mkdtemp(join(tmpdir(), 'quadro-bench-map-'));
	await bundle(dir);
	const runMs = options.seconds * 1000 * 8 + 120_000;
	const http = await serve(dir, snapshot(Date.now(), runMs));
	// --disable-gpu as in the e2e tests: WebGL, when asked for, is Chromium's software WebGL.
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info']
	});
	const runs: [Variant, Scenario][] = [
		['ours', 'still'],
		['baseline', 'still'],
		['ours', 'pan'],
		['baseline', 'pan'],
		['ours', 'drag'],
		['baseline', 'drag'],
		['ours', 'zoomed'],
		['baseline', 'zoomed'],
		...(options.webglRow ? ([['webgl', 'pan']] as [Variant, Scenario][]) : [])
	];
	const results = new Map<string, Result>();
	try {
		for (const [variant, scenario] of runs) {
			if (options.only && !options.only.includes(`${variant}-${scenario}`)) continue;
			const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'it-IT', timezoneId: 'Europe/Rome' });
			const page = await context.newPage();
			const tag = `[${variant} ${scenario}]`;
			page.on('pageerror', (e) => console.error(tag, 'page error:', e.message));
			page.on('console', (m) => {
				if (m.type() === 'error' || process.env.BENCH_DEBUG) console.error(tag, 'console:', m.text());
			});
			page.on('response', (r) => {
				if (r.status() >= 400) console.error(tag, `HTTP ${r.status()}:`, r.url());
			});
			const qs = new URLSearchParams({ variant, scenario, seconds: String(options.seconds), calls: String(options.calls), mode: options.mode, token: TOKEN });
			http.start();
			const profiler = options.profile ? await context.newCDPSession(page) : null;
			if (profiler) {
				await profiler.send('Profiler.enable');
				await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
				await profiler.send('Profiler.start');
			}
			if (options.trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc', 'gpu', 'v8'] });
			await page.goto(`${http.url}/?${qs}`);
			if (scenario === 'drag') await drag(page);
			await page.waitForFunction(() => window.__bench?.ready === true, null, { timeout: (options.seconds + 90) * 1000, polling: 500 });
			if (options.trace) printTrace(tag, JSON.parse((await browser.stopTracing()).toString()));
			if (profiler) printProfile(tag, (await profiler.send('Profiler.stop')).profile);
			if (options.screenshots) await page.screenshot({ path: join(options.screenshots, `${variant}-${scenario}.png`) });
			const { result, error } = await page.evaluate(() => window.__bench);
			const positions = http.stop();
			if (error || !result) throw new Error(`${tag} ${error}`);
			results.set(`${variant}-${scenario}`, { ...result, positions });
			await context.close();
		}
	} finally {
		await browser.close();
		await http.close();
		await rm(dir, { recursive: true, force: true });
	}
	const load1 = loadavg();

	const f = (n: number | null | undefined, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(d));
	const label: Record<Variant, string> = { ours: 'ours', baseline: 'baseline: plain canvas layer', webgl: 'ours, WebGL forced' };
	const scene: Record<Scenario, string> = { still: 'still view', pan: 'panning/zooming z5-8', drag: 'dragged with the mouse', zoomed: 'zoomed in z9.5-11' };
	console.log(`\nLive map (LiveMap.svelte, ${options.mode} mode), ${options.calls} calls, ${options.techs} technicians, ${options.ups} positions/s over Socket.IO, 1 s clock; ${options.seconds} s per scene, 1920x1080`);
	console.log(`load average (1, 5, 15 min) on ${cpus().length} cores: before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${load1.map((x) => x.toFixed(2)).join(' ')}`);
	console.log(`${'renderer / scene'.padEnd(52)} | first ms |   fps | >33ms | worst ms | moving | heap MB | recol. | calls drawn by`);
	console.log(`${'-'.repeat(52)}-|----------|-------|-------|----------|--------|---------|--------|---------------`);
	for (const [variant, scenario] of runs) {
		const r = results.get(`${variant}-${scenario}`);
		if (!r) continue;
		const by = r.renderer + (r.reason ? ` (${r.reason})` : '');
		console.log(
			`${`${label[variant]}, ${scene[scenario]}`.padEnd(52)} | ${f(r.firstRenderMs, 0).padStart(8)} | ${f(r.fps).padStart(5)} | ${String(r.slowFrames).padStart(5)} | ${f(r.worstFrameMs, 0).padStart(8)} | ${`${f((100 * r.movingFrames) / r.frames, 0)}%`.padStart(6)} | ${f(r.heapMb).padStart(7)} | ${String(r.recolours).padStart(6)} | ${by}`
		);
	}
	if (options.only) return;
	const get = (v: Variant, s: Scenario) => results.get(`${v}-${s}`)!;
	const worstFps = Math.min(get('ours', 'still').fps, get('ours', 'pan').fps, get('ours', 'drag').fps, get('ours', 'zoomed').fps);
	const firsts = (['still', 'pan', 'drag', 'zoomed'] as const).map((s) => get('ours', s).firstRenderMs);
	const worstFirst = Math.max(...firsts);
	console.log(`targets: fps >= 50 in every scene (worst ${f(worstFps)}: ${worstFps >= 50 ? 'met' : 'NOT met'}), first render < 2000 ms (worst ${f(worstFirst, 0)}: ${worstFirst < 2000 ? 'met' : 'NOT met'})`);
	const webgl = results.get('webgl-pan');
	console.log(
		[
			`bench map: calls=${options.calls} techs=${options.techs} ups=${options.ups} mode=${options.mode}`,
			`fps_still=${f(get('ours', 'still').fps)} fps_pan=${f(get('ours', 'pan').fps)} fps_drag=${f(get('ours', 'drag').fps)} fps_zoomed=${f(get('ours', 'zoomed').fps)}`,
			`first_render_ms=${f(worstFirst, 0)} heap_mb=${f(get('ours', 'still').heapMb)} drawn_by=${get('ours', 'still').renderer}`,
			`baseline_fps_still=${f(get('baseline', 'still').fps)} baseline_fps_pan=${f(get('baseline', 'pan').fps)} baseline_fps_drag=${f(get('baseline', 'drag').fps)} baseline_fps_zoomed=${f(get('baseline', 'zoomed').fps)}`,
			`baseline_first_render_ms=${f(get('baseline', 'still').firstRenderMs, 0)} baseline_heap_mb=${f(get('baseline', 'still').heapMb)}`,
			webgl ? `webgl_forced_fps_pan=${f(webgl.fps)} webgl_forced_drawn_by=${webgl.renderer}` : '',
			`load_before=${load0[0].toFixed(2)} load_after=${load1[0].toFixed(2)} met=${worstFps >= 50 && worstFirst < 2000 ? 'yes' : 'no'}`
		]
			.filter(Boolean)
			.join(' ')
	);
}

declare global {
	interface Window {
		__bench: { ready: boolean; measuring: boolean; result: Omit<Result, 'positions'> | null; error: string | null };
	}
}

await main();
