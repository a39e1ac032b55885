import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { fileURLToPath } from 'node:url';
import * as schema from '../../src/lib/server/db/schema';
import { loadReferenceData } from '../../src/lib/server/reference/reference-data';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Applies pending migrations from code (unlike drizzle-kit migrate, this shows SQL errors), then
 * loads the reference data (comuni, meter types, patron days) every installation needs.
 */
export async function applyMigrations(url: string): Promise<void> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
		await loadReferenceData(drizzle(sql, { schema, casing: 'snake_case' }));
	} finally {
		await sql.end();
	}
}
