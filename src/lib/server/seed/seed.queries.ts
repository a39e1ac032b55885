import { count, eq, inArray, not, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import { appMeta, customers, sites, skills, technicianSkills, technicians, users } from '../db/schema';

export type NewUser = typeof users.$inferInsert;
export type NewSkill = typeof skills.$inferInsert;
export type NewTechnician = typeof technicians.$inferInsert;
export type NewTechnicianSkill = typeof technicianSkills.$inferInsert;
export type NewCustomer = typeof customers.$inferInsert;
export type NewSite = typeof sites.$inferInsert;

export type SeedCounts = {
	users: number;
	skills: number;
	technicians: number;
	technicianSkills: number;
	customers: number;
	sites: number;
};

// ~15 columns a row keeps each statement far below PostgreSQL's 65,535 bind parameters.
const CHUNK = 500;

/** Rows a statement, so that rows x columns stays far below PostgreSQL's 65,535 parameters. */
export function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
	return out;
}

/** A column of a bulk insert: row property, SQL column, SQL type ('jsonb' keeps the JSON value as is). */
type Column = readonly [key: string, name: string, type: string];

/**
 * INSERT ... SELECT FROM jsonb_array_elements($1) ON CONFLICT DO NOTHING: one parameter a chunk.
 * Drizzle's builder takes over a second per 2,000 readings, which the seed's five-second budget
 * cannot afford; this takes milliseconds. Column names and types are constants of the seed's
 * query files, never input.
 */
export async function bulkInsert(db: Db, table: PgTable, columns: readonly Column[], rows: readonly object[], size = 5000): Promise<void> {
	const names = sql.raw(columns.map(([, name]) => `"${name}"`).join(', '));
	const values = sql.raw(
		columns.map(([, , type], i) => (type === 'jsonb' ? `(r -> ${i})` : `(r ->> ${i})::${type}`)).join(', ')
	);
	for (const part of chunks(rows, size)) {
		const json = JSON.stringify(part.map((row) => columns.map(([key]) => (row as Record<string, unknown>)[key] ?? null)));
		await db.execute(sql`insert into ${table} (${names}) select ${values} from jsonb_array_elements(${json}::jsonb) r on conflict do nothing`);
	}
}

/** Serialises concurrent seeds (two test workers, a double-clicked script) until commit. */
export async function lockSeed(db: Db): Promise<void> {
	await db.execute(sql`select pg_advisory_xact_lock(hashtext('quadro:seed'))`);
}

export async function getMeta(db: Db, key: string): Promise<string | null> {
	const rows = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, key)).limit(1);
	return rows[0]?.value ?? null;
}

export async function insertMetaIfMissing(db: Db, key: string, value: string): Promise<void> {
	await db.insert(appMeta).values({ key, value }).onConflictDoNothing();
}

export async function countUsersOutsideDomain(db: Db, domain: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(users)
		.where(not(sql`lower(${users.email}) like ${'%@' + domain.toLowerCase()}`));
	return row.n;
}

export async function countRows(db: Db): Promise<SeedCounts> {
	const [row] = await db.execute<{ [K in keyof SeedCounts]: number }>(sql`
		select
			(select count(*) from ${users})::int as "users",
			(select count(*) from ${skills})::int as "skills",
			(select count(*) from ${technicians})::int as "technicians",
			(select count(*) from ${technicianSkills})::int as "technicianSkills",
			(select count(*) from ${customers})::int as "customers",
			(select count(*) from ${sites})::int as "sites"
	`);
	return { ...row };
}

export async function insertUsers(db: Db, rows: NewUser[]): Promise<void> {
	for (const part of chunks(rows)) await db.insert(users).values(part).onConflictDoNothing();
}

/** Ids by email, whoever created the rows, so links survive users that existed before the seed. */
export async function userIdsByEmail(db: Db, emails: string[]): Promise<Map<string, string>> {
	if (emails.length === 0) return new Map();
	const rows = await db
		.select({ id: users.id, email: users.email })
		.from(users)
		.where(inArray(users.email, emails));
	return new Map(rows.map((r) => [r.email, r.id]));
}

export async function insertSkills(db: Db, rows: NewSkill[]): Promise<void> {
	await db.insert(skills).values(rows).onConflictDoNothing();
}

export async function insertTechnicians(db: Db, rows: NewTechnician[]): Promise<void> {
	for (const part of chunks(rows)) await db.insert(technicians).values(part).onConflictDoNothing();
}

export async function technicianIdsByCode(db: Db, codes: string[]): Promise<Map<string, string>> {
	if (codes.length === 0) return new Map();
	const rows = await db
		.select({ id: technicians.id, code: technicians.code })
		.from(technicians)
		.where(inArray(technicians.code, codes));
	return new Map(rows.map((r) => [r.code, r.id]));
}

export async function insertTechnicianSkills(db: Db, rows: NewTechnicianSkill[]): Promise<void> {
	for (const part of chunks(rows)) await db.insert(technicianSkills).values(part).onConflictDoNothing();
}

export async function insertCustomers(db: Db, rows: NewCustomer[]): Promise<void> {
	await bulkInsert(db, customers, [
		['id', 'id', 'uuid'],
		['code', 'code', 'text'],
		['businessName', 'business_name', 'text'],
		['vatNumber', 'vat_number', 'text'],
		['fiscalCode', 'fiscal_code', 'text'],
		['sdiCode', 'sdi_code', 'text'],
		['pec', 'pec', 'text'],
		['address', 'address', 'text'],
		['cap', 'cap', 'text'],
		['comuneIstat', 'comune_istat', 'text'],
		['comuneName', 'comune_name', 'text'],
		['province', 'province', 'text'],
		['paymentTermsDays', 'payment_terms_days', 'integer'],
		['notes', 'notes', 'text'],
		['active', 'active', 'boolean']
	], rows);
}

export async function customerIdsByCode(db: Db, codes: string[]): Promise<Map<string, string>> {
	if (codes.length === 0) return new Map();
	const rows = await db
		.select({ id: customers.id, code: customers.code })
		.from(customers)
		.where(inArray(customers.code, codes));
	return new Map(rows.map((r) => [r.code, r.id]));
}

/** Sites have no natural key, so idempotence rests on their deterministic ids. */
export async function insertSites(db: Db, rows: NewSite[]): Promise<void> {
	await bulkInsert(
		db,
		sites,
		[
			['id', 'id', 'uuid'],
			['customerId', 'customer_id', 'uuid'],
			['name', 'name', 'text'],
			['address', 'address', 'text'],
			['cap', 'cap', 'text'],
			['comuneIstat', 'comune_istat', 'text'],
			['comuneName', 'comune_name', 'text'],
			['province', 'province', 'text'],
			['regionCode', 'region_code', 'text'],
			// EWKT, as the point column writes it.
			['location', 'location', 'geometry'],
			['accessNotes', 'access_notes', 'text']
		],
		rows.map((r) => ({ ...r, location: `SRID=4326;POINT(${r.location.lng} ${r.location.lat})` }))
	);
}
