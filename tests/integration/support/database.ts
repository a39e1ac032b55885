import { randomBytes } from 'node:crypto';
import { adminConnection, dropDatabase, withDatabase } from '../../../scripts/lib/databases';
import { resetConfig } from '../../../src/lib/server/config';
import { closeDatabase, db, type Database } from '../../../src/lib/server/db/client';
import { closeRedis, redis } from '../../../src/lib/server/redis';
import { templateDatabaseFor, TEST_DATABASE_PREFIX, TEST_POSTGRES_URL, TEST_REDIS_URL } from '../../support/test-env';

export type FreshDatabase = { url: string; name: string; redisPrefix: string; db: Database; close(): Promise<void> };

/**
 * A new database cloned from the migrated template, and a Redis key prefix of its own; the
 * process environment points the app's services at both. Call in beforeAll, close in afterAll.
 */
export async function freshDatabase(env: Record<string, string> = {}): Promise<FreshDatabase> {
	const runPid = Number(process.env.QUADRO_TEST_RUN_PID ?? process.ppid);
	const suffix = `${runPid}_${process.pid}_${randomBytes(4).toString('hex')}`;
	const name = `${TEST_DATABASE_PREFIX}_f_${suffix}`;
	const admin = adminConnection(TEST_POSTGRES_URL);
	try {
		await admin`create database ${admin(name)} template ${admin(templateDatabaseFor(runPid))}`;
	} finally {
		await admin.end();
	}
	const url = withDatabase(TEST_POSTGRES_URL, name);
	const redisPrefix = `${TEST_DATABASE_PREFIX}_${suffix}`;
	Object.assign(process.env, { DATABASE_URL: url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: redisPrefix, LOG_LEVEL: 'silent', ...env });
	resetConfig();
	await closeDatabase();
	await closeRedis();
	return {
		url,
		name,
		redisPrefix,
		db: db(),
		async close() {
			const client = redis();
			const keys = await client.keys(`${redisPrefix}:*`);
			if (keys.length) await client.del(...keys);
			await closeDatabase();
			await closeRedis();
			await dropDatabase(url);
		}
	};
}
