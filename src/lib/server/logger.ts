import pino from 'pino';
import { config } from './config';

type Slot = { logger?: pino.Logger };
const slot = globalThis as unknown as { __quadroLogger?: Slot };

/** One JSON logger per process, shared by the SvelteKit bundle and the custom server bundle. */
export function logger(): pino.Logger {
	slot.__quadroLogger ??= {};
	// Synchronous writes: lines come out in the order they were logged and none is lost when the
	// process exits or crashes; at our volume the cost is negligible.
	slot.__quadroLogger.logger ??= pino(
		{
			level: config().LOG_LEVEL,
			base: { service: 'quadro', pid: process.pid },
			redact: ['password', '*.password', 'headers.cookie', 'cookie']
		},
		pino.destination({ dest: 1, sync: true })
	);
	return slot.__quadroLogger.logger;
}
