import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { config } from '../config';
import * as schema from './schema';

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction handle: query functions take `Db` so they run inside or outside a transaction. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Db = Database | Tx;

type Slot = { sql: postgres.Sql; db: Database };
// The SvelteKit bundle and the custom server bundle both import this module; keeping the pool on
// globalThis gives the process one pool instead of two.
const holder = globalThis as unknown as { __quadroDb?: Slot };

/*
 * JIT off for every session: Quadro's queries are short OLTP reads and writes. The planner prices
 * a filtered KNN scan as if it read the whole index (it cannot know LIMIT stops it after a few
 * hundred rows), which crosses jit_above_cost, and JIT then spends ~20 ms compiling a query that
 * runs in 2. Setting it per connection saves the transaction + SET LOCAL round trips per query.
 */
export function createDatabase(url: string, max = 10): Slot {
	const sql = postgres(url, { max, onnotice: () => {}, connection: { application_name: 'quadro', jit: 'off' } });
	const db = drizzle(sql, { schema, casing: 'snake_case' });
	return { sql, db };
}

export function db(): Database {
	holder.__quadroDb ??= createDatabase(config().DATABASE_URL);
	return holder.__quadroDb.db;
}

export function sqlClient(): postgres.Sql {
	db();
	return holder.__quadroDb!.sql;
}

export async function closeDatabase(): Promise<void> {
	const slot = holder.__quadroDb;
	holder.__quadroDb = undefined;
	if (slot) await slot.sql.end({ timeout: 5 });
}
