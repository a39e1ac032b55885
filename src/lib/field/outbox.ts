import { writable, type Readable } from 'svelte/store';
import { objectStore } from '$lib/client/idb';

/**
 * The technician app's offline outbox (shared contract 5). Every write the app makes goes
 * through `send`: the request is stored in IndexedDB with the device time, tried at once, shown
 * as "waiting to send" while it cannot reach the server, and replayed in order when the
 * connection comes back. Endpoints are idempotent on body.clientId, so a replay after a lost
 * response is harmless. A request the server refuses (the office cancelled or reassigned the
 * call meanwhile) stays in the list with the server's reason: nothing the technician entered is
 * dropped until they dismiss it.
 */
export type OutboxRequest = { clientId: string; method: 'POST' | 'PUT'; url: string; body: unknown; label: string };

export type OutboxItem = OutboxRequest & {
	/** Device time when the technician made the change (ISO). */
	createdAt: string;
	seq: number;
	state: 'waiting' | 'refused';
	lastError: string | null;
	/** The server's answer to a refused request (its `field` names the case for the app's wording). */
	lastResponse?: unknown;
};

export type PendingItem = Pick<OutboxItem, 'clientId' | 'label' | 'createdAt' | 'lastError' | 'lastResponse' | 'state' | 'url' | 'body'>;

export type OutboxResult = { clientId: string; url: string; ok: boolean; status: number; response: unknown };

const RETRY_MS = 15_000;
/** Answers that mean "try again later", not "no". */
const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);

const pendingStore = writable<PendingItem[]>([]);
/** Requests not yet accepted by the server, oldest first (waiting or refused). */
export const pending: Readable<PendingItem[]> = { subscribe: pendingStore.subscribe };

const listeners = new Set<(result: OutboxResult) => void>();
let flushing: Promise<void> | null = null;
let started = false;
let seqCounter = 0;

const withStore = objectStore({ database: 'quadro-field', version: 1, store: 'outbox', keyPath: 'clientId' });

async function allItems(): Promise<OutboxItem[]> {
	const items = ((await withStore<OutboxItem[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>)) ?? []).slice();
	return items.sort((a, b) => a.seq - b.seq);
}

const put = (item: OutboxItem) => withStore('readwrite', (s) => void s.put(item));
const remove = (clientId: string) => withStore('readwrite', (s) => void s.delete(clientId));

async function refreshPending(): Promise<void> {
	const items = await allItems();
	pendingStore.set(items.map(({ clientId, label, createdAt, lastError, lastResponse, state, url, body }) => ({ clientId, label, createdAt, lastError, lastResponse, state, url, body })));
}

function emit(result: OutboxResult): void {
	for (const l of listeners) {
		try {
			l(result);
		} catch (error) {
			console.error(error);
		}
	}
}

async function readBody(response: Response): Promise<unknown> {
	try {
		return await response.json();
	} catch {
		return null;
	}
}

/** Sends waiting items in order; stops at the first one the network or server cannot take now. */
async function flushOnce(): Promise<void> {
	for (const item of await allItems()) {
		if (item.state !== 'waiting') continue;
		let response: Response;
		try {
			response = await fetch(item.url, {
				method: item.method,
				headers: { 'content-type': 'application/json', 'x-outbox': '1' },
				body: JSON.stringify(item.body),
				credentials: 'same-origin'
			});
		} catch {
			await put({ ...item, lastError: 'offline' });
			break;
		}
		const body = await readBody(response);
		if (response.ok) {
			await remove(item.clientId);
			emit({ clientId: item.clientId, url: item.url, ok: true, status: response.status, response: body });
			continue;
		}
		const message = (body as { message?: string } | null)?.message ?? `HTTP ${response.status}`;
		if (TRANSIENT.has(response.status) || response.status === 401) {
			await put({ ...item, lastError: response.status === 401 ? 'login' : message });
			break;
		}
		await put({ ...item, state: 'refused', lastError: message, lastResponse: body });
		emit({ clientId: item.clientId, url: item.url, ok: false, status: response.status, response: body });
	}
	await refreshPending();
}

/** Tries to send everything waiting now; concurrent calls share one run (and tabs share one lock). */
export function flush(): Promise<void> {
	if (typeof indexedDB === 'undefined') return Promise.resolve();
	flushing ??= (async () => {
		try {
			const locks = (navigator as Navigator & { locks?: LockManager }).locks;
			if (locks) await locks.request('quadro-outbox', () => flushOnce());
			else await flushOnce();
		} catch (error) {
			console.error('outbox flush failed', error);
		} finally {
			flushing = null;
		}
	})();
	return flushing;
}

/** Starts replaying when the connection comes back, and every few seconds while items wait. */
export function startOutbox(): void {
	if (started || typeof window === 'undefined') return;
	started = true;
	window.addEventListener('online', () => void flush());
	setInterval(() => {
		if (navigator.onLine) void flush();
	}, RETRY_MS);
	void refreshPending().then(() => flush());
}

/** Queues one write. Resolves once it is stored and the first attempt has been made. */
export async function send(request: OutboxRequest): Promise<void> {
	startOutbox();
	const createdAt = new Date().toISOString();
	const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? { deviceAt: createdAt, ...(request.body as object), clientId: request.clientId } : request.body;
	const item: OutboxItem = { ...request, body, createdAt, seq: Date.now() * 1000 + (seqCounter++ % 1000), state: 'waiting', lastError: null };
	await put(item);
	await refreshPending();
	await flush();
}

/** Hears every answer: applied (ok) or refused with the server's reason. Returns the unsubscriber. */
export function onOutboxResult(listener: (result: OutboxResult) => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** The technician has read a refusal and copied what they need: forget the request. */
export async function dismiss(clientId: string): Promise<void> {
	await remove(clientId);
	await refreshPending();
}

/** A new client-generated id for a request. */
export function newClientId(): string {
	return crypto.randomUUID();
}
