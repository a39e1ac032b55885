import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { config } from '../config';
import { logger } from '../logger';
import { createRedis } from '../redis';
import { assertRegistryComplete, JOBS, QUEUES, runJob, type QueueName } from './registry';

function bullPrefix(): string {
	return `${config().REDIS_PREFIX}:bull`;
}

export function createQueue(name: QueueName, connection: ConnectionOptions = createRedis(`queue-${name}`)): Queue {
	return new Queue(name, { connection, prefix: bullPrefix() });
}

/** Registers the repeatable jobs. upsertJobScheduler is idempotent, so every start may call it. */
export async function upsertSchedulers(queues: Map<QueueName, Queue>): Promise<void> {
	for (const [name, job] of Object.entries(JOBS)) {
		if (!job.everyMs) continue;
		await queues.get(job.queue)!.upsertJobScheduler(name, { every: job.everyMs }, { name, data: {} });
	}
}

export type WorkerSet = { close(): Promise<void>; workers: Worker[]; queues: Map<QueueName, Queue> };

export async function startWorkers(options: { concurrency?: number; schedule?: boolean } = {}): Promise<WorkerSet> {
	assertRegistryComplete();
	const queues = new Map<QueueName, Queue>(QUEUES.map((q) => [q, createQueue(q)]));
	if (options.schedule !== false) await upsertSchedulers(queues);
	const workers = QUEUES.map(
		(queue) =>
			new Worker(queue, (job) => runJob(job.name, job.data), {
				connection: createRedis(`worker-${queue}`),
				prefix: bullPrefix(),
				concurrency: options.concurrency ?? 4
			})
	);
	for (const w of workers) {
		w.on('failed', (job, error) => logger().error({ err: error, job: job?.name, id: job?.id }, 'job failed'));
		w.on('error', (error) => logger().error({ err: error }, 'worker error'));
	}
	return {
		workers,
		queues,
		async close() {
			await Promise.all(workers.map((w) => w.close()));
			await Promise.all([...queues.values()].map((q) => q.close()));
		}
	};
}
