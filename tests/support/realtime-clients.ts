import { io as ioClient, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/events';

/** A `ws` WebSocket class that sends the session cookie and an Origin, as a browser would. */
export function webSocketWith(headers: Record<string, string>): typeof WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	} as unknown as typeof WebSocket;
}

export type BoardClient = { doc: Y.Doc; provider: WebsocketProvider; destroy(): void };

export function boardClient(baseUrl: string, room: string, headers: Record<string, string>): BoardClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/yjs', room, doc, {
		WebSocketPolyfill: webSocketWith(headers) as never,
		disableBc: true,
		maxBackoffTime: 300
	});
	return {
		doc,
		provider,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export async function waitFor(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export function synced(client: BoardClient, timeoutMs = 5000): Promise<void> {
	return waitFor(() => client.provider.synced, timeoutMs, 'sync');
}

/** Opens a raw WebSocket and reports the HTTP status the upgrade was refused with, or 101. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.on('open', () => {
			resolve(101);
			ws.close();
		});
		ws.on('error', (e) => reject(e));
	});
}

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

// Each live client's outcome is watched from creation: a test awaiting several sockets one by
// one must not miss a 'connect' that fired while it was awaiting another.
const outcomes = new WeakMap<LiveClient, Promise<string>>();

function watchOutcome(socket: LiveClient): Promise<string> {
	return new Promise((resolve) => {
		socket.once('connect', () => resolve('connected'));
		socket.once('connect_error', (e) => resolve(`error: ${e.message}`));
	});
}

export function liveClient(baseUrl: string, headers: Record<string, string>): LiveClient {
	const socket: LiveClient = ioClient(baseUrl + '/live', {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: headers,
		reconnection: false,
		forceNew: true
	});
	outcomes.set(socket, watchOutcome(socket));
	return socket;
}

/** Resolves with 'connected' or the connect_error message (even if it happened before the call). */
export function connectOutcome(socket: LiveClient): Promise<string> {
	return outcomes.get(socket) ?? (socket.connected ? Promise.resolve('connected') : watchOutcome(socket));
}
