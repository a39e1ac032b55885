import { applyMigrations } from '../../../scripts/lib/migrate';
import { adminConnection, withDatabase } from '../../../scripts/lib/databases';
import { runPidOf, templateDatabaseFor, TEST_DATABASE_PREFIX, TEST_POSTGRES_URL } from '../../support/test-env';

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Builds the migrated template once per run; each test file then clones it (CREATE DATABASE ...
 * TEMPLATE), which takes milliseconds and lets files run in parallel without sharing rows.
 */
export default async function setup(): Promise<() => Promise<void>> {
	const template = templateDatabaseFor(process.pid);
	process.env.QUADRO_TEST_RUN_PID = String(process.pid);
	const admin = adminConnection(TEST_POSTGRES_URL);
	try {
		const ours = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${TEST_DATABASE_PREFIX + '\\_%'}`;
		for (const { datname } of ours) {
			const pid = runPidOf(datname);
			if (pid !== null && !alive(pid)) await admin`drop database if exists ${admin(datname)} with (force)`;
		}
		await admin`drop database if exists ${admin(template)} with (force)`;
		await admin`create database ${admin(template)}`;
	} finally {
		await admin.end();
	}
	await applyMigrations(withDatabase(TEST_POSTGRES_URL, template));
	return async () => {
		const cleanup = adminConnection(TEST_POSTGRES_URL);
		try {
			await cleanup`drop database if exists ${cleanup(template)} with (force)`;
		} finally {
			await cleanup.end();
		}
	};
}
