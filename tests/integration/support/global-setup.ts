import { applyMigrations } from '../../../scripts/lib/migrate';
import { adminConnection, withDatabase } from '../../../scripts/lib/databases';
import { TEMPLATE_DATABASE, TEST_POSTGRES_URL } from '../../support/test-env';

/**
 * Builds the migrated template once per run; each test file then clones it (CREATE DATABASE ...
 * TEMPLATE), which takes milliseconds and lets files run in parallel without sharing rows.
 */
export default async function setup(): Promise<() => Promise<void>> {
	const admin = adminConnection(TEST_POSTGRES_URL);
	try {
		// Leftovers of a crashed earlier run.
		const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'quadro_test_f_%'`;
		for (const { datname } of stale) await admin`drop database if exists ${admin(datname)} with (force)`;
		await admin`drop database if exists ${admin(TEMPLATE_DATABASE)} with (force)`;
		await admin`create database ${admin(TEMPLATE_DATABASE)}`;
	} finally {
		await admin.end();
	}
	await applyMigrations(withDatabase(TEST_POSTGRES_URL, TEMPLATE_DATABASE));
	return async () => {
		const cleanup = adminConnection(TEST_POSTGRES_URL);
		try {
			await cleanup`drop database if exists ${cleanup(TEMPLATE_DATABASE)} with (force)`;
		} finally {
			await cleanup.end();
		}
	};
}
