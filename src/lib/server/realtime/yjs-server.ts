import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isBoardDocName, YJS_PATH_PREFIX } from '$lib/realtime/events';
import { can } from '$lib/domain/permissions';
import { logger } from '../logger';
import { identifyHandshake } from './handshake';
import { isOriginAllowed } from './origin';
import { endsConnection, type SessionsEnded } from './live-bridge';
import type { FanoutTarget } from './yjs-fanout';
import { NO_FANOUT, YjsRoom, type RoomConnection, type RoomFanout, type RoomStore } from './yjs-room';

/** WebSocket close code for "your session ended": clients should not retry with the same cookie. */
export const SESSION_ENDED_CODE = 4001;
import { BoardStore } from '../dispatch/board-store';

const PING_INTERVAL_MS = 30_000;


/**
 * The y-websocket endpoint. Written on y-protocols rather than @y/websocket-server's
 * setupWSConnection because that helper cannot drop writes from read-only connections nor
 * hold a broadcast until the update is stored.
 */
export class YjsServer implements FanoutTarget {
	private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 5 * 1024 * 1024 });
	private readonly rooms = new Map<string, Promise<YjsRoom>>();
	private readonly loaded = new Map<string, YjsRoom>();
	/** Fan-out messages that arrive while a room loads; applied once it has (Yjs ignores duplicates). */
	private readonly arrivingWhileLoading = new Map<string, Array<{ kind: 'update' | 'awareness'; payload: Uint8Array }>>();
	private fanout: RoomFanout = NO_FANOUT;
	private readonly pinger: NodeJS.Timeout;
	/** Whether each socket answered the last ping. */
	private readonly alive = new WeakMap<WebSocket, boolean>();
	private closing = false;

	constructor(
		private readonly allowedOrigins: readonly string[],
		private readonly store: RoomStore = new BoardStore()
	) {
		this.pinger = setInterval(() => this.pingAll(), PING_INTERVAL_MS);
		this.pinger.unref();
	}

	useFanout(fanout: RoomFanout): void {
		this.fanout = fanout;
	}

	deliver(docName: string, kind: 'update' | 'awareness', payload: Uint8Array): void {
		const room = this.loaded.get(docName);
		if (room) {
			if (kind === 'update') room.applyRemoteUpdate(payload);
			else room.applyRemoteAwareness(payload);
			return;
		}
		this.arrivingWhileLoading.get(docName)?.push({ kind, payload });
	}

	/** The room for a doc if it is loaded in this process (server-side edits run on its chain). */
	loadedRoom(docName: string): YjsRoom | undefined {
		return this.closing ? undefined : this.loaded.get(docName);
	}

	handles(req: IncomingMessage): boolean {
		return (req.url ?? '').startsWith(YJS_PATH_PREFIX);
	}

	async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		const refuse = (status: number, text: string) => {
			socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
			socket.destroy();
		};
		try {
			if (this.closing) return refuse(503, 'Service Unavailable');
			const path = new URL(req.url ?? '/', 'http://x').pathname;
			const docName = decodeURIComponent(path.slice(YJS_PATH_PREFIX.length));
			if (!isBoardDocName(docName)) return refuse(404, 'Not Found');
			if (!isOriginAllowed(req, this.allowedOrigins)) return refuse(403, 'Forbidden');
			const identity = await identifyHandshake(req);
			if (!identity) return refuse(401, 'Unauthorized');
			if (!can(identity.user.role, 'board.read')) return refuse(403, 'Forbidden');
			const room = await this.room(docName);
			this.wss.handleUpgrade(req, socket, head, (ws) => {
				// The last connection may have closed (and the room been unloaded) while this handshake
				// finished: never join a discarded room; the client reconnects and loads it afresh.
				if (this.loaded.get(docName) !== room) return void ws.close(1013, 'try again');
				this.accept(ws, room, {
					userId: identity.user.id,
					sessionId: identity.sessionId,
					readOnly: !can(identity.user.role, 'board.write')
				});
			});
		} catch (error) {
			logger().error({ err: error }, 'Yjs upgrade failed');
			refuse(500, 'Internal Server Error');
		}
	}

	private room(name: string): Promise<YjsRoom> {
		let pending = this.rooms.get(name);
		if (!pending) {
			const room = new YjsRoom(name, this.store, (broken) => this.forget(broken), this.fanout);
			this.arrivingWhileLoading.set(name, []);
			pending = room.load().then(() => {
				for (const m of this.arrivingWhileLoading.get(name) ?? []) {
					if (m.kind === 'update') room.applyRemoteUpdate(m.payload);
					else room.applyRemoteAwareness(m.payload);
				}
				this.arrivingWhileLoading.delete(name);
				this.loaded.set(name, room);
				return room;
			});
			pending.catch(() => {
				this.rooms.delete(name);
				this.arrivingWhileLoading.delete(name);
			});
			this.rooms.set(name, pending);
		}
		return pending;
	}

	private forget(room: YjsRoom): void {
		this.rooms.delete(room.name);
		if (this.loaded.get(room.name) === room) this.loaded.delete(room.name);
		this.store.forget?.(room.name);
		room.destroy();
	}

	private accept(ws: WebSocket, room: YjsRoom, who: { userId: string; sessionId: string; readOnly: boolean }): void {
		ws.binaryType = 'arraybuffer';
		const conn: RoomConnection = { ws, ...who, awarenessIds: new Set<number>(), editedSinceSweep: false };
		this.alive.set(ws, true);
		ws.on('pong', () => this.alive.set(ws, true));
		ws.on('message', (data: ArrayBuffer) => {
			try {
				room.handleMessage(conn, new Uint8Array(data));
			} catch (error) {
				logger().warn({ err: error, doc: room.name }, 'bad Yjs message; closing connection');
				ws.close(1003, 'bad message');
			}
		});
		ws.on('close', () => {
			room.leave(ws);
			if (room.connections.size === 0) {
				// Free memory once nobody is looking and everything queued is stored.
				void room.whenIdle().then(() => {
					if (room.connections.size === 0 && this.rooms.has(room.name)) this.forget(room);
				});
			}
		});
		room.join(conn);
	}

	private pingAll(): void {
		for (const ws of this.wss.clients) {
			if (this.alive.get(ws) === false) {
				ws.terminate();
				continue;
			}
			this.alive.set(ws, false);
			ws.ping();
		}
	}

	private async connections(): Promise<RoomConnection[]> {
		const conns: RoomConnection[] = [];
		for (const r of await Promise.allSettled(this.rooms.values())) if (r.status === 'fulfilled') conns.push(...r.value.connections.values());
		return conns;
	}

	/** Closes the connections an ended session or user covers. */
	async closeEnded(message: SessionsEnded): Promise<void> {
		for (const conn of await this.connections()) if (endsConnection(message, conn)) conn.ws.close(SESSION_ENDED_CODE, 'session ended');
	}

	/**
	 * Periodic: sessions that edited since the last sweep count as active (the HTTP hook never
	 * sees socket traffic), then connections whose session is gone or expired are closed.
	 */
	async sweepSessions(
		stillValid: (sessionIds: string[]) => Promise<Set<string>>,
		extend: (sessionIds: string[]) => Promise<void>
	): Promise<void> {
		const conns = await this.connections();
		if (conns.length === 0) return;
		const active = [...new Set(conns.filter((c) => c.editedSinceSweep).map((c) => c.sessionId))];
		conns.forEach((c) => (c.editedSinceSweep = false));
		if (active.length > 0) await extend(active);
		const valid = await stillValid([...new Set(conns.map((c) => c.sessionId))]);
		for (const c of conns) if (!valid.has(c.sessionId)) c.ws.close(SESSION_ENDED_CODE, 'session ended');
	}

	/** Stops accepting, waits for queued writes, then closes every connection. */
	async close(): Promise<void> {
		this.closing = true;
		clearInterval(this.pinger);
		const rooms = await Promise.allSettled(this.rooms.values());
		for (const r of rooms) {
			if (r.status !== 'fulfilled') continue;
			await r.value.whenIdle();
			for (const c of r.value.connections.values()) c.ws.close(1001, 'server shutting down');
			r.value.destroy();
		}
		this.rooms.clear();
		this.loaded.clear();
		for (const ws of this.wss.clients) ws.terminate();
		await new Promise<void>((resolve) => this.wss.close(() => resolve()));
	}
}
