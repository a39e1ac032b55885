import { db } from '../db/client';
import { redis } from '../redis';
import { appliedMigrationCount, postgisVersion } from './health.queries';
import { expectedMigrationCount } from './migrations-manifest';

export type Readiness = {
	ready: boolean;
	checks: { postgres: CheckResult; postgis: CheckResult; migrations: CheckResult; redis: CheckResult };
};
type CheckResult = { ok: boolean; detail?: string };

const TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
	return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref())]);
}

async function check(fn: () => Promise<CheckResult>): Promise<CheckResult> {
	try {
		return await withTimeout(fn());
	} catch (error) {
		return { ok: false, detail: error instanceof Error ? error.message : 'failed' };
	}
}

/** Ready means: PostgreSQL answers, PostGIS is enabled, every shipped migration is applied, Redis answers. */
export async function readiness(): Promise<Readiness> {
	const [postgres, postgis, migrations, redisCheck] = await Promise.all([
		check(async () => (await withTimeout(db().execute('select 1')), { ok: true })),
		check(async () => {
			const version = await postgisVersion(db());
			return version ? { ok: true, detail: version } : { ok: false, detail: 'extension missing' };
		}),
		check(async () => {
			const applied = await appliedMigrationCount(db());
			const expected = expectedMigrationCount();
			return { ok: applied >= expected, detail: `${applied}/${expected}` };
		}),
		check(async () => ({ ok: (await redis().ping()) === 'PONG' }))
	]);
	const checks = { postgres, postgis, migrations, redis: redisCheck };
	return { ready: Object.values(checks).every((c) => c.ok), checks };
}
