import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import { can, type Permission } from '$lib/domain/permissions';
import { LIVE_NAMESPACE, roomOfRole, roomOfUser, type ClientToServerEvents, type ServerToClientEvents } from '$lib/realtime/events';
import type { SessionUser } from '../auth/session.service';
import { logger } from '../logger';
import { createRedis, redisKey } from '../redis';
import { extendableSessions, identifyHandshake, stillValidConnections } from './handshake';
import { endsConnection, type SessionsEnded } from './live-bridge';
import { isOriginAllowed } from './origin';
import { registerPositionEvents } from './position-events';

type SocketData = { user: SessionUser; sessionId: string; activeSinceSweep: boolean };
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Every client event goes through here: the permission is checked before the handler runs. */
export function onEvent<E extends keyof ClientToServerEvents>(
	socket: LiveSocket,
	event: E,
	permission: Permission,
	handler: (...args: Parameters<ClientToServerEvents[E]>) => void | Promise<void>
): void {
	socket.on(event, ((...args: Parameters<ClientToServerEvents[E]>) => {
		socket.data.activeSinceSweep = true;
		if (!can(socket.data.user.role, permission)) {
			logger().warn({ event, userId: socket.data.user.id }, 'refused a live event');
			return;
		}
		Promise.resolve(handler(...args)).catch((error) => logger().error({ err: error, event }, 'live event failed'));
	}) as never);
}

export function createLiveServer(httpServer: HttpServer, allowedOrigins: readonly string[]) {
	const pub = createRedis('socketio-pub');
	const sub = pub.duplicate();
	const io: LiveServer = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		// Leave upgrades for other paths (/yjs, Vite's HMR) to their own handlers.
		destroyUpgrade: false,
		allowRequest: (req, callback) => callback(null, isOriginAllowed(req, allowedOrigins)),
		adapter: createAdapter(pub, sub, { key: redisKey('socket.io') })
	});

	// The default namespace carries nothing: refuse it so no client can sit there unchecked.
	io.of('/').use((_socket, next) => next(new Error('unknown namespace')));

	const live = io.of(LIVE_NAMESPACE);
	live.use(async (socket, next) => {
		try {
			const identity = await identifyHandshake(socket.request);
			if (!identity || !can(identity.user.role, 'live.connect')) return next(new Error('unauthorized'));
			socket.data = { user: identity.user, sessionId: identity.sessionId, activeSinceSweep: false };
			next();
		} catch (error) {
			logger().error({ err: error }, 'live handshake failed');
			next(new Error('unavailable'));
		}
	});

	live.on('connection', (socket: LiveSocket) => {
		const { user } = socket.data;
		void socket.join([roomOfUser(user.id), roomOfRole(user.role)]);
		socket.emit('session:ready', { userId: user.id, name: user.name, role: user.role });
		onEvent(socket, 'ping', 'live.connect', (ack) => {
			if (typeof ack === 'function') ack({ at: new Date().toISOString() });
		});
		registerPositionEvents(socket);
	});

	return {
		io,
		/** Ends the sockets the announcement covers on this process; every process hears it. */
		async closeEnded(message: SessionsEnded) {
			for (const s of await live.local.fetchSockets()) {
				if (!endsConnection(message, { userId: s.data.user.id, sessionId: s.data.sessionId })) continue;
				s.emit('session:ended');
				s.disconnect(true);
			}
		},
		/** Emits to this process's sockets in the rooms (each process does the same for its own). */
		emitLocal(rooms: string[], event: string, payload: unknown) {
			if (rooms.length === 0) return;
			(live.local.to(rooms) as unknown as { emit: (e: string, p: unknown) => void }).emit(event, payload);
		},
		async sweepSessions(stillValid: (ids: string[]) => Promise<Set<string>>, extend: (ids: string[]) => Promise<void>) {
			const sockets = await live.local.fetchSockets();
			if (sockets.length === 0) return;
			const active = extendableSessions([...new Set(sockets.filter((s) => s.data.activeSinceSweep).map((s) => s.data.sessionId))]);
			for (const s of sockets) s.data.activeSinceSweep = false;
			if (active.length > 0) await extend(active);
			const valid = await stillValidConnections([...new Set(sockets.map((s) => s.data.sessionId))], stillValid);
			for (const s of sockets) {
				if (valid.has(s.data.sessionId)) continue;
				s.emit('session:ended');
				s.disconnect(true);
			}
		},
		async close() {
			live.local.disconnectSockets(true);
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await Promise.allSettled([pub.quit(), sub.quit()]);
		}
	};
}
