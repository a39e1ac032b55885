import type { Server as HttpServer } from 'node:http';
import { liveSessionIds } from '../auth/session.service';
import { config } from '../config';
import { logger } from '../logger';
import { createRedis } from '../redis';
import { sessionsEndedChannel } from './live-bridge';
import { createLiveServer } from './live-server';
import { YjsServer } from './yjs-server';

const SESSION_SWEEP_MS = 60_000;

export type Realtime = { close(): Promise<void> };

/**
 * Adds Socket.IO (/socket.io, namespace /live) and the Yjs endpoint (/yjs/<doc>) to an HTTP
 * server. Production (server/index.ts) and `npm run dev` (the Vite plugin) both call this.
 */
export function attachRealtime(httpServer: HttpServer): Realtime {
	const { ALLOWED_ORIGINS } = config();
	const yjs = new YjsServer(ALLOWED_ORIGINS);
	const live = createLiveServer(httpServer, ALLOWED_ORIGINS);

	const onUpgrade = (req: Parameters<YjsServer['handleUpgrade']>[0], socket: Parameters<YjsServer['handleUpgrade']>[1], head: Buffer) => {
		if (yjs.handles(req)) void yjs.handleUpgrade(req, socket, head);
	};
	httpServer.on('upgrade', onUpgrade);

	const subscriber = createRedis('sessions-ended');
	void subscriber.subscribe(sessionsEndedChannel()).catch((error) => logger().error({ err: error }, 'cannot subscribe to session ends'));
	subscriber.on('message', (_channel: string, userId: string) => {
		yjs.closeUserConnections(userId);
		live.endUserSessions(userId);
	});

	const sweeper = setInterval(() => {
		Promise.all([yjs.sweepSessions(liveSessionIds), live.sweepSessions(liveSessionIds)]).catch((error) =>
			logger().warn({ err: error }, 'session sweep failed')
		);
	}, SESSION_SWEEP_MS);
	sweeper.unref();

	return {
		async close() {
			clearInterval(sweeper);
			httpServer.off('upgrade', onUpgrade);
			await subscriber.quit().catch(() => subscriber.disconnect());
			await yjs.close();
			await live.close();
		}
	};
}
