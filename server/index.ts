/**
 * Production entry: one HTTP server on one port serving the SvelteKit app (adapter-node handler),
 * Socket.IO (/socket.io, namespace /live) and the Yjs endpoint (/yjs/<doc>).
 */
import { createServer } from 'node:http';
import { attachRealtime } from '../src/lib/server/realtime/attach';
import { config } from '../src/lib/server/config';
import { closeDatabase } from '../src/lib/server/db/client';
import { logger } from '../src/lib/server/logger';
import { closeRedis } from '../src/lib/server/redis';
import { closeReportMailQueue } from '../src/lib/server/reports/report-mail.queue';
import { startOrExit, shutdownInOrder } from './lifecycle';

const cfg = startOrExit(() => config());
// adapter-node assumes https when it is not told the protocol, which would make session cookies
// Secure and lose them on plain-HTTP installs. Tell it through a header: a proxy's value wins,
// otherwise the header reflects this socket.
const protocolHeader = (process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto').toLowerCase();
// CSV imports (customers, units, readings) exceed adapter-node's 512 KB default body limit.
process.env.BODY_SIZE_LIMIT ??= '10M';
// The handler is built by `vite build` into build/; imported at run time, never bundled.
const { handler } = (await import(new URL('../build/handler.js', import.meta.url).href)) as {
	handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: () => void) => void;
};

const server = createServer((req, res) => {
	if (!req.headers[protocolHeader]) req.headers[protocolHeader] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
	handler(req, res);
});
// Node closes an idle keep-alive connection after 5 s; a client (browser, proxy, load balancer
// with a 60 s idle timeout) that reuses it at that moment gets ECONNRESET on a good request.
// Keep idle connections longer than those clients do; shutdown still closes idle ones at once.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
const realtime = attachRealtime(server);

server.listen(cfg.PORT, cfg.HOST, () => {
	logger().info({ port: cfg.PORT, host: cfg.HOST }, 'web process listening');
});

// server.close() only stops new connections; it resolves once every open one has ended, which
// for WebSockets means after the realtime layer closed them: so start it first, await it third.
let httpClosed: Promise<void> = Promise.resolve();
shutdownInOrder('web', cfg.SHUTDOWN_TIMEOUT_MS, [
	[
		'stop accepting connections',
		async () => {
			httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeIdleConnections();
		}
	],
	['close sockets', () => realtime.close()],
	['finish open requests', () => httpClosed],
	['close PostgreSQL', () => closeDatabase()],
	// The web process enqueues report mails; its queue holds a Redis connection of its own.
	['close the mail queue', () => closeReportMailQueue()],
	['close Redis', () => closeRedis()]
]);
