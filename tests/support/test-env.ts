/** Where tests find PostgreSQL and Redis: the same variables users set, with local defaults. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Names of this run's databases start with it (TEST_DATABASE_PREFIX, for runs that share a server). */
export const TEST_DATABASE_PREFIX = process.env.TEST_DATABASE_PREFIX ?? 'quadro_test';

/**
 * Each test run builds its own template (named after the run's process id), so two runs on one
 * machine never drop each other's databases; leftovers of dead runs are cleaned up by the next.
 */
export function templateDatabaseFor(runPid: number): string {
	return `${TEST_DATABASE_PREFIX}_tpl_${runPid}`;
}

export function runPidOf(databaseName: string): number | null {
	if (!databaseName.startsWith(`${TEST_DATABASE_PREFIX}_`)) return null;
	const match = /^(?:tpl|f)_(\d+)(?:_|$)/.exec(databaseName.slice(TEST_DATABASE_PREFIX.length + 1));
	return match ? Number(match[1]) : null;
}
