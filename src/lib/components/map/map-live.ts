import type { Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents, type TechnicianPosition } from '$lib/realtime/events';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended';

export type MapLiveHandlers = {
	/** A call changed (status, or only its plan): refetch it. */
	onCall: (callId: string) => void;
	onPosition: (position: TechnicianPosition) => void;
	/**
	 * After a reconnection (or a burst too big to refetch call by call): fetch everything again.
	 * Return the fetch's promise: what arrives meanwhile is passed again once it has landed, so
	 * a snapshot read before a change cannot undo it.
	 */
	onResync: () => void | Promise<unknown>;
	onState: (state: LiveState) => void;
	/** Why the last connection attempt failed (Socket.IO's message): shown on the element for diagnosis. */
	onError?: (message: string) => void;
};

export type MapLiveOptions = {
	/** A wall screen's token (no cookie); office users go by their session cookie. */
	wallToken?: string;
	/**
	 * Asked when the server refuses the connection as unauthorized: 401 (or 403) there means the
	 * wall token was revoked or the session ended, which is final; anything else is retried.
	 * Defaults to the snapshot the page resyncs from (the wall's or the office map's).
	 */
	probeUrl?: string;
	/** Where the server is: the page's own origin when empty (tests run this in Node). */
	baseUrl?: string;
	/**
	 * Resync on the first connection too: what changed between the page's snapshot (rendered by
	 * the server) and the socket joining would otherwise wait for the periodic resync.
	 */
	resyncOnFirstConnect?: boolean;
	/** Backoff of the retries Socket.IO does not do by itself, in ms. */
	retryMinMs?: number;
	retryMaxMs?: number;
};

/** More ids than this in one `call:planned` (a receivables import, say): one resync instead. */
export const RESYNC_ABOVE_CALLS = 40;

/**
 * The delay before retry number `attempt` (0-based): doubling from `minMs` up to `maxMs`, drawn
 * between half and all of it so many screens restarting together do not knock in step.
 */
export function retryDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
	const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
	return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * The map's Socket.IO connection: calls changing, technicians moving. Call from onMount; the
 * returned function disconnects.
 *
 * It never gives up by itself, which a wall screen left alone all day needs:
 * - network loss and server crashes: Socket.IO reconnects with its own backoff (up to 10 s);
 * - a server restarting (it disconnects its sockets) and a refused handshake (a server still
 *   starting answers 'unavailable'): Socket.IO stops for good, so we retry with backoff; when
 *   the refusal is 'unauthorized' we first ask the snapshot URL, and a 401 there ends it;
 * - the browser going offline: the socket is closed at once (a WebSocket can stay "open" long
 *   after the network went) and opened again as soon as the browser is back online;
 * - the server ending the session or revoking the screen ('session:ended') is final.
 * After every reconnection `onResync` fetches what was missed.
 */
export function connectMapLive(handlers: MapLiveHandlers, options: MapLiveOptions = {}): () => void {
	const base = options.baseUrl ?? '';
	const probeUrl = options.probeUrl ?? (options.wallToken ? `/wall/${options.wallToken}/data` : '/api/map');
	const minMs = options.retryMinMs ?? 500;
	const maxMs = options.retryMaxMs ?? 10_000;
	const hasWindow = typeof window !== 'undefined' && typeof window.addEventListener === 'function';
	const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

	let closed = false;
	let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
	let connectedBefore = false;
	let attempt = 0;
	let retryTimer: ReturnType<typeof setTimeout> | null = null;

	// A resync under way, and what arrived since it started (replayed on top of its snapshot).
	let resyncing: Promise<unknown> | null = null;
	const arrivedCalls = new Set<string>();
	const arrivedPositions = new Map<string, TechnicianPosition>();

	function resync() {
		const run: Promise<unknown> = Promise.resolve()
			.then(() => handlers.onResync())
			.catch(() => {});
		resyncing = run;
		arrivedCalls.clear();
		arrivedPositions.clear();
		void run.then(() => {
			if (resyncing !== run || closed) return;
			resyncing = null;
			const calls = [...arrivedCalls];
			const positions = [...arrivedPositions.values()];
			arrivedCalls.clear();
			arrivedPositions.clear();
			calls.forEach((id) => handlers.onCall(id));
			positions.forEach((p) => handlers.onPosition(p));
		});
	}
	function onCall(id: string) {
		if (resyncing) arrivedCalls.add(id);
		handlers.onCall(id);
	}
	function onPosition(position: TechnicianPosition) {
		if (resyncing) arrivedPositions.set(position.technicianId, position);
		handlers.onPosition(position);
	}

	const waiting = () => {
		if (!closed) handlers.onState(connectedBefore ? 'reconnecting' : 'connecting');
	};
	const clearRetry = () => {
		if (retryTimer) clearTimeout(retryTimer);
		retryTimer = null;
	};

	function teardown() {
		closed = true;
		clearRetry();
		clearInterval(watchdog);
		if (hasWindow) {
			window.removeEventListener('offline', onOffline);
			window.removeEventListener('online', onOnline);
		}
		socket?.close();
	}

	function end() {
		if (closed) return;
		teardown();
		handlers.onState('ended');
	}

	/** 401/403 from the snapshot: the token or session is gone. 0 when the server did not answer. */
	async function probe(): Promise<number> {
		try {
			const res = await fetch(base + probeUrl, { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' });
			void res.body?.cancel().catch(() => {});
			return res.status;
		} catch {
			return 0;
		}
	}

	/** Our own retry, for what Socket.IO gives up on. Offline, the 'online' event retries instead. */
	function scheduleRetry(askFirst: boolean) {
		if (closed || retryTimer || offline()) return;
		retryTimer = setTimeout(async () => {
			retryTimer = null;
			if (closed || offline() || !socket || socket.connected) return;
			if (askFirst) {
				const status = await probe();
				if (closed) return;
				if (status === 401 || status === 403) return end();
			}
			if (socket.connected || socket.active) return; // Socket.IO took it up meanwhile
			socket.connect();
		}, retryDelay(attempt++, minMs, maxMs));
	}

	function onOffline() {
		if (closed) return;
		clearRetry();
		socket?.disconnect();
		waiting();
	}

	function onOnline() {
		if (closed || !socket || socket.connected) return;
		clearRetry();
		attempt = 0;
		socket.connect();
	}

	// A safety net for paths that leave the socket neither connected nor trying.
	const watchdog = setInterval(() => {
		if (closed || !socket || socket.connected || socket.active || retryTimer || offline()) return;
		scheduleRetry(false);
	}, 15_000);

	if (hasWindow) {
		window.addEventListener('offline', onOffline);
		window.addEventListener('online', onOnline);
	}
	handlers.onState('connecting');
	void import('socket.io-client').then(({ io }) => {
		if (closed) return;
		const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(base + LIVE_NAMESPACE, {
			path: '/socket.io',
			withCredentials: true,
			transports: ['websocket', 'polling'],
			query: options.wallToken ? { wall: options.wallToken } : undefined,
			reconnectionDelay: minMs,
			reconnectionDelayMax: maxMs,
			autoConnect: !offline(),
			forceNew: true
		});
		socket = s;
		s.on('connect', () => {
			clearRetry();
			attempt = 0;
			handlers.onState('live');
			if (connectedBefore || options.resyncOnFirstConnect) resync();
			connectedBefore = true;
		});
		s.on('disconnect', (reason) => {
			if (closed) return;
			waiting();
			// A server-side disconnect (a restart) is not retried by Socket.IO; a client-side one is
			// ours (offline); any other reason Socket.IO retries by itself.
			if (reason === 'io server disconnect') scheduleRetry(false);
		});
		s.on('connect_error', (error) => {
			if (closed) return;
			handlers.onError?.(error.message);
			waiting();
			// A refused handshake destroys the socket (inactive): nothing retries unless we do.
			if (!s.active) scheduleRetry(error.message === 'unauthorized');
		});
		s.on('session:ended', end);
		s.on('call:changed', (change) => onCall(change.id));
		s.on('call:planned', ({ ids }) => {
			if (ids.length > RESYNC_ABOVE_CALLS) resync();
			else ids.forEach(onCall);
		});
		s.on('technician:position', onPosition);
	});
	return teardown;
}
