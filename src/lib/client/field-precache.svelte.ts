import { fieldLive } from '$lib/field/field-live.svelte';
import { offlineUrls, type DayForOffline } from './offline-cache';

/**
 * Gets the phone ready for a day with no signal. While online, after My day loads (and again
 * when the day changes: a new assignment, a change sent, the connection back), it asks the
 * service worker for the app shell and then for every page of today's and tomorrow's jobs:
 * job page, report page, their SvelteKit data and the unit's history (see `offlineUrls`). The
 * technician sees the progress and, once done, that the day works offline.
 */
export const offlinePrep = $state({
	state: 'idle' as 'idle' | 'preparing' | 'ready' | 'partial',
	/** Addresses fetched and kept in the run in progress (or the last one). */
	done: 0,
	total: 0,
	/** Jobs of today and tomorrow covered by the last run; those that could not all be kept. */
	jobs: 0,
	missingJobs: 0,
	/** When the last run ended (device time, ISO). */
	at: null as string | null
});

/** A run that does not answer within this long (the worker was stopped) counts as incomplete. */
const RUN_TIMEOUT_MS = 120_000;
/** Changes come in bursts (a status sent, then the live echo): one run for the burst. */
const DEBOUNCE_MS = 800;
/** While the app stays open online, the day is refreshed this often (the office may change it quietly). */
const REFRESH_MS = 10 * 60_000;

type Report = { type: 'progress'; done: number; total: number } | { type: 'done'; total: number; failed: string[] };

function ask<T>(worker: ServiceWorker, message: unknown, onReport: (data: unknown) => T | undefined): Promise<T | undefined> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const timer = setTimeout(() => {
			channel.port1.close();
			resolve(undefined);
		}, RUN_TIMEOUT_MS);
		channel.port1.onmessage = (event) => {
			const result = onReport(event.data);
			if (result === undefined) return;
			clearTimeout(timer);
			channel.port1.close();
			resolve(result);
		};
		worker.postMessage(message, [channel.port2]);
	});
}

/** One day of the technician's jobs; 'none' when the server says there is no day to have (a login not linked to a technician), null when it could not be read. */
async function dayOf(date: string | null): Promise<(DayForOffline & { tomorrow?: string }) | 'none' | null> {
	try {
		const res = await fetch(date ? `/api/field/day?date=${encodeURIComponent(date)}` : '/api/field/day', { credentials: 'same-origin', cache: 'no-store' });
		if (res.status === 403 || res.status === 404) return 'none';
		if (!res.ok) return null;
		return (await res.json()) as DayForOffline & { tomorrow: string };
	} catch {
		return null;
	}
}

/** The state the last finished run left (what stands while no run can start: offline, say). */
let settled: 'idle' | 'ready' | 'partial' = 'idle';

async function runOnce(): Promise<void> {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !navigator.onLine) {
		offlinePrep.state = settled;
		return;
	}
	const registration = await navigator.serviceWorker.ready;
	const worker = registration.active;
	if (!worker) {
		offlinePrep.state = settled;
		return;
	}
	offlinePrep.state = 'preparing';
	offlinePrep.done = 0;
	offlinePrep.total = 0;
	const shell = await ask(worker, 'cache-shell', (data) => (typeof data === 'string' ? data === 'ready' : undefined));

	const today = await dayOf(null);
	const tomorrow = today && today !== 'none' && today.tomorrow ? await dayOf(today.tomorrow) : today === 'none' ? 'none' : null;
	const days = [today, tomorrow].filter((d): d is DayForOffline => d !== null && d !== 'none');
	const allJobs = new Set(days.flatMap((d) => d.jobs.map((j) => j.call.id)));
	// A day that could not be read is not pruned: the list sent is only what is known.
	const complete = today !== null && tomorrow !== null;
	const urls = days.length ? offlineUrls(days) : ['/t', '/t/__data.json'];
	const result = await ask(worker, { type: 'precache', urls, complete }, (data) => {
		const report = data as Report;
		if (report?.type === 'progress') {
			offlinePrep.done = report.done;
			offlinePrep.total = report.total;
			return undefined;
		}
		return report?.type === 'done' ? report : undefined;
	});
	const failed = result ? result.failed : urls;
	const missing = new Set([...allJobs].filter((id) => failed.some((u) => u.startsWith(`/t/calls/${encodeURIComponent(id)}`))));
	const ok = !!shell && complete && !!result && !failed.some((u) => u === '/t' || u === '/t/__data.json') && missing.size === 0;
	offlinePrep.jobs = allJobs.size;
	offlinePrep.missingJobs = missing.size;
	settled = ok ? 'ready' : 'partial';
	offlinePrep.state = settled;
	offlinePrep.at = new Date().toISOString();
	fieldLive.offlineReady = ok;
}

let running: Promise<void> | null = null;
let again = false;
let timer: ReturnType<typeof setTimeout> | null = null;

function run(): void {
	if (running) {
		again = true;
		return;
	}
	running = runOnce()
		.catch((error) => {
			console.error('offline preparation failed', error);
			settled = 'partial';
			offlinePrep.state = settled;
		})
		.finally(() => {
			running = null;
			if (again) {
				again = false;
				run();
			}
		});
}

/** Prepares the day again soon (a burst of changes makes one run). */
export function refreshOfflinePrep(delayMs = DEBOUNCE_MS): void {
	if (typeof window === 'undefined') return;
	// Shown at once, so nobody reads "works offline" for a day that just changed.
	if (navigator.onLine) offlinePrep.state = 'preparing';
	if (timer) clearTimeout(timer);
	timer = setTimeout(() => {
		timer = null;
		run();
	}, delayMs);
}

/** Starts preparing the day now, again when the connection comes back and every few minutes. Returns the stopper. */
export function startOfflinePrep(): () => void {
	if (typeof window === 'undefined') return () => {};
	const online = () => refreshOfflinePrep();
	window.addEventListener('online', online);
	const interval = setInterval(() => navigator.onLine && refreshOfflinePrep(0), REFRESH_MS);
	refreshOfflinePrep(0);
	return () => {
		window.removeEventListener('online', online);
		clearInterval(interval);
		if (timer) clearTimeout(timer);
		timer = null;
	};
}
