/**
 * SQL of the benchmark seed (--scale large). These take the postgres.js client rather than
 * Drizzle: COPY FROM STDIN, which moves millions of rows in seconds, is not in Drizzle.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';

export type Sql = postgres.Sql | postgres.TransactionSql;

/** The same advisory lock as the demo seed: one seed at a time until commit. */
export async function lockSeed(sql: Sql): Promise<void> {
	await sql`select pg_advisory_xact_lock(hashtext('quadro:seed'))`;
}

export async function getMeta(sql: Sql, key: string): Promise<string | null> {
	const [row] = await sql<{ value: string }[]>`select value from app_meta where key = ${key}`;
	return row?.value ?? null;
}

export async function insertMeta(sql: Sql, key: string, value: string): Promise<void> {
	await sql`insert into app_meta (key, value) values (${key}, ${value})`;
}

export async function modelsByKey(sql: Sql): Promise<Map<string, string>> {
	const rows = await sql<{ id: string; brand: string; model: string }[]>`select id, brand, model from equipment_models`;
	return new Map(rows.map((r) => [`${r.brand}|${r.model}`, r.id]));
}

export async function existingSiteIds(sql: Sql, ids: string[]): Promise<Set<string>> {
	const rows = await sql<{ id: string }[]>`select id from sites where id = any(${ids}::uuid[])`;
	return new Set(rows.map((r) => r.id));
}

/** Serial keys already taken, per brand: new units must not collide with them. */
export async function serialKeysByBrand(sql: Sql): Promise<Map<string, Set<string>>> {
	const out = new Map<string, Set<string>>();
	const rows = await sql<{ brand: string; serial_key: string }[]>`select brand, serial_key from equipment`;
	for (const r of rows) {
		let keys = out.get(r.brand);
		if (!keys) out.set(r.brand, (keys = new Set()));
		keys.add(r.serial_key);
	}
	return out;
}

export const COPY_COLUMNS = {
	equipment: ['id', 'model_id', 'brand', 'serial_number', 'serial_key', 'site_id', 'status', 'install_date', 'warranty_end', 'attributes'],
	equipment_site_history: ['id', 'equipment_id', 'site_id', 'from_at', 'reason'],
	meters: ['id', 'equipment_id', 'meter_type', 'max_value'],
	meter_readings: ['id', 'meter_id', 'value', 'read_at', 'source', 'kind', 'valid_for_billing', 'status']
} as const;

/**
 * COPY `table` FROM STDIN in text format. `lines` yields batches of rows, each row
 * tab-separated and newline-terminated, with \N for null; the caller only emits values
 * without tabs, newlines or backslashes (ids, serials, dates, enums, compact JSON).
 */
export async function copyInto(sql: Sql, table: keyof typeof COPY_COLUMNS, lines: Iterable<string>): Promise<void> {
	const columns = COPY_COLUMNS[table];
	const writable = await sql`copy ${sql(table)} (${sql(columns as unknown as string[])}) from stdin`.writable();
	await pipeline(Readable.from(lines, { objectMode: false }), writable);
}

/** Fresh statistics, so the planner sees 100k units rather than the demo's 900. */
export async function analyzeInstalledBase(sql: Sql): Promise<void> {
	await sql`analyze equipment, equipment_site_history, meters, meter_readings`;
}
