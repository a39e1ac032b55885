import { count, eq, inArray, not, sql } from 'drizzle-orm';
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

function chunks<T>(rows: readonly T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
	return out;
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
	for (const part of chunks(rows)) await db.insert(customers).values(part).onConflictDoNothing();
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
	for (const part of chunks(rows)) await db.insert(sites).values(part).onConflictDoNothing();
}
