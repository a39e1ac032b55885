import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCodiceFiscale, isValidPartitaIva } from '../../src/lib/domain/italian-tax-ids';
import type { Database } from '../../src/lib/server/db/client';
import {
	DEMO_LOGINS,
	DEMO_REGIONS,
	SeedRefusedError,
	isEmptyDatabase,
	loadComuni,
	seedDemoCompany
} from '../../src/lib/server/seed/demo-company';
import { freshDatabase } from './support/database';

async function rows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
	return (await db.execute(query)) as unknown as T[];
}

function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
	const rad = Math.PI / 180;
	const h =
		Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
		Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
	return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** Every seeded row in one string, so "nothing changed" compares contents, not only counts. */
async function fingerprint(db: Database): Promise<string> {
	const [row] = await rows<{ digest: string }>(
		db,
		sql`select md5(string_agg(x, '|' order by x)) as digest from (
			select (u.*)::text as x from users u
			union all select (t.*)::text from technicians t
			union all select (s.*)::text from technician_skills s
			union all select (k.*)::text from skills k
			union all select (c.*)::text from customers c
			union all select (s.*)::text from sites s
			union all select (m.*)::text from app_meta m
		) q`
	);
	return row.digest;
}

describe('demo company seed', () => {
	let fresh: Awaited<ReturnType<typeof freshDatabase>>;
	beforeAll(async () => {
		fresh = await freshDatabase();
	});
	afterAll(async () => {
		await fresh.close();
	});

	it('fills an empty database', async () => {
		expect(await isEmptyDatabase(fresh.db)).toBe(true);
		const result = await seedDemoCompany(fresh.db);
		expect(result.created).toBe(true);
		expect(result.counts).toMatchObject({ users: 29, technicians: 25, skills: 8, customers: 300 });
		expect(await isEmptyDatabase(fresh.db)).toBe(false);

		const [meta] = await rows<{ value: string }>(fresh.db, sql`select value from app_meta where key = 'seed'`);
		expect(meta.value).toBe('demo-v1');
	});

	it('creates the 29 logins, lowercase, each technician user linked to its technician', async () => {
		const users = await rows<{ email: string; role: string; technician_code: string | null }>(
			fresh.db,
			sql`select u.email, u.role::text as role, t.code as technician_code
				from users u left join technicians t on t.user_id = u.id order by u.email`
		);
		expect(users).toHaveLength(29);
		expect(users.map((u) => ({ email: u.email, role: u.role })).sort((a, b) => a.email.localeCompare(b.email))).toEqual(
			[...DEMO_LOGINS].sort((a, b) => a.email.localeCompare(b.email))
		);
		for (const u of users) {
			expect(u.email).toBe(u.email.toLowerCase());
			if (u.role === 'technician') expect(u.technician_code).toBe(`T${u.email.slice(7, 9)}`);
			else expect(u.technician_code).toBeNull();
		}
	});

	it('creates 25 active technicians with 2-4 skills and home bases in northern Italy', async () => {
		const techs = await rows<{
			code: string;
			srid: number;
			lng: number;
			lat: number;
			cost: number;
			active: boolean;
			skills: number;
			bad_levels: number;
		}>(
			fresh.db,
			sql`select t.code, ST_SRID(t.home_base) as srid, ST_X(t.home_base) as lng, ST_Y(t.home_base) as lat,
					t.cost_per_hour_cents as cost, t.active,
					(select count(*)::int from technician_skills s where s.technician_id = t.id) as skills,
					(select count(*)::int from technician_skills s
						where s.technician_id = t.id and s.level not between 1 and 3) as bad_levels
				from technicians t order by t.code`
		);
		expect(techs.map((t) => t.code)).toEqual(Array.from({ length: 25 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`));
		for (const t of techs) {
			expect(t.srid).toBe(4326);
			// Piemonte, Lombardia, Veneto and Emilia-Romagna lie inside this box (and inside Italy).
			expect(t.lng).toBeGreaterThan(6.5);
			expect(t.lng).toBeLessThan(13.3);
			expect(t.lat).toBeGreaterThan(43.6);
			expect(t.lat).toBeLessThan(46.8);
			expect(t.cost).toBeGreaterThanOrEqual(2800);
			expect(t.cost).toBeLessThanOrEqual(4500);
			expect(t.active).toBe(true);
			expect(t.skills).toBeGreaterThanOrEqual(2);
			expect(t.skills).toBeLessThanOrEqual(4);
			expect(t.bad_levels).toBe(0);
		}
	});

	it('creates ~300 customers with valid, unique tax ids and a way to receive invoices', async () => {
		const customers = await rows<{
			code: string;
			vat_number: string | null;
			fiscal_code: string;
			sdi_code: string | null;
			pec: string | null;
			payment_terms_days: number;
			active: boolean;
		}>(fresh.db, sql`select code, vat_number, fiscal_code, sdi_code, pec, payment_terms_days, active from customers`);
		expect(customers).toHaveLength(300);

		const withVat = customers.filter((c) => c.vat_number !== null);
		// Condomini have no partita IVA, only a numeric codice fiscale: a small minority.
		expect(withVat.length).toBeGreaterThan(250);
		for (const c of withVat) {
			expect(isValidPartitaIva(c.vat_number!), c.vat_number!).toBe(true);
			expect(c.fiscal_code).toBe(c.vat_number);
		}
		for (const c of customers) {
			expect(isValidCodiceFiscale(c.fiscal_code), c.fiscal_code).toBe(true);
			expect(c.sdi_code !== null || c.pec !== null).toBe(true);
			if (c.sdi_code !== null) expect(c.sdi_code).toMatch(/^[A-Z0-9]{7}$/);
			expect([30, 60, 90]).toContain(c.payment_terms_days);
		}
		expect(new Set(customers.map((c) => c.fiscal_code)).size).toBe(customers.length);
		const inactive = customers.filter((c) => !c.active).length;
		expect(inactive).toBeGreaterThan(0);
		expect(inactive).toBeLessThan(30);
	});

	it('puts 1-3 sites per customer at points with SRID 4326 inside the four regions', async () => {
		const [summary] = await rows<{
			sites: number;
			srids: number[];
			regions: string[];
			min_per_customer: number;
			max_per_customer: number;
			outside_box: number;
		}>(
			fresh.db,
			sql`select count(*)::int as sites,
					array_agg(distinct ST_SRID(location)) as srids,
					array_agg(distinct region_code::text) as regions,
					(select min(n)::int from (select count(*) n from sites group by customer_id) a) as min_per_customer,
					(select max(n)::int from (select count(*) n from sites group by customer_id) a) as max_per_customer,
					count(*) filter (where not ST_Y(location) between 43.6 and 46.8 or not ST_X(location) between 6.5 and 13.3)::int as outside_box
				from sites`
		);
		expect(summary.sites).toBeGreaterThanOrEqual(300);
		expect(summary.srids).toEqual([4326]);
		expect([...summary.regions].sort()).toEqual([...DEMO_REGIONS].sort());
		expect(summary.min_per_customer).toBe(1);
		expect(summary.max_per_customer).toBeLessThanOrEqual(3);
		expect(summary.outside_box).toBe(0);

		// Each site sits within 1.5 km of the real coordinates of the comune it names.
		const comuni = new Map(loadComuni().map((c) => [c.istat, c]));
		const sites = await rows<{ istat: string; province: string; region: string; lng: number; lat: number }>(
			fresh.db,
			sql`select comune_istat as istat, province, region_code as region, ST_X(location) as lng, ST_Y(location) as lat
				from sites`
		);
		for (const s of sites) {
			const c = comuni.get(s.istat)!;
			expect(c, s.istat).toBeDefined();
			expect([s.province, s.region]).toEqual([c.province, c.region]);
			expect(metresBetween(s, c), `${c.name}`).toBeLessThan(1500);
		}

		const [orphans] = await rows<{ n: number }>(
			fresh.db,
			sql`select count(*)::int as n from customers c where not exists (select 1 from sites s where s.customer_id = c.id)`
		);
		expect(orphans.n).toBe(0);
	});

	it('changes nothing when run again', async () => {
		const before = await fingerprint(fresh.db);
		const first = await rows<{ n: number }>(fresh.db, sql`select count(*)::int as n from sites`);
		const again = await seedDemoCompany(fresh.db);
		expect(again.created).toBe(false);
		expect(again.counts).toMatchObject({ users: 29, technicians: 25, customers: 300, sites: first[0].n });
		expect(await fingerprint(fresh.db)).toBe(before);
	});

	it('refuses a seeded database that has gained a foreign user', async () => {
		await fresh.db.execute(
			sql`insert into users (id, email, name, role, password_hash)
				values ('00000000-0000-7000-8000-000000000001', 'x@example.com', 'Someone Else', 'admin', 'x')`
		);
		const before = await fingerprint(fresh.db);
		await expect(seedDemoCompany(fresh.db)).rejects.toThrow(SeedRefusedError);
		expect(await fingerprint(fresh.db)).toBe(before);
	});
});

describe('demo company seed on a database that is not ours', () => {
	let fresh: Awaited<ReturnType<typeof freshDatabase>>;
	beforeAll(async () => {
		fresh = await freshDatabase();
	});
	afterAll(async () => {
		await fresh.close();
	});

	it('refuses when a user outside @quadro.test exists, and writes nothing', async () => {
		await fresh.db.execute(
			sql`insert into users (id, email, name, role, password_hash)
				values ('00000000-0000-7000-8000-000000000002', 'x@example.com', 'Someone Else', 'admin', 'x')`
		);
		const before = await fingerprint(fresh.db);
		await expect(seedDemoCompany(fresh.db)).rejects.toThrow(/user\(s\) whose email is not @quadro\.test/);
		expect(await fingerprint(fresh.db)).toBe(before);
		const [counts] = await rows<{ users: number; customers: number; meta: number }>(
			fresh.db,
			sql`select (select count(*)::int from users) as users, (select count(*)::int from customers) as customers,
				(select count(*)::int from app_meta) as meta`
		);
		expect(counts).toEqual({ users: 1, customers: 0, meta: 0 });
	});

	it('refuses customers that the seed did not create', async () => {
		await fresh.db.execute(sql`delete from users`);
		await fresh.db.execute(
			sql`insert into customers (id, code, business_name, address)
				values ('00000000-0000-7000-8000-000000000003', 'X1', 'Cliente Vero Srl', 'Via Roma 1')`
		);
		const before = await fingerprint(fresh.db);
		await expect(seedDemoCompany(fresh.db)).rejects.toThrow(/not created by the demo seed/);
		expect(await fingerprint(fresh.db)).toBe(before);
	});
});
