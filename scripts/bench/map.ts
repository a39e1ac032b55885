/**
 * npm run bench:map — the live map in headless Chromium (Debian's /usr/bin/chromium): 5,000 calls
 * and 500 technicians with 50 position updates per second. For each renderer: time to first full
 * render (basemap loaded, every point drawn), frames per second over 30 s (requestAnimationFrame
 * count) and the JS heap. Ours (clusters at low zoom, WebGL points when many) beside the baseline
 * in the same run: the same scene on one plain canvas vector layer, no clustering, no WebGL.
 * The scene is the map engine the pages use (src/lib/components/map/map-engine.ts), bundled with
 * esbuild and served with the shipped basemap (static/geo) by a throwaway local HTTP server.
 *
 * Options: --seconds=30 --calls=5000 --techs=500 --ups=50
 * Ends with: bench map: calls=5000 techs=500 ups=50 fps=... first_render_ms=... heap_mb=... baseline_fps=... ...
 */
import { build } from 'esbuild';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const options = { seconds: arg('seconds', 30), calls: arg('calls', 5000), techs: arg('techs', 500), ups: arg('ups', 50) };

type Result = { firstRenderMs: number; fps: number; frames: number; seconds: number; heapMb: number | null; webgl: boolean; updates: number };

async function bundle(dir: string) {
	await build({
		entryPoints: [join(ROOT, 'scripts/bench/map-scene.ts')],
		bundle: true,
		format: 'esm',
		target: 'es2022',
		outdir: dir,
		entryNames: 'scene',
		alias: { $lib: join(ROOT, 'src/lib') },
		loader: { '.css': 'css' },
		logLevel: 'error'
	});
}

function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
	const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.html': 'text/html' };
	const page = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/scene.css"><style>html,body,#map{margin:0;width:100%;height:100%;background:#0b1220}</style></head><body><div id="map"></div><script type="module" src="/scene.js"></script></body></html>`;
	const server = createServer(async (req, res) => {
		const path = new URL(req.url ?? '/', 'http://local').pathname;
		try {
			if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
			const file = path.startsWith('/geo/') ? join(ROOT, 'static', path) : join(dir, path);
			const body = await readFile(file);
			res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
		} catch {
			res.writeHead(404).end();
		}
	});
	return new Promise((ok) =>
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			ok({ url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((done) => server.close(() => done())) });
		})
	);
}

async function main() {
	const dir = await mkdtemp(join(tmpdir(), 'quadro-bench-map-'));
	const http = await (async () => {
		await bundle(dir);
		return serve(dir);
	})();
	// Software WebGL (SwiftShader) stands in for a GPU on machines without one; a TV's browser has one.
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			...(process.env.BENCH_WEBGL === '1' ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : ['--disable-gpu']),
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--enable-precise-memory-info'
		]
	});
	const results: Record<string, Result> = {};
	try {
		for (const [mode, pan] of [['ours', '0'], ['baseline', '0'], ['ours', '1'], ['baseline', '1']] as const) {
			const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
			const page = await context.newPage();
			page.on('pageerror', (e) => console.error(`[${mode}] page error:`, e.message));
			page.on('console', (m) => { if (m.type() === 'error' || process.env.BENCH_DEBUG) console.error(`[${mode}] console:`, m.text()); });
			page.on('response', (r) => { if (r.status() >= 400) console.error(`[${mode}] HTTP ${r.status()}:`, r.url()); });
			const qs = new URLSearchParams({ mode, seconds: String(options.seconds), calls: String(options.calls), techs: String(options.techs), ups: String(options.ups), pan, ...(process.env.BENCH_NOBASE ? { nobase: '1' } : {}), ...(process.env.BENCH_DEBUG ? { debug: '1' } : {}) });
			await page.goto(`${http.url}/?${qs}`);
			await page.waitForFunction(() => window.__bench?.ready === true, null, { timeout: (options.seconds + 60) * 1000 });
			const { result, error } = await page.evaluate(() => window.__bench);
			if (error || !result) throw new Error(`${mode}: ${error}`);
			results[`${mode}${pan === '1' ? '-pan' : ''}`] = result;
			await context.close();
		}
	} finally {
		await browser.close();
		await http.close();
		await rm(dir, { recursive: true, force: true });
	}
	const f = (n: number | null, d = 1) => (n === null ? 'n/a' : n.toFixed(d));
	const row = (label: string, r: Result) =>
		console.log(`${label.padEnd(52)} | ${f(r.firstRenderMs, 0).padStart(8)} | ${f(r.fps).padStart(5)} | ${String(r.frames).padStart(6)} | ${f(r.heapMb).padStart(7)} | ${r.webgl ? 'yes' : 'no'}`);
	console.log(`\nLive map, ${options.calls} calls, ${options.techs} technicians, ${options.ups} position updates/s, ${options.seconds} s each, 1920x1080, Italy in view`);
	console.log(`${'renderer'.padEnd(52)} | first ms | fps   | frames | heap MB | WebGL`);
	console.log(`${'-'.repeat(52)}-|----------|-------|--------|---------|------`);
	row('ours: clusters + WebGL points, still view', results.ours);
	row('baseline: one canvas vector layer, still view', results.baseline);
	row('ours: clusters + WebGL points, panning view', results['ours-pan']);
	row('baseline: one canvas vector layer, panning view', results['baseline-pan']);
	const worst = Math.min(results.ours.fps, results['ours-pan'].fps);
	console.log(`targets: fps >= 50 (${worst >= 50 ? 'met' : 'NOT met'}), first render < 2000 ms (${results.ours.firstRenderMs < 2000 ? 'met' : 'NOT met'})`);
	console.log(
		`bench map: calls=${options.calls} techs=${options.techs} ups=${options.ups} fps=${f(results.ours.fps)} fps_pan=${f(results['ours-pan'].fps)} first_render_ms=${f(results.ours.firstRenderMs, 0)} heap_mb=${f(results.ours.heapMb)} baseline_fps=${f(results.baseline.fps)} baseline_fps_pan=${f(results['baseline-pan'].fps)} baseline_first_render_ms=${f(results.baseline.firstRenderMs, 0)} baseline_heap_mb=${f(results.baseline.heapMb)} pan_fps_ratio=${f(results['ours-pan'].fps / results['baseline-pan'].fps, 2)}`
	);
}

await main();
