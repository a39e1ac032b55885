import { ConfigError } from '../src/lib/server/config';
import { logger } from '../src/lib/server/logger';

/** Parses config or exits with the message naming the bad variable (no stack trace). */
export function startOrExit<T>(parse: () => T): T {
	try {
		return parse();
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(error.message);
			process.exit(78);
		}
		throw error;
	}
}

type Step = [name: string, run: () => Promise<unknown>];

/**
 * On SIGTERM/SIGINT: run the steps in order, then exit 0. If they take longer than the timeout,
 * exit 1 anyway: an orchestrator waiting on us must not hang.
 */
export function shutdownInOrder(processName: string, timeoutMs: number, steps: Step[]): void {
	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		const log = logger();
		log.info({ signal }, `${processName} process shutting down`);
		const timer = setTimeout(() => {
			log.error({ timeoutMs }, `${processName} shutdown timed out; exiting`);
			process.exit(1);
		}, timeoutMs);
		timer.unref();
		for (const [name, run] of steps) {
			try {
				await run();
				log.info({ step: name }, 'shutdown step done');
			} catch (error) {
				log.warn({ err: error, step: name }, 'shutdown step failed');
			}
		}
		clearTimeout(timer);
		log.info(`${processName} process stopped`);
		log.flush?.();
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}
