import { applyMigrations } from './lib/migrate';
import { databaseName, ensureDatabase } from './lib/databases';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro';

try {
	const created = await ensureDatabase(url);
	await applyMigrations(url);
	console.log(`database: ${databaseName(url)} ${created ? 'created and ' : ''}migrated`);
} catch (error) {
	console.error(`database: migration failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
