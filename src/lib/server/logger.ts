import pino from 'pino';
import { config } from './config';

type Slot = { logger?: pino.Logger };
const slot = globalThis as unknown as { __quadroLogger?: Slot };

/** One JSON logger per process, shared by the SvelteKit bundle and the custom server bundle. */
export function logger(): pino.Logger {
	slot.__quadroLogger ??= {};
	slot.__quadroLogger.logger ??= pino({
		level: config().LOG_LEVEL,
		base: { service: 'quadro', pid: process.pid },
		redact: ['password', '*.password', 'headers.cookie', 'cookie']
	});
	return slot.__quadroLogger.logger;
}
