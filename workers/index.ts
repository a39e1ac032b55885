/** Worker entry: BullMQ processors for every queue in the job registry. */
import { config } from '../src/lib/server/config';
import { closeDatabase } from '../src/lib/server/db/client';
import { startWorkers } from '../src/lib/server/jobs/queues';
import { logger } from '../src/lib/server/logger';
import { closeRedis } from '../src/lib/server/redis';
import { shutdownInOrder, startOrExit } from '../server/lifecycle';

const cfg = startOrExit(() => config());
const workers = await startWorkers();
logger().info({ queues: [...workers.queues.keys()] }, 'worker process ready');

shutdownInOrder('worker', cfg.SHUTDOWN_TIMEOUT_MS, [
	['close workers', () => workers.close()],
	['close PostgreSQL', () => closeDatabase()],
	['close Redis', () => closeRedis()]
]);
