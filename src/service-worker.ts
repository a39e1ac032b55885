/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/**
 * Keeps the technician app usable with no signal: the app shell (built assets) is cached when
 * the technician app asks for it; the /t pages and the technician's own data (/api/field GETs) are fetched from the
 * network first and answered from the last copy when offline. Office pages are not touched:
 * their data stays off the device. Writes never pass through here; the outbox queues them.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `quadro-shell-${version}`;
const DATA = 'quadro-field-data';

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
sw.addEventListener('message', (event) => {
	if (event.data !== 'cache-shell') return;
	// Only what is missing: the worker may have been stopped and restarted since the last request.
	shellCached ??= caches.open(SHELL).then(async (cache) => {
		const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
		const missing = build.filter((f) => !have.has(f));
		if (missing.length) await cache.addAll(missing);
	});
	event.waitUntil(
		shellCached.then(
			() => event.ports[0]?.postMessage('ready'),
			(error) => {
				shellCached = null;
				event.ports[0]?.postMessage(`failed: ${error}`);
			}
		)
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k.startsWith('quadro-shell-') && k !== SHELL).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

/** Pages and data of the technician app (including SvelteKit's __data.json for client navigation). */
function isFieldData(url: URL): boolean {
	return url.pathname === '/t' || url.pathname.startsWith('/t/') || url.pathname.startsWith('/api/field/');
}

async function networkFirst(request: Request): Promise<Response> {
	const cache = await caches.open(DATA);
	try {
		const response = await fetch(request);
		if (response.ok) await cache.put(request, response.clone());
		return response;
	} catch (error) {
		const cached = (await cache.match(request)) ?? (request.mode === 'navigate' ? await cache.match('/t') : undefined);
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
	if (isFieldData(url)) event.respondWith(networkFirst(request));
});
