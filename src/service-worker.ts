/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { cacheKeyOf, dataToKeep, isDataPath, isReportPath, keysToPrune, reportPdfUrls } from '$lib/client/offline-cache';

/**
 * Keeps the technician app usable with no signal: the app shell (built assets) is cached when
 * the technician app asks for it; the /t pages and the technician's own data (/api/field GETs) are
 * fetched from the network first and answered from the last copy when offline. After My day
 * loads, the app also asks for every page of the day's jobs (see `precache`), so a job never
 * opened online opens offline too. Office pages are not touched: their data stays off the
 * device. Writes never pass through here; the outbox queues them.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `quadro-shell-${version}`;
const DATA = 'quadro-field-data';
/** Pages fetched at once while preparing the day: enough to be quick, few enough not to crowd the server. */
const PRECACHE_PARALLEL = 3;

// Installing costs nothing for office users: only the icons. The technician app asks for the
// whole shell ('cache-shell' message from the /t layout), so only technicians' phones download it.
sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(SHELL)
			.then((cache) => cache.addAll(files.filter((f) => f.endsWith('.webmanifest') || f.startsWith('/icons/'))))
			.then(() => sw.skipWaiting())
	);
});

let shellCached: Promise<void> | null = null;
function cacheShell(port: MessagePort | undefined): Promise<void> {
	// Only what is missing: the worker may have been stopped and restarted since the last request.
	shellCached ??= caches.open(SHELL).then(async (cache) => {
		const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
		const missing = build.filter((f) => !have.has(f));
		if (missing.length) await cache.addAll(missing);
	});
	return shellCached.then(
		() => port?.postMessage('ready'),
		(error) => {
			shellCached = null;
			port?.postMessage(`failed: ${error}`);
		}
	);
}

/**
 * Stores one answer under its key (see `cacheKeyOf`); says whether it was kept. An answer that
 * says the page is not the technician's any more (403, 404, 410, a failed data node) deletes the
 * copy kept before. A redirect (an expired session sent to the login) is not kept.
 */
async function store(cache: Cache, url: URL, response: Response): Promise<boolean> {
	const key = cacheKeyOf(url.href);
	if (!response.ok || response.redirected || response.type === 'opaqueredirect') {
		if ([403, 404, 410].includes(response.status)) await cache.delete(key);
		return false;
	}
	if (!isDataPath(url.pathname)) {
		await cache.put(key, response);
		return true;
	}
	const kept = await cache.match(key);
	const decision = dataToKeep(await response.text(), kept ? await kept.text() : null);
	if ('forget' in decision) {
		if (decision.forget) await cache.delete(key);
		return false;
	}
	await cache.put(key, new Response(decision.keep, { status: response.status, statusText: response.statusText, headers: response.headers }));
	return true;
}

type PrecacheReport = { type: 'progress'; done: number; total: number } | { type: 'done'; total: number; failed: string[] };

/**
 * Fetches and keeps every address of the day's work (`urls`, same-origin paths), telling the
 * app how far it got; then, when the list is `complete`, deletes kept jobs that are no longer in
 * it. One run at a time:
 * a newer list waits for the run in progress.
 */
let precacheRun: Promise<void> = Promise.resolve();
function precache(urls: string[], complete: boolean, port: MessagePort | undefined): Promise<void> {
	precacheRun = precacheRun.then(() => precacheNow(urls, complete, port)).catch((error) => console.error('offline preparation failed', error));
	return precacheRun;
}

async function precacheNow(urls: string[], complete: boolean, port: MessagePort | undefined): Promise<void> {
	const cache = await caches.open(DATA);
	const tell = (report: PrecacheReport) => port?.postMessage(report);
	const queue = urls.filter((u) => typeof u === 'string' && u.startsWith('/') && !u.startsWith('//'));
	let total = queue.length;
	/** The PDFs the report lists name, found as the lists are read: kept too. */
	const found: string[] = [];
	const failed: string[] = [];
	let done = 0;
	tell({ type: 'progress', done, total });
	const worker = async () => {
		for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
			const url = new URL(path, sw.location.origin);
			try {
				const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: isDataPath(url.pathname) || url.pathname.startsWith('/api/') ? {} : { accept: 'text/html' } });
				const pdfs = isReportPath(url.pathname) && !url.pathname.endsWith('/pdf') && response.ok ? reportPdfUrls(await response.clone().json().catch(() => null)) : [];
				if (!(await store(cache, url, response))) failed.push(path);
				for (const pdf of pdfs.filter((p) => !found.includes(p))) {
					found.push(pdf);
					queue.push(pdf);
					total++;
				}
			} catch {
				failed.push(path);
			}
			tell({ type: 'progress', done: ++done, total });
		}
	};
	await Promise.all(Array.from({ length: PRECACHE_PARALLEL }, worker));
	// Only a complete list (both days read) says which kept jobs are gone.
	if (complete) {
		const stale = keysToPrune((await cache.keys()).map((r) => r.url), [...urls, ...found], sw.location.origin);
		await Promise.all(stale.map((k) => cache.delete(k)));
	}
	tell({ type: 'done', total, failed });
}

sw.addEventListener('message', (event) => {
	const port = event.ports[0];
	if (event.data === 'cache-shell') event.waitUntil(cacheShell(port));
	else if (event.data?.type === 'precache' && Array.isArray(event.data.urls)) event.waitUntil(precache(event.data.urls, event.data.complete === true, port));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k.startsWith('quadro-shell-') && k !== SHELL).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

/**
 * Asked by a technician app page (its report list and PDFs live under /api/calls, shared with the
 * office call page, whose copies must stay off the device).
 */
function fromTechnicianApp(request: Request): boolean {
	try {
		const page = new URL(request.referrer).pathname;
		return page === '/t' || page.startsWith('/t/');
	} catch {
		return false;
	}
}

/** Pages and data of the technician app (including SvelteKit's __data.json for client navigation). */
function isFieldData(url: URL): boolean {
	return url.pathname === '/t' || url.pathname.startsWith('/t/') || url.pathname.startsWith('/api/field/');
}

async function networkFirst(request: Request): Promise<Response> {
	const cache = await caches.open(DATA);
	const url = new URL(request.url);
	try {
		const response = await fetch(request);
		await store(cache, url, response.clone()).catch(() => false);
		return response;
	} catch (error) {
		const cached = (await cache.match(cacheKeyOf(url.href), { ignoreVary: true })) ?? (request.mode === 'navigate' ? await cache.match(new URL('/t', url).href, { ignoreVary: true }) : undefined);
		if (cached) return cached;
		throw error;
	}
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	// Logging out (or landing on the login page) must not leave one technician's day on a shared phone.
	if (url.pathname === '/logout' || url.pathname === '/login') {
		event.waitUntil(caches.delete(DATA));
		return;
	}
	if (build.includes(url.pathname) || files.includes(url.pathname)) {
		event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
		return;
	}
	if (isFieldData(url) || (isReportPath(url.pathname) && fromTechnicianApp(request))) event.respondWith(networkFirst(request));
});
