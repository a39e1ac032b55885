import { sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAttributes, type AttributeDefinition } from '../../src/lib/domain/equipment-attributes';
import { isValidCodiceFiscale, isValidPartitaIva } from '../../src/lib/domain/italian-tax-ids';
import { serialKey } from '../../src/lib/domain/serial';
import { sqlClient, type Database } from '../../src/lib/server/db/client';
import {
	DEMO_LOGINS,
	DEMO_REGIONS,
	SeedRefusedError,
	isEmptyDatabase,
	loadComuni,
	buildDemoPlan,
	seedDemoCompany
} from '../../src/lib/server/seed/demo-company';
import { LargeSeedRefusedError, seedLargeScale } from '../../src/lib/server/seed/large-scale';
import { generateDueMaintenance } from '../../src/lib/server/maintenance/generate.service';
import { prepareDueInvoices } from '../../src/lib/server/billing/billing-run.service';
import { getInvoice, invoiceXml, issueInvoice } from '../../src/lib/server/billing/invoices.service';
import { validateFatturaPa } from '../support/fatturapa-xsd';
import { freshDatabase } from './support/database';

/** Today in the company's zone, as the seed sees it. */
const today = () => Temporal.Now.plainDateISO('Europe/Rome');

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
			union all select (x.*)::text from attribute_definitions x
			union all select (x.*)::text from equipment_models x
			union all select (x.*)::text from equipment x
			union all select (x.*)::text from equipment_site_history x
			union all select (x.*)::text from meters x
			union all select (x.*)::text from meter_readings x
			union all select (x.*)::text from business_calendars x
			union all select (x.*)::text from sla_levels x
			union all select (x.*)::text from sla_targets x
			union all select (x.*)::text from contracts x
			union all select (x.*)::text from contract_terms x
			union all select (x.*)::text from contract_equipment x
			union all select (x.*)::text from meter_terms x
			union all select (x.*)::text from company_profile x
			union all select (x.*)::text from meter_term_tiers x
			union all select (x.*)::text from maintenance_plans x
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
		expect(result.counts).toMatchObject({ users: 30, technicians: 25, skills: 8, customers: 300, equipment: 900, slaLevels: 3 });
		expect(result.added).toBeGreaterThan(10_000);
		expect(await isEmptyDatabase(fresh.db)).toBe(false);

		const [meta] = await rows<{ value: string }>(fresh.db, sql`select value from app_meta where key = 'seed'`);
		expect(meta.value).toBe('demo-v1');
	});

	it('creates the 30 logins (the back office among them), lowercase, each technician user linked to its technician', async () => {
		const users = await rows<{ email: string; role: string; technician_code: string | null }>(
			fresh.db,
			sql`select u.email, u.role::text as role, t.code as technician_code
				from users u left join technicians t on t.user_id = u.id order by u.email`
		);
		expect(users).toHaveLength(30);
		expect(users.filter((u) => u.role === 'backoffice').map((u) => u.email)).toEqual(['amministrazione@quadro.test']);
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

	it('creates ~30 models and 900 units at the demo sites with realistic serials, unique per brand', async () => {
		const models = await rows<{ brand: string; category: string; meter_types: string[] }>(
			fresh.db,
			sql`select brand, category::text as category, meter_types from equipment_models`
		);
		expect(models.length).toBeGreaterThanOrEqual(28);
		expect(models.length).toBeLessThanOrEqual(40);
		expect(new Set(models.map((m) => m.category))).toEqual(new Set(['copier_mono', 'copier_colour', 'printer', 'hvac', 'lift', 'other']));
		for (const m of models) {
			if (m.category.startsWith('copier') || m.category === 'printer') expect(m.meter_types).toContain('mono');
			if (m.category === 'copier_colour') expect(m.meter_types).toEqual(['mono', 'colour', 'scans']);
			if (m.category === 'hvac') expect(m.meter_types).toEqual(['hours']);
			if (m.category === 'lift') expect(m.meter_types).toEqual(['cycles']);
		}
		for (const brand of ['Canon', 'Ricoh', 'Kyocera', 'Konica Minolta', 'Sharp', 'Xerox', 'HP', 'Daikin', 'Mitsubishi Electric', 'Carrier', 'Hitachi', 'Schindler', 'KONE', 'Otis']) {
			expect(models.map((m) => m.brand)).toContain(brand);
		}

		const units = await rows<{
			serial_number: string;
			serial_key: string;
			brand: string;
			model_brand: string;
			status: string;
			install_date: string;
			warranty_end: string;
			customer_code: string;
		}>(
			fresh.db,
			sql`select e.serial_number, e.serial_key, e.brand, m.brand as model_brand, e.status::text as status,
					e.install_date::text as install_date, e.warranty_end::text as warranty_end, c.code as customer_code
				from equipment e join equipment_models m on m.id = e.model_id
				join sites s on s.id = e.site_id join customers c on c.id = s.customer_id`
		);
		expect(units).toHaveLength(900);
		const now = today();
		for (const u of units) {
			expect(u.brand).toBe(u.model_brand);
			expect(u.serial_key).toBe(serialKey(u.serial_number));
			expect(u.serial_key).toMatch(/^[A-Z0-9]{6,14}$/);
			const installed = Temporal.PlainDate.from(u.install_date);
			expect(Temporal.PlainDate.compare(installed, now)).toBeLessThan(0);
			expect(installed.until(now).total({ unit: 'days', relativeTo: installed })).toBeLessThanOrEqual(8 * 366);
			expect(u.warranty_end).toBe(installed.add({ months: 24 }).toString());
		}
		expect(new Set(units.map((u) => `${u.brand}|${u.serial_key}`)).size).toBe(900);
		// Manufacturer-like formats: HP country prefix, Konica Minolta's 13 characters, Otis with its dash.
		expect(units.filter((u) => u.brand === 'HP').every((u) => /^(CNB|CNC|VNB|JPB|PHB)\d[A-Z]\d{5}$/.test(u.serial_number))).toBe(true);
		expect(units.filter((u) => u.brand === 'Konica Minolta').every((u) => /^A[A-Z0-9]{3}0\d{8}$/.test(u.serial_number))).toBe(true);
		expect(units.filter((u) => u.brand === 'Otis').every((u) => /^[A-Z]{2}-\d{5}$/.test(u.serial_number))).toBe(true);

		const byStatus = (s: string) => units.filter((u) => u.status === s).length;
		expect(byStatus('active')).toBeGreaterThan(780);
		for (const s of ['under_repair', 'standby', 'decommissioned']) expect(byStatus(s)).toBeGreaterThan(5);
		const underWarranty = units.filter((u) => u.warranty_end >= now.toString()).length;
		expect(underWarranty).toBeGreaterThan(100);
		expect(underWarranty).toBeLessThan(400);
		// Spread over most of the customers that are still active.
		expect(new Set(units.map((u) => u.customer_code)).size).toBeGreaterThan(200);
	});

	it('gives every unit its model meters, one open site-history row from installation, and valid attributes', async () => {
		const [gaps] = await rows<{ wrong_meters: number; not_one_open: number; open_elsewhere: number; first_not_install: number; wrong_max: number }>(
			fresh.db,
			sql`select
				(select count(*)::int from equipment e join equipment_models m on m.id = e.model_id
					where (select array_agg(meter_type order by meter_type) from meters where equipment_id = e.id)
						is distinct from (select array_agg(t order by t) from unnest(m.meter_types) t)
						and cardinality(m.meter_types) > 0) as wrong_meters,
				(select count(*)::int from equipment e
					where (select count(*) from equipment_site_history h where h.equipment_id = e.id and h.to_at is null) <> 1) as not_one_open,
				(select count(*)::int from equipment e join equipment_site_history h on h.equipment_id = e.id and h.to_at is null
					where h.site_id <> e.site_id) as open_elsewhere,
				(select count(*)::int from equipment e
					where (select min(from_at at time zone 'Europe/Rome')::date from equipment_site_history h where h.equipment_id = e.id) <> e.install_date) as first_not_install,
				(select count(*)::int from meters where meter_type in ('hours', 'cycles') and max_value is not null) as wrong_max`
		);
		expect(gaps).toEqual({ wrong_meters: 0, not_one_open: 0, open_elsewhere: 0, first_not_install: 0, wrong_max: 0 });
		const [maxima] = await rows<{ with_max: number; without_max: number; moved: number }>(
			fresh.db,
			sql`select count(*) filter (where max_value = 9999999)::int as with_max,
					count(*) filter (where max_value is null and meter_type in ('mono', 'colour'))::int as without_max,
					(select count(distinct equipment_id)::int from equipment_site_history where to_at is not null) as moved
				from meters`
		);
		expect(maxima.with_max).toBeGreaterThan(50);
		expect(maxima.without_max).toBeGreaterThan(50);
		expect(maxima.moved).toBeGreaterThan(0);

		const definitions = await rows<AttributeDefinition & { category: string; min_value: string | null; max_value: string | null }>(
			fresh.db,
			sql`select category::text as category, code, type::text as type, required, min_value, max_value, choices from attribute_definitions`
		);
		expect(definitions.map((d) => `${d.category}.${d.code}`).sort()).toEqual(
			['copier_colour.finisher', 'copier_mono.finisher', 'hvac.power_kw', 'hvac.refrigerant', 'lift.capacity_kg', 'lift.stops'].sort()
		);
		const units = await rows<{ category: string; attributes: Record<string, string | number | boolean> }>(
			fresh.db,
			sql`select m.category::text as category, e.attributes from equipment e join equipment_models m on m.id = e.model_id`
		);
		for (const u of units) {
			const defs = definitions
				.filter((d) => d.category === u.category)
				.map((d) => ({ ...d, minValue: d.min_value, maxValue: d.max_value }));
			const result = validateAttributes(u.attributes, defs);
			expect(result.ok, `${u.category} ${JSON.stringify(u.attributes)}`).toBe(true);
			if (u.category === 'lift') expect(Object.keys(u.attributes).sort()).toEqual(['capacity_kg', 'stops']);
			if (u.category === 'hvac') expect(['R32', 'R410A', 'R290']).toContain(u.attributes.refrigerant);
		}
	});

	it('creates the two calendars and three SLA levels with three targets each, BASE the only default', async () => {
		const calendars = await rows<{ name: string; weekly_hours: Record<string, [string, string][]>; cutoff_time: string | null; national_holidays: boolean; patron_scope: string }>(
			fresh.db,
			sql`select name, weekly_hours, cutoff_time::text as cutoff_time, national_holidays, patron_scope::text as patron_scope
				from business_calendars order by name`
		);
		const office = calendars.find((c) => c.name === "Orario d'ufficio")!;
		const h24 = calendars.find((c) => c.name === 'H24')!;
		const day: [string, string][] = [['08:30', '12:30'], ['14:00', '18:00']];
		expect(office).toMatchObject({ cutoff_time: '17:00:00', national_holidays: true, patron_scope: 'comune' });
		expect(office.weekly_hours).toEqual({ '1': day, '2': day, '3': day, '4': day, '5': day, '6': [], '7': [] });
		expect(h24.cutoff_time).toBeNull();
		for (const d of ['1', '2', '3', '4', '5', '6', '7']) expect(h24.weekly_hours[d]).toEqual([['00:00', '24:00']]);

		const levels = await rows<{ code: string; is_default: boolean; calendar: string; targets: { priority: string; a: number; o: number; r: number }[] }>(
			fresh.db,
			sql`select l.code, l.is_default, c.name as calendar,
					(select json_agg(json_build_object('priority', t.priority, 'a', t.acknowledge_minutes, 'o', t.onsite_minutes, 'r', t.resolution_minutes))
						from sla_targets t where t.sla_level_id = l.id) as targets
				from sla_levels l join business_calendars c on c.id = l.calendar_id order by l.code`
		);
		expect(levels.map((l) => [l.code, l.is_default, l.calendar])).toEqual([
			['BASE', true, "Orario d'ufficio"],
			['PLUS', false, "Orario d'ufficio"],
			['PREMIUM', false, 'H24']
		]);
		const target = (code: string, priority: string) => levels.find((l) => l.code === code)!.targets.find((t) => t.priority === priority)!;
		expect(target('BASE', 'low')).toMatchObject({ a: 16 * 60, o: 40 * 60, r: 80 * 60 });
		expect(target('BASE', 'high')).toMatchObject({ a: 4 * 60, o: 8 * 60, r: 24 * 60 });
		for (const l of levels) {
			expect(l.targets.map((t) => t.priority).sort()).toEqual(['high', 'low', 'medium']);
			for (const t of l.targets) expect(t.a < t.o && t.o < t.r, `${l.code} ${t.priority}`).toBe(true);
			expect(target(l.code, 'high').r).toBeLessThan(target(l.code, 'medium').r);
			expect(target(l.code, 'medium').r).toBeLessThan(target(l.code, 'low').r);
		}
		// Better levels answer sooner.
		for (const p of ['low', 'medium', 'high']) {
			expect(target('PLUS', p).o).toBeLessThan(target('BASE', p).o);
			expect(target('PREMIUM', p).r).toBeLessThanOrEqual(target('PLUS', p).r);
		}
	});

	it('gives ~60% of the customers with units contracts of every periodicity, status and billing timing', async () => {
		const contracts = await rows<{ number: string; status: string; periodicity: string; billing_timing: string; fee: number; auto_renew: boolean; sla: string }>(
			fresh.db,
			sql`select c.number, c.status::text as status, c.periodicity::text as periodicity, c.billing_timing::text as billing_timing,
					c.fee_per_period_cents::int as fee, c.auto_renew, l.code as sla
				from contracts c join sla_levels l on l.id = c.sla_level_id`
		);
		const values = (k: keyof (typeof contracts)[number]) => new Set(contracts.map((c) => c[k]));
		expect(values('periodicity')).toEqual(new Set(['monthly', 'bimonthly', 'quarterly', 'annual']));
		expect(values('billing_timing')).toEqual(new Set(['advance', 'arrears']));
		expect(values('sla')).toEqual(new Set(['BASE', 'PLUS', 'PREMIUM']));
		for (const s of ['draft', 'active', 'expired', 'terminated']) expect(values('status')).toContain(s);
		expect(contracts.filter((c) => c.status === 'active').length).toBeGreaterThan(contracts.length / 2);
		expect(contracts.filter((c) => c.status === 'expired' || c.status === 'terminated').length).toBeLessThan(contracts.length / 5);
		for (const c of contracts) {
			expect(c.number).toMatch(/^20\d{2}\/\d{6}$/);
			expect(Number.isInteger(c.fee) && c.fee > 0).toBe(true);
		}
		expect(new Set(contracts.map((c) => c.number)).size).toBe(contracts.length);

		const [share] = await rows<{ with_units: number; with_contracts: number }>(
			fresh.db,
			sql`select count(distinct s.customer_id)::int as with_units,
					count(distinct s.customer_id) filter (where exists (select 1 from contracts c where c.customer_id = s.customer_id))::int as with_contracts
				from equipment e join sites s on s.id = e.site_id`
		);
		expect(share.with_contracts / share.with_units).toBeGreaterThan(0.45);
		expect(share.with_contracts / share.with_units).toBeLessThan(0.75);
	});

	it('stores contiguous terms, auto-renewed contracts with several, and some expiring this month', async () => {
		const terms = await rows<{ contract_id: string; status: string; auto_renew: boolean; term_no: number; starts_on: string; ends_on: string; renewed: boolean }>(
			fresh.db,
			sql`select t.contract_id, c.status::text as status, c.auto_renew, t.term_no, t.starts_on::text as starts_on,
					t.ends_on::text as ends_on, t.renewed_automatically as renewed
				from contract_terms t join contracts c on c.id = t.contract_id order by t.contract_id, t.term_no`
		);
		const byContract = new Map<string, typeof terms>();
		for (const t of terms) byContract.set(t.contract_id, [...(byContract.get(t.contract_id) ?? []), t]);
		const [contractCount] = await rows<{ n: number }>(fresh.db, sql`select count(*)::int as n from contracts`);
		expect(byContract.size).toBe(contractCount.n);

		for (const list of byContract.values()) {
			expect(list.map((t) => t.term_no)).toEqual(list.map((_, i) => i + 1));
			for (const [i, t] of list.entries()) {
				expect(t.starts_on < t.ends_on).toBe(true);
				expect(t.renewed).toBe(i > 0);
				if (i > 0) expect(t.starts_on).toBe(Temporal.PlainDate.from(list[i - 1].ends_on).add({ days: 1 }).toString());
			}
			if (list.length > 1) expect(list[0].auto_renew).toBe(true);
		}
		const renewed = [...byContract.values()].filter((l) => l.length > 1);
		expect(renewed.length).toBeGreaterThan(10);
		expect(renewed.some((l) => l.length >= 3)).toBe(true);

		const now = today();
		const monthEnd = now.with({ day: now.daysInMonth }).toString();
		const current = (l: typeof terms) => l.find((t) => t.starts_on <= now.toString() && now.toString() <= t.ends_on);
		const inForce = [...byContract.values()].filter((l) => l[0].status === 'active');
		expect(inForce.every((l) => current(l) === l[l.length - 1])).toBe(true);
		const expiring = inForce.filter((l) => current(l)!.ends_on === monthEnd);
		expect(expiring.length).toBeGreaterThanOrEqual(3);
		expect(expiring.some((l) => l[0].auto_renew)).toBe(true);
		// Drafts start later; expired and terminated contracts ended before today.
		for (const l of byContract.values()) {
			if (l[0].status === 'draft') expect(l[0].starts_on > now.toString()).toBe(true);
			if (l[0].status === 'expired' || l[0].status === 'terminated') expect(l[l.length - 1].ends_on < now.toString()).toBe(true);
		}
	});

	it('covers the customer’s own units from the contract start, closing removed ones in the past', async () => {
		const [checks] = await rows<{ covered: number; foreign: number; before_start: number; bad_to: number; removed: number; overlapping: number; decommissioned_open: number }>(
			fresh.db,
			sql`with first_term as (select contract_id, min(starts_on) as starts_on from contract_terms group by contract_id)
				select count(*)::int as covered,
					count(*) filter (where s.customer_id <> c.customer_id)::int as foreign,
					count(*) filter (where ce.from_date < ft.starts_on or ce.from_date < e.install_date)::int as before_start,
					count(*) filter (where ce.to_date < ce.from_date)::int as bad_to,
					count(*) filter (where ce.to_date is not null and ce.to_date < (now() at time zone 'Europe/Rome')::date)::int as removed,
					(select count(*)::int from contract_equipment a join contract_equipment b on a.equipment_id = b.equipment_id and a.id < b.id
						join contracts ca on ca.id = a.contract_id join contracts cb on cb.id = b.contract_id
						where ca.status in ('active', 'suspended') and cb.status in ('active', 'suspended')
							and daterange(a.from_date, a.to_date, '[]') && daterange(b.from_date, b.to_date, '[]')) as overlapping,
					count(*) filter (where e.status = 'decommissioned' and ce.to_date is null)::int as decommissioned_open
				from contract_equipment ce join contracts c on c.id = ce.contract_id join first_term ft on ft.contract_id = c.id
				join equipment e on e.id = ce.equipment_id join sites s on s.id = e.site_id`
		);
		expect(checks.covered).toBeGreaterThan(300);
		expect(checks).toMatchObject({ foreign: 0, before_start: 0, bad_to: 0, overlapping: 0, decommissioned_open: 0 });
		expect(checks.removed).toBeGreaterThan(0);
	});

	it('puts cost-per-copy meter terms on copier contracts: pooled and per device, graduated and volume tiers, minimum charges', async () => {
		const terms = await rows<{ meter_type: string; included: number; pooling: string; tier_mode: string; minimum: number; price: string; tiers: { from: number; price: string }[] | null; covers_meter: boolean; group_ok: boolean }>(
			fresh.db,
			sql`select mt.meter_type, mt.included_per_period::int as included, mt.pooling::text as pooling, mt.tier_mode::text as tier_mode,
					mt.minimum_charge_cents::int as minimum, mt.unit_price::text as price,
					(select json_agg(json_build_object('from', t.from_units, 'price', t.unit_price::text) order by t.from_units)
						from meter_term_tiers t where t.meter_term_id = mt.id) as tiers,
					exists (select 1 from contract_equipment ce join meters m on m.equipment_id = ce.equipment_id
						where ce.contract_id = mt.contract_id and m.meter_type = mt.meter_type) as covers_meter,
					not exists (select 1 from contract_equipment ce join equipment e on e.id = ce.equipment_id
						join equipment_models md on md.id = e.model_id
						where ce.contract_id = mt.contract_id and md.category in ('hvac', 'lift')) as group_ok
				from meter_terms mt`
		);
		expect(terms.length).toBeGreaterThan(50);
		for (const t of terms) {
			expect(['mono', 'colour', 'scans']).toContain(t.meter_type);
			expect(t.covers_meter && t.group_ok).toBe(true);
			expect(t.price).toMatch(/^0\.\d{6}$/);
			expect(t.included).toBeGreaterThan(0);
			if (t.tiers) {
				expect(t.tiers[0].from).toBe(0);
				for (let i = 1; i < t.tiers.length; i++) expect(Number(t.tiers[i].price)).toBeLessThan(Number(t.tiers[i - 1].price));
			}
		}
		const mono = terms.filter((t) => t.meter_type === 'mono');
		expect(mono.some((t) => t.price === '0.008500')).toBe(true);
		const colour = terms.filter((t) => t.meter_type === 'colour');
		expect(colour.some((t) => JSON.stringify(t.tiers) === JSON.stringify([{ from: 0, price: '0.065000' }, { from: 5000, price: '0.055000' }]))).toBe(true);
		expect(terms.filter((t) => t.tier_mode === 'volume')).toHaveLength(1);
		expect(terms.filter((t) => t.tier_mode === 'volume')[0].tiers!.length).toBeGreaterThan(1);
		expect(terms.some((t) => t.pooling === 'per_device')).toBe(true);
		expect(terms.some((t) => t.minimum > 0)).toBe(true);
		// Every copier contract covering a mono counter prices it.
		const [unpriced] = await rows<{ n: number }>(
			fresh.db,
			sql`select count(distinct ce.contract_id)::int as n from contract_equipment ce
				join meters m on m.equipment_id = ce.equipment_id and m.meter_type = 'mono'
				join equipment e on e.id = ce.equipment_id
				where e.status <> 'decommissioned'
					and not exists (select 1 from meter_terms mt where mt.contract_id = ce.contract_id and mt.meter_type = 'mono')`
		);
		expect(unpriced.n).toBe(0);
	});

	it('records a year of readings: one rollover, one replacement, one outlier in review, otherwise never decreasing', async () => {
		const special = await rows<{ kind: string; status: string; value: number; previous: number; final: number | null; max_value: number | null; review_reason: string | null; reason: string | null }>(
			fresh.db,
			sql`select r.kind::text as kind, r.status::text as status, r.value::float8 as value,
					(select p.value::float8 from meter_readings p where p.meter_id = r.meter_id and p.read_at < r.read_at order by p.read_at desc limit 1) as previous,
					r.previous_meter_final_value::float8 as final, m.max_value::float8 as max_value, r.review_reason, r.reason
				from meter_readings r join meters m on m.id = r.meter_id
				where r.kind <> 'normal' or r.status <> 'accepted'`
		);
		const rollover = special.filter((r) => r.kind === 'rollover');
		const replacement = special.filter((r) => r.kind === 'replacement');
		const review = special.filter((r) => r.status === 'review');
		expect([rollover.length, replacement.length, review.length, special.length]).toEqual([1, 1, 1, 3]);
		expect(rollover[0]).toMatchObject({ status: 'accepted', max_value: 9_999_999 });
		expect(rollover[0].value).toBeLessThan(rollover[0].previous);
		const wrapped = rollover[0].max_value! - rollover[0].previous + rollover[0].value + 1;
		expect(wrapped).toBeGreaterThan(30_000); // a production press's month
		expect(wrapped).toBeLessThan(200_000);
		expect(replacement[0].status).toBe('accepted');
		expect(replacement[0].final!).toBeGreaterThanOrEqual(replacement[0].previous);
		expect(replacement[0].value).toBeLessThan(100);
		expect(replacement[0].reason).toMatch(/Sostituzione/);
		expect(review[0].kind).toBe('normal');
		expect(review[0].review_reason).toMatch(/^above_expected usage=\d+ expected=\d+ min=\d+ max=\d+ days=[\d.]+$/);
		expect(review[0].value).toBeGreaterThan(review[0].previous);

		const [order] = await rows<{ decreasing: number; exempt: number; before_install: number; in_future: number; older_than_13_months: number }>(
			fresh.db,
			sql`with ordered as (
					select r.kind, r.value, r.read_at, e.install_date,
						lag(r.value) over (partition by r.meter_id order by r.read_at) as previous
					from meter_readings r join meters m on m.id = r.meter_id join equipment e on e.id = m.equipment_id)
				select count(*) filter (where value < previous and kind = 'normal')::int as decreasing,
					count(*) filter (where value < previous and kind <> 'normal')::int as exempt,
					count(*) filter (where (read_at at time zone 'Europe/Rome')::date <= install_date)::int as before_install,
					count(*) filter (where read_at > now())::int as in_future,
					count(*) filter (where read_at < now() - interval '13 months')::int as older_than_13_months
				from ordered`
		);
		expect(order).toEqual({ decreasing: 0, exempt: 2, before_install: 0, in_future: 0, older_than_13_months: 0 });

		const [volume] = await rows<{ readings: number; sources: string[]; metered: number; unread: number; mono: number; colour: number; same_instant: number }>(
			fresh.db,
			sql`with usage as (
					select m.meter_type, (max(r.value) - min(r.value)) / (extract(epoch from max(r.read_at) - min(r.read_at)) / 86400 / 30.44) as monthly
					from meter_readings r join meters m on m.id = r.meter_id
					join equipment e on e.id = m.equipment_id join equipment_models md on md.id = e.model_id
					where md.family <> 'Pro' and e.status = 'active'
						and not exists (select 1 from meter_readings x where x.meter_id = m.id and x.kind <> 'normal')
					group by m.id, m.meter_type having count(*) >= 6)
				select (select count(*)::int from meter_readings) as readings,
					(select array_agg(distinct source::text) from meter_readings) as sources,
					(select count(*)::int from meters) as metered,
					(select count(*)::int from meters m join equipment e on e.id = m.equipment_id
						where e.status <> 'decommissioned' and e.install_date < current_date - 45
							and not exists (select 1 from meter_readings r where r.meter_id = m.id)) as unread,
					(select percentile_cont(0.5) within group (order by monthly) from usage where meter_type = 'mono')::int as mono,
					(select percentile_cont(0.5) within group (order by monthly) from usage where meter_type = 'colour')::int as colour,
					(select count(*)::int from (select meter_id, read_at from meter_readings group by 1, 2 having count(*) > 1) d) as same_instant`
		);
		expect(volume.readings).toBeGreaterThan(10_000);
		expect(volume.readings).toBeLessThan(20_000);
		expect(new Set(volume.sources)).toEqual(new Set(['remote', 'technician', 'customer', 'estimated']));
		expect(volume.unread).toBe(0);
		expect(volume.mono).toBeGreaterThan(1000);
		expect(volume.mono).toBeLessThan(8000);
		expect(volume.colour).toBeGreaterThan(200);
		expect(volume.colour).toBeLessThan(2000);
		expect(volume.same_instant).toBe(0);
	});

	it('plans scheduled maintenance on lifts, HVAC units and colour copiers, with nothing due on the seed day', async () => {
		const plans = await rows<{ kind: string; category: string; anchor_date: string | null; lead_days: number; baseline_value: number | null; last: number | null }>(
			fresh.db,
			sql`select p.kind, m.category, p.anchor_date::text, p.lead_days, p.baseline_value::int,
				(select r.value::int from meter_readings r where r.meter_id = p.meter_id and r.status = 'accepted' order by r.read_at desc limit 1) as last
				from maintenance_plans p join equipment e on e.id = p.equipment_id join equipment_models m on m.id = e.model_id`
		);
		const interval = plans.filter((p) => p.kind === 'interval');
		const counter = plans.filter((p) => p.kind === 'counter');
		expect(interval).toHaveLength(40);
		expect(new Set(interval.map((p) => p.category))).toEqual(new Set(['lift', 'hvac']));
		expect(counter.length).toBeGreaterThan(10);
		expect(counter.every((p) => p.category === 'copier_colour' && p.baseline_value === p.last)).toBe(true);
		const firstGenerated = interval.map((p) => Temporal.PlainDate.from(p.anchor_date!).subtract({ days: p.lead_days }));
		expect(firstGenerated.every((d) => Temporal.PlainDate.compare(d, today()) > 0)).toBe(true);
		const run = await generateDueMaintenance({ today: today().toString() });
		expect(run.created).toEqual([]);
	});

	it('sets the company up for billing: the seed day prepares drafts of fees and last month\'s copies that can be issued as valid FatturaPA', async () => {
		const [profile] = await rows<{ starts: string }>(fresh.db, sql`select billing_starts_on::text as starts from company_profile`);
		const today = Temporal.Now.plainDateISO('Europe/Rome');
		expect(profile.starts).toBe(today.subtract({ months: 1 }).with({ day: 1 }).toString());
		const [admin] = await rows<{ id: string }>(fresh.db, sql`select id from users where email = 'admin@quadro.test'`);
		const actor = { id: admin.id, role: 'admin' as const };

		const run = await prepareDueInvoices({});
		expect(run.invoices.length).toBeGreaterThan(50);
		const [kinds] = await rows<{ fee: number; meter: number }>(fresh.db, sql`select count(*) filter (where kind = 'fee')::int as fee, count(*) filter (where kind = 'meter' and amount_cents > 0)::int as meter from invoice_lines`);
		expect(kinds.fee).toBeGreaterThan(50);
		expect(kinds.meter).toBeGreaterThan(5);
		// Every demo customer can receive an electronic invoice: no draft is blocked.
		for (const made of run.invoices) expect((await getInvoice(actor, made.id)).problems).toEqual([]);

		const issued = await issueInvoice(actor, run.invoices[0].id, {});
		const { xml } = await invoiceXml(actor, issued.id);
		expect(await validateFatturaPa(xml)).toEqual([]);
		// Preparing again the same day finds nothing left.
		expect((await prepareDueInvoices({})).invoices).toEqual([]);
	});

	it('changes nothing when run again', async () => {
		const before = await fingerprint(fresh.db);
		const first = await rows<{ n: number }>(fresh.db, sql`select count(*)::int as n from sites`);
		const again = await seedDemoCompany(fresh.db);
		expect(again.created).toBe(false);
		expect(again.added).toBe(0);
		expect(again.counts).toMatchObject({ users: 30, technicians: 25, customers: 300, sites: first[0].n, equipment: 900 });
		expect(await fingerprint(fresh.db)).toBe(before);
	});

	it('changes nothing when run again weeks later: ids do not depend on the date', async () => {
		const before = await fingerprint(fresh.db);
		const later = await seedDemoCompany(fresh.db, { today: today().add({ days: 45 }).toString() });
		expect(later.added).toBe(0);
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

describe('large-scale seed (run here with small numbers)', () => {
	let fresh: Awaited<ReturnType<typeof freshDatabase>>;
	beforeAll(async () => {
		fresh = await freshDatabase();
	});
	afterAll(async () => {
		await fresh.close();
	});
	const small = { units: 1500, readings: 12_345 };

	it('refuses a database without the demo company, writing nothing', async () => {
		await expect(seedLargeScale(sqlClient(), buildDemoPlan(), undefined, small)).rejects.toThrow(LargeSeedRefusedError);
		const [n] = await rows<{ units: number; meta: number }>(
			fresh.db,
			sql`select (select count(*)::int from equipment) as units, (select count(*)::int from app_meta) as meta`
		);
		expect(n).toEqual({ units: 0, meta: 0 });
	});

	it('adds the units and exactly the readings asked for, with COPY, reporting progress, once', async () => {
		const demo = await seedDemoCompany(fresh.db);
		const lines: string[] = [];
		const result = await seedLargeScale(sqlClient(), buildDemoPlan(), (line) => lines.push(line), small);
		expect(result).toMatchObject({ created: true, units: small.units, readings: small.readings });
		expect(lines.filter((l) => /readings +\d+%/.test(l))).toHaveLength(10);
		expect(lines.some((l) => l.includes('100%'))).toBe(true);

		const [counts] = await rows<{ units: number; meters: number; readings: number; marker: string }>(
			fresh.db,
			sql`select (select count(*)::int from equipment) as units, (select count(*)::int from meters) as meters,
				(select count(*)::int from meter_readings) as readings, (select value from app_meta where key = 'seed-large') as marker`
		);
		expect(counts).toEqual({
			units: demo.counts.equipment + small.units,
			meters: demo.counts.meters + result.meters,
			readings: demo.counts.meterReadings + small.readings,
			marker: 'large-v1'
		});

		const [checks] = await rows<{ bad_key: number; not_one_open: number; wrong_meters: number; decreasing: number; future: number; before_install: number; no_readings: number }>(
			fresh.db,
			sql`with added as (select * from equipment where created_at = (select max(created_at) from equipment)),
				ordered as (select r.value, r.read_at, lag(r.value) over (partition by r.meter_id order by r.read_at) as previous, e.install_date
					from meter_readings r join meters m on m.id = r.meter_id join added e on e.id = m.equipment_id)
				select (select count(*)::int from added where serial_key <> upper(regexp_replace(serial_number, '[\\s\\-_./]', '', 'g'))) as bad_key,
					(select count(*)::int from added e where (select count(*) from equipment_site_history h where h.equipment_id = e.id and h.to_at is null) <> 1) as not_one_open,
					(select count(*)::int from added e join equipment_models md on md.id = e.model_id
						where (select count(*) from meters m where m.equipment_id = e.id) <> cardinality(md.meter_types)) as wrong_meters,
					(select count(*)::int from ordered where value < previous) as decreasing,
					(select count(*)::int from ordered where read_at > now()) as future,
					(select count(*)::int from ordered where (read_at at time zone 'Europe/Rome')::date < install_date) as before_install,
					(select count(*)::int from meters m join added e on e.id = m.equipment_id
						where not exists (select 1 from meter_readings r where r.meter_id = m.id)) as no_readings`
		);
		expect(checks).toEqual({ bad_key: 0, not_one_open: 0, wrong_meters: 0, decreasing: 0, future: 0, before_install: 0, no_readings: 0 });

		const before = await fingerprint(fresh.db);
		const again = await seedLargeScale(sqlClient(), buildDemoPlan(), undefined, small);
		expect(again.created).toBe(false);
		expect(await fingerprint(fresh.db)).toBe(before);
		// The demo seed still recognises its database and adds nothing.
		expect((await seedDemoCompany(fresh.db)).added).toBe(0);
	});
});
