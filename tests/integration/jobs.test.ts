import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countUserSessions } from '../../src/lib/server/auth/session.queries';
import { createSession } from '../../src/lib/server/auth/session.service';
import { config } from '../../src/lib/server/config';
import { JOBS, runJob } from '../../src/lib/server/jobs/registry';
import { startWorkers, type WorkerSet } from '../../src/lib/server/jobs/queues';
import { createRedis } from '../../src/lib/server/redis';
import { freshDatabase, type FreshDatabase } from './support/database';
import { createTestUser } from '../support/users';

let fresh: FreshDatabase;
let workers: WorkerSet;
beforeAll(async () => {
	fresh = await freshDatabase();
	workers = await startWorkers({ concurrency: 1 });
});
afterAll(async () => {
	await workers.close();
	await fresh.close();
});

describe('sessions.cleanup job', () => {
	it('every scheduled job is scheduled repeatably, once, however often workers start', async () => {
		const again = await startWorkers({ concurrency: 1 });
		await again.close();
		// Every job with everyMs must have exactly one scheduler on its own queue, and nothing else.
		const repeating = Object.entries(JOBS).filter(([, job]) => job.everyMs !== undefined);
		expect(repeating.length).toBeGreaterThanOrEqual(2);
		for (const queueName of new Set(Object.values(JOBS).map((job) => job.queue))) {
			const schedulers = await workers.queues.get(queueName)!.getJobSchedulers();
			const expected = repeating.filter(([, job]) => job.queue === queueName).map(([name]) => name);
			expect(schedulers.map((s) => s.key).sort()).toEqual(expected.sort());
			for (const name of expected) {
				expect(Number(schedulers.find((s) => s.key === name)!.every)).toBe(JOBS[name as keyof typeof JOBS].everyMs);
			}
		}
		expect(JOBS['contracts.renew-due'].everyMs).toBe(24 * 3600_000);
	});

	it('removes expired sessions through a real worker and keeps live ones', async () => {
		const queue = workers.queues.get('maintenance')!;
		const events = new QueueEvents('maintenance', { connection: createRedis('test-events'), prefix: `${config().REDIS_PREFIX}:bull` });
		await events.waitUntilReady();
		// The repeating scheduler may start its own sessions.cleanup while this test runs (the
		// first test re-registers it), so count what every cleanup run deleted, not only ours.
		const deletedByRun = new Map<string, number>();
		events.on('completed', async ({ jobId, returnvalue }) => {
			const job = await queue.getJob(jobId);
			if (job?.name !== 'sessions.cleanup') return;
			const value = typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue;
			deletedByRun.set(jobId, (value as { deleted: number }).deleted);
		});
		const tech = await createTestUser(fresh.db, 'technician');
		const office = await createTestUser(fresh.db, 'dispatcher');
		await createSession(tech, {}, new Date(Date.now() - 15 * 24 * 3600_000)); // expired
		await createSession(tech, {}, new Date()); // live
		await createSession(office, {}, new Date(Date.now() - 2 * 3600_000)); // idle-expired
		const job = await queue.add('sessions.cleanup', {}, { jobId: 'cleanup-test' });
		const result = (await job.waitUntilFinished(events, 10_000)) as { deleted: number };
		await expect.poll(() => deletedByRun.has('cleanup-test')).toBe(true);
		await events.close();
		expect(result.deleted).toBe(deletedByRun.get('cleanup-test'));
		expect([...deletedByRun.values()].reduce((sum, n) => sum + n, 0)).toBe(2);
		expect(await countUserSessions(fresh.db, tech.id)).toBe(1);
		expect(await countUserSessions(fresh.db, office.id)).toBe(0);
	});

	it('rejects unknown jobs and bad payloads', async () => {
		await expect(runJob('no.such.job', {})).rejects.toThrow(/unknown job/);
		await expect(runJob('sessions.cleanup', { extra: 1 })).rejects.toThrow(/invalid payload/);
	});
});
