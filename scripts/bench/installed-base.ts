/**
 * npm run bench:installed-base — the installed base at 100,000 units: serial lookup and the
 * filtered equipment list (search + province + category, page 1 with its total), timed through
 * the equipment module's own query functions, p50/p95 over random samples. The baseline is the
 * same queries in the same run on connections where PostgreSQL may not use indexes
 * (enable_indexscan, enable_indexonlyscan, enable_bitmapscan off), i.e. "without our indexes".
 *
 * Uses DATABASE_URL when it already holds >= 100k units; otherwise generates them in a scratch
 * database quadro_test_bench (migrated like any other), which is dropped at the end.
 * Ends with: bench installed-base: units=... serial_p50_ms=... serial_p95_ms=... list_p50_ms=...
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { adminConnection, dropDatabase, withDatabase } from '../lib/databases';
import { applyMigrations } from '../lib/migrate';
import { serialKey } from '../../src/lib/domain/serial';
import { createDatabase, type Database } from '../../src/lib/server/db/client';
import * as schema from '../../src/lib/server/db/schema';
import {
	findUnitsBySerialKey,
	findUnitsBySerialKeyQuery,
	listUnitsPage,
	listUnitsWithTotalQuery,
	resolveListFilter,
	type ListFilter
} from '../../src/lib/server/equipment/equipment.queries';

const TARGET_UNITS = 100_000;
const CUSTOMERS = 2_000;
const EXTRA_SITES = 500;
const SAMPLES = 300;
const WARMUP = 30;
const SCRATCH = 'quadro_test_bench';
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro';
/** --keep: leave the scratch database for inspection, and reuse it on the next run (development only). */
const KEEP = process.argv.includes('--keep');

// ---------------------------------------------------------------- deterministic randomness
let seed = 0x5eed1234;
function rand(): number {
	// mulberry32: fixed seed, so every run benchmarks the same data and samples.
	seed = (seed + 0x6d2b79f5) | 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const randomChars = (n: number) => Array.from({ length: n }, () => ALNUM[Math.floor(rand() * ALNUM.length)]).join('');

function uuid(): string {
	const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------- data generation
const MODELS: Array<{ brand: string; model: string; category: string; prefix: string }> = [
	...['MP 2014', 'IM 2702', 'IM C3000', 'IM C4500', 'MP C2004', 'SP 5300'].map((model, i) => ({ brand: 'Ricoh', model, category: i % 2 ? 'copier_colour' : 'copier_mono', prefix: 'E' })),
	...['iR 2625', 'iR-ADV C3226i', 'iR-ADV C5535', 'i-SENSYS LBP233'].map((model, i) => ({ brand: 'Canon', model, category: i === 3 ? 'printer' : i ? 'copier_colour' : 'copier_mono', prefix: 'QX' })),
	...['TASKalfa 2554ci', 'ECOSYS M2540', 'TASKalfa 4053ci'].map((model, i) => ({ brand: 'Kyocera', model, category: i === 1 ? 'printer' : 'copier_colour', prefix: 'R4' })),
	...['bizhub C250i', 'bizhub 4050i'].map((model, i) => ({ brand: 'Konica Minolta', model, category: i ? 'copier_mono' : 'copier_colour', prefix: 'A7' })),
	...['LaserJet M507', 'Color LaserJet M554'].map((model) => ({ brand: 'HP', model, category: 'printer', prefix: 'CN' })),
	...['FTXM35R', 'RXM50R', 'VRV IV'].map((model) => ({ brand: 'Daikin', model, category: 'hvac', prefix: 'DK' })),
	...['Multi V 5', 'Therma V'].map((model) => ({ brand: 'LG', model, category: 'hvac', prefix: 'LG' })),
	...['3300', '5500', '6300'].map((model) => ({ brand: 'Schindler', model, category: 'lift', prefix: 'SC' })),
	...['Gen2', 'Gen360'].map((model) => ({ brand: 'Otis', model, category: 'lift', prefix: 'OT' })),
	...['Cassaforte DX', 'Tornello T2'].map((model) => ({ brand: 'Gunnebo', model, category: 'other', prefix: 'GB' }))
];
const NAME_A = ['Studio', 'Officine', 'Farmacia', 'Hotel', 'Condominio', 'Scuola', 'Ristorante', 'Clinica', 'Banca', 'Agenzia', 'Istituto', 'Ferramenta', 'Autofficina', 'Panificio', 'Tipografia'];
const NAME_B = ['Rossi', 'Bianchi', 'Ferrari', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso'];
const NAME_C = ['S.r.l.', 'S.p.A.', 'S.n.c.', '& Figli', 'Associati', 'S.a.s.'];

type Comune = { istat: string; name: string; province: string; region_code: string; lng: number; lat: number; population: number };

async function generate(url: string): Promise<void> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const comuni = await sql<Comune[]>`
			select istat, name, province, region_code, st_x(location) as lng, st_y(location) as lat, population
			from comuni order by population desc limit 1500`;
		// Sites cluster where people live: weight comuni by population (square root, so towns appear too).
		const weights = comuni.map((c) => Math.sqrt(Math.max(c.population, 1)));
		const totalWeight = weights.reduce((a, b) => a + b, 0);
		const pickComune = () => {
			let r = rand() * totalWeight;
			for (let i = 0; i < comuni.length; i++) if ((r -= weights[i]) <= 0) return comuni[i];
			return comuni[comuni.length - 1];
		};

		const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
			id: uuid(),
			code: `B${String(i + 1).padStart(5, '0')}`,
			business_name: `${pick(NAME_A)} ${pick(NAME_B)} ${pick(NAME_C)}`,
			address: `Via ${pick(NAME_B)} ${int(1, 200)}`
		}));
		const siteRows = [...customers.map((c) => ({ c, n: 1 })), ...Array.from({ length: EXTRA_SITES }, () => ({ c: pick(customers), n: 2 }))].map(({ c, n }) => {
			const comune = pickComune();
			return {
				id: uuid(),
				customer_id: c.id,
				name: n === 1 ? 'Sede' : `Filiale ${comune.name}`,
				address: `Via ${pick(NAME_B)} ${int(1, 200)}`,
				comune_istat: comune.istat,
				comune_name: comune.name,
				province: comune.province,
				region_code: comune.region_code,
				location: `SRID=4326;POINT(${comune.lng} ${comune.lat})`
			};
		});
		const models = MODELS.map((m) => ({ id: uuid(), brand: m.brand, model: m.model, category: m.category, prefix: m.prefix }));

		await sql`insert into customers ${sql(customers)}`;
		for (let i = 0; i < siteRows.length; i += 2000) await sql`insert into sites ${sql(siteRows.slice(i, i + 2000))}`;
		await sql`insert into equipment_models ${sql(models.map(({ prefix: _p, ...m }) => m))}`;

		// A few big sites hold many units (a head office's fleet), most hold a handful.
		const siteWeights = siteRows.map(() => 1 / (0.2 + rand()) ** 1.5);
		const siteTotal = siteWeights.reduce((a, b) => a + b, 0);
		const cumulative: number[] = [];
		siteWeights.reduce((acc, w, i) => (cumulative[i] = acc + w), 0);
		const pickSite = () => {
			const r = rand() * siteTotal;
			let lo = 0;
			let hi = cumulative.length - 1;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (cumulative[mid] < r) lo = mid + 1;
				else hi = mid;
			}
			return siteRows[lo];
		};
		const statuses = ['active', 'active', 'active', 'active', 'active', 'active', 'under_repair', 'standby', 'decommissioned'];
		const used = new Set<string>();
		const batch: Record<string, unknown>[] = [];
		let written = 0;
		const flush = async () => {
			if (batch.length) await sql`insert into equipment ${sql(batch)}`;
			written += batch.length;
			batch.length = 0;
		};
		while (written + batch.length < TARGET_UNITS) {
			const model = pick(models);
			const serial = `${model.prefix}${randomChars(int(7, 11))}`;
			const key = serialKey(serial);
			if (used.has(model.brand + key)) continue;
			used.add(model.brand + key);
			const site = pickSite();
			const year = int(2012, 2025);
			batch.push({
				id: uuid(),
				model_id: model.id,
				brand: model.brand,
				serial_number: serial,
				serial_key: key,
				site_id: site.id,
				status: pick(statuses),
				install_date: `${year}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
				warranty_end: `${year + 2}-12-31`
			});
			if (batch.length === 4000) await flush();
		}
		await flush();
		await sql`analyze`;
	} finally {
		await sql.end();
	}
}

// ---------------------------------------------------------------- measuring
type Sample = { serial: string; filter: ListFilter };

async function buildSamples(url: string): Promise<Sample[]> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const units = await sql<Array<{ serial_number: string; brand: string; model: string; category: string; province: string; business_name: string }>>`
			select e.serial_number, m.brand, m.model, m.category::text as category, s.province, c.business_name
			from equipment e tablesample bernoulli (2) repeatable (42)
			join equipment_models m on m.id = e.model_id
			join sites s on s.id = e.site_id
			join customers c on c.id = s.customer_id
			limit ${SAMPLES + WARMUP}`;
		return units.map((u, i) => {
			// The lookup is typed as people type it: lower case, with a dash or spaces.
			const key = serialKey(u.serial_number);
			const messy = i % 3 === 0 ? key.toLowerCase() : i % 3 === 1 ? `${key.slice(0, 3)}-${key.slice(3)}` : `${key.slice(0, 4)} ${key.slice(4)}`;
			// Searches people make: a piece of serial, a customer's name, a brand, a model.
			const kind = i % 5;
			const start = int(0, Math.max(0, key.length - 5));
			const q =
				kind <= 1
					? key.slice(start, start + 5)
					: kind === 2
						? u.business_name.split(' ')[1]
						: kind === 3
							? u.brand.toLowerCase()
							: u.model.split(' ').pop()!;
			return { serial: messy, filter: { q, province: u.province, category: u.category as ListFilter['category'] } };
		});
	} finally {
		await sql.end();
	}
}

async function lookup(db: Database, raw: string): Promise<number> {
	return (await findUnitsBySerialKey(db, serialKey(raw))).length;
}

/** Page 1 with its total, exactly as the list service asks for it. */
async function listPage(db: Database, filter: ListFilter): Promise<number> {
	return (await listUnitsPage(db, filter, { limit: 25, offset: 0 })).items.length;
}

async function time<T>(samples: T[], run: (s: T) => Promise<number>): Promise<{ ms: number[]; hits: number }> {
	const ms: number[] = [];
	let hits = 0;
	for (const s of samples) {
		const t0 = performance.now();
		const n = await run(s);
		ms.push(performance.now() - t0);
		if (n > 0) hits++;
	}
	return { ms, hits };
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[idx];
}

const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));

async function explain(url: string, label: string, query: { toSQL(): { sql: string; params: unknown[] } }, settings = ''): Promise<string> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		if (settings) await sql.unsafe(settings);
		const { sql: text, params } = query.toSQL();
		const rows = await sql.unsafe(`explain (analyze, buffers, costs off) ${text}`, params as never[]);
		// Id arrays are long and say nothing: show how many ids they hold.
		const lines = rows.map((r) => String(r['QUERY PLAN']).replace(/'\{([0-9a-f-]{36},?)+\}'::uuid\[\]/g, (m) => `'{${m.split(',').length} ids}'::uuid[]`));
		return `--- ${label}\n${lines.filter((l) => !/^\s*Buffers:/.test(l)).join('\n')}`;
	} finally {
		await sql.end();
	}
}

async function main(): Promise<void> {
	const units = await countUnitsAt(BASE_URL);

	let url = BASE_URL;
	let scratch = false;
	let reuse = false;
	if (units < TARGET_UNITS) {
		scratch = true;
		url = withDatabase(BASE_URL, SCRATCH);
		reuse = KEEP && (await countUnitsAt(url)) >= TARGET_UNITS;
		if (reuse) console.log(`reusing the kept scratch database ${SCRATCH}`);
	}
	if (scratch && !reuse) {
		console.log(`${units} units in ${new URL(BASE_URL).pathname.slice(1)}: generating ${TARGET_UNITS} in scratch database ${SCRATCH}`);
		await dropDatabase(url);
		const admin = adminConnection(BASE_URL);
		try {
			await admin`create database ${admin(SCRATCH)}`;
		} finally {
			await admin.end();
		}
		const t0 = performance.now();
		await applyMigrations(url);
		await generate(url);
		console.log(`generated ${TARGET_UNITS} units, ${CUSTOMERS} customers, ${CUSTOMERS + EXTRA_SITES} sites, ${MODELS.length} models in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	}

	try {
		const samples = await buildSamples(url);
		const total = await countUnitsAt(url);
		const warm = samples.slice(0, WARMUP);
		const timed = samples.slice(WARMUP);

		const ours = createDatabase(url, 4);
		// Same queries, same data, but the planner may not use any index: the "without indexes" baseline.
		const baselineSql = postgres(url, {
			max: 4,
			onnotice: () => {},
			connection: { enable_indexscan: 'off', enable_indexonlyscan: 'off', enable_bitmapscan: 'off', application_name: 'quadro-bench-baseline' }
		});
		const baseline = drizzle(baselineSql, { schema, casing: 'snake_case' });

		try {
			for (const s of warm) {
				await lookup(ours.db, s.serial);
				await listPage(ours.db, s.filter);
				await lookup(baseline, s.serial);
				await listPage(baseline, s.filter);
			}
			const serial = await time(timed, (s) => lookup(ours.db, s.serial));
			const list = await time(timed, (s) => listPage(ours.db, s.filter));
			const baseSerial = await time(timed, (s) => lookup(baseline, s.serial));
			const baseList = await time(timed, (s) => listPage(baseline, s.filter));
			if (serial.hits !== timed.length) throw new Error(`serial lookup found ${serial.hits} of ${timed.length} units`);
			if (baseSerial.hits !== serial.hits || baseList.hits !== list.hits) throw new Error('baseline and indexed queries disagree');

			const example = timed[0];
			const serialExample = await explain(url, `serial lookup (${serialKey(example.serial)})`, findUnitsBySerialKeyQuery(ours.db, serialKey(example.serial)));
			const textSearch = timed.find((s, i) => i % 5 === 2) ?? example;
			const plans = [
				serialExample,
				await explain(url, `list page 1 + total ${JSON.stringify(example.filter)}`, listUnitsWithTotalQuery(ours.db, await resolveListFilter(ours.db, example.filter), { limit: 25, offset: 0 })),
				await explain(url, `list page 1 + total ${JSON.stringify(textSearch.filter)}`, listUnitsWithTotalQuery(ours.db, await resolveListFilter(ours.db, textSearch.filter), { limit: 25, offset: 0 })),
				await explain(
					url,
					`baseline serial lookup`,
					findUnitsBySerialKeyQuery(ours.db, serialKey(example.serial)),
					'set enable_indexscan = off; set enable_indexonlyscan = off; set enable_bitmapscan = off'
				)
			];
			console.log('\nEXPLAIN ANALYZE (one sample each)\n' + plans.join('\n\n'));

			const row = (name: string, r: { ms: number[] }, b: { ms: number[] }, target: number) => {
				const p50 = percentile(r.ms, 50);
				const p95 = percentile(r.ms, 95);
				const bp50 = percentile(b.ms, 50);
				const bp95 = percentile(b.ms, 95);
				return { name, p50, p95, bp50, bp95, ratio: bp95 / p95, target, ok: p95 < target };
			};
			const rows = [row('serial lookup', serial, baseSerial, 5), row('filtered list, page 1 + total', list, baseList, 50)];
			const listHits = list.hits;
			console.log(`\n${total} units; ${timed.length} random samples per query (${WARMUP} warm-up); list samples with results: ${listHits}/${timed.length}`);
			console.log('query                          |   p50 ms |   p95 ms | target p95 | baseline p50 | baseline p95 | ratio p95');
			console.log('-------------------------------|----------|----------|------------|--------------|--------------|----------');
			for (const r of rows) {
				console.log(
					`${r.name.padEnd(31)}| ${fmt(r.p50).padStart(8)} | ${fmt(r.p95).padStart(8)} | ${(`< ${r.target}` + (r.ok ? ' ok' : ' MISS')).padStart(10)} | ${fmt(r.bp50).padStart(12)} | ${fmt(r.bp95).padStart(12)} | ${r.ratio.toFixed(1).padStart(9)}`
				);
			}
			const [s, l] = rows;
			console.log(
				`bench installed-base: units=${total} serial_p50_ms=${fmt(s.p50)} serial_p95_ms=${fmt(s.p95)} list_p50_ms=${fmt(l.p50)} list_p95_ms=${fmt(l.p95)} baseline_serial_p95_ms=${fmt(s.bp95)} baseline_list_p95_ms=${fmt(l.bp95)} ratio_serial=${s.ratio.toFixed(1)} ratio_list=${l.ratio.toFixed(1)}`
			);
		} finally {
			await ours.sql.end();
			await baselineSql.end();
		}
	} finally {
		if (scratch && !KEEP) await dropDatabase(url);
	}
}

async function countUnitsAt(url: string): Promise<number> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const [row] = await sql<Array<{ n: number }>>`select (case when to_regclass('public.equipment') is null then 0 else (select count(*) from equipment) end)::int as n`;
		return row.n;
	} catch {
		return 0; // no such database yet
	} finally {
		await sql.end();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
