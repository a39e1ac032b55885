import type { Server as HttpServer } from 'node:http';
import { extendSessions, liveSessionIds } from '../auth/session.service';
import { config, socketOrigins } from '../config';
import { logger } from '../logger';
import { createRedis, redisKey } from '../redis';
import { announcementsChannel, parseAnnouncement } from './announce';
import { parseSessionsEnded, sessionsEndedChannel } from './live-bridge';
import { createLiveServer } from './live-server';
import { RedisFanout } from './yjs-fanout';
import { registerLocalRooms } from './local-rooms';
import { YjsServer } from './yjs-server';

export type Realtime = { close(): Promise<void> };

/**
 * Adds Socket.IO (/socket.io, namespace /live) and the Yjs endpoint (/yjs/<doc>) to an HTTP
 * server. Production (server/index.ts) and `npm run dev` (the Vite plugin) both call this.
 */
export function attachRealtime(httpServer: HttpServer): Realtime {
	const cfg = config();
	const origins = socketOrigins(cfg);
	const yjs = new YjsServer(origins);
	const fanout = new RedisFanout(createRedis('yjs-pub'), createRedis('yjs-sub'), redisKey('yjs') + ':', yjs);
	yjs.useFanout(fanout);
	registerLocalRooms(yjs);
	void fanout.start().catch((error) => logger().error({ err: error }, 'cannot subscribe to Yjs fan-out'));
	const live = createLiveServer(httpServer, origins);

	const onUpgrade = (req: Parameters<YjsServer['handleUpgrade']>[0], socket: Parameters<YjsServer['handleUpgrade']>[1], head: Buffer) => {
		if (yjs.handles(req)) void yjs.handleUpgrade(req, socket, head);
	};
	httpServer.on('upgrade', onUpgrade);

	const subscriber = createRedis('sessions-ended');
	void subscriber.subscribe(sessionsEndedChannel(), announcementsChannel()).catch((error) => logger().error({ err: error }, 'cannot subscribe to live channels'));
	subscriber.on('message', (channel: string, raw: string) => {
		if (channel === announcementsChannel()) {
			const a = parseAnnouncement(raw);
			if (a) live.emitLocal(a.rooms, a.event, a.payload);
			return;
		}
		const message = parseSessionsEnded(raw);
		if (!message) return;
		Promise.all([yjs.closeEnded(message), live.closeEnded(message)]).catch((error) =>
			logger().warn({ err: error }, 'closing ended sessions failed')
		);
	});

	const sweeper = setInterval(() => {
		Promise.all([yjs.sweepSessions(liveSessionIds, extendSessions), live.sweepSessions(liveSessionIds, extendSessions)]).catch((error) =>
			logger().warn({ err: error }, 'session sweep failed')
		);
	}, cfg.SESSION_SWEEP_MS);
	sweeper.unref();

	return {
		async close() {
			clearInterval(sweeper);
			registerLocalRooms(undefined);
			httpServer.off('upgrade', onUpgrade);
			await subscriber.quit().catch(() => subscriber.disconnect());
			await yjs.close();
			await fanout.close();
			await live.close();
		}
	};
}
