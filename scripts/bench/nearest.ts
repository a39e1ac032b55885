/**
 * npm run bench:nearest — candidates for random calls at 10k and 100k technicians (20 skills,
 * fresh and stale positions, weekday shifts), with BENCH_CALLS historical calls (default 1M) and
 * BENCH_ASSIGNMENTS assignments on the day (default 50k), generated with generate_series in a
 * scratch database (quadro_test_bench_nearest, dropped at the end).
 *
 * For each size, p50/p95 of:
 *   candidates   the whole service call (call lookup, nearest with plan facts, windows, score, reasons)
 *                for random open calls in intake's mix (80% one skill, 10% none, 10% two)
 *   nearest      only its nearest-first stage (the KNN statement the GiST indexes serve), on calls needing 0-1 skill
 *   baseline     load every technician (position, home, skills) and rank in JavaScript with haversine
 *   no GiST      the nearest stage's same SQL with the two GiST indexes dropped (inside a rolled-back transaction)
 * Targets: candidates p95 < 10 ms at 10k, < 25 ms at 100k. Ends with one line:
 *   bench nearest: ...
 * Env: BENCH_SCALES=10000,100000  BENCH_CALLS=1000000  BENCH_ASSIGNMENTS=50000  BENCH_SAMPLES=400
 */
import { sql } from 'drizzle-orm';
import { dropDatabase, ensureDatabase, withDatabase } from '../lib/databases';
import { applyMigrations } from '../lib/migrate';
import { haversineMeters } from '../../src/lib/domain/travel-estimate';
import { candidatesForCall, forgetSkillShares, requiredSkillsOf } from '../../src/lib/server/candidates/candidates.service';
import { findCallForCandidates, nearestTechnicians } from '../../src/lib/server/candidates/candidates.queries';
import { resetConfig } from '../../src/lib/server/config';
import { closeDatabase, db, type Db } from '../../src/lib/server/db/client';
import { GreatCircleTravelTimes } from '../../src/lib/server/routing';
import { generateAssignments, generateCalls, generateTechnicians } from './nearest-data';

const SCALES = (process.env.BENCH_SCALES ?? '10000,100000').split(',').map(Number);
const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const ASSIGNMENTS = Number(process.env.BENCH_ASSIGNMENTS ?? 50_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const SLOW_SAMPLES = 25;
// Every pooled connection sees every statement shape (both paths) before timing: a backend's first
// use of a table or of geography costs milliseconds once, which a long-running server has long paid.
const WARMUP = 60;
const DAY = '2026-12-07';
const AT = `${DAY}T09:30:00+01:00`;
const STALE_MINUTES = 15;
const TARGETS: Record<number, number> = { 10000: 10, 100000: 25 };
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro';
const URL_ = withDatabase(BASE_URL, 'quadro_test_bench_nearest');
const actor = { id: '00000000-0000-7000-8000-000000000001', role: 'dispatcher' as const };

let seed = 0x5eed;
function rand(): number {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
async function time<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<number[]> {
	const ms: number[] = [];
	for (const item of items) {
		const t0 = performance.now();
		await run(item);
		ms.push(performance.now() - t0);
	}
	return ms;
}
const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** The baseline: every technician into the process, ranked in JavaScript (same filters, same two sources). */
async function baselineRank(database: Db, call: { lat: number; lng: number; requiredSkills: string[] }, limit: number) {
	const rows = await database.execute<{ id: string; active: boolean; hlat: number; hlng: number; plat: number | null; plng: number | null; recorded_at: string | null; skills: Array<{ code: string; level: number }> }>(sql`
		select t.id, t.active, st_y(t.home_base) as hlat, st_x(t.home_base) as hlng, st_y(p.location) as plat, st_x(p.location) as plng, p.recorded_at,
		       coalesce((select json_agg(json_build_object('code', s.skill_code, 'level', s.level)) from technician_skills s where s.technician_id = t.id), '[]') as skills
		from technicians t left join technician_positions p on p.technician_id = t.id`);
	const staleBefore = Date.now() - STALE_MINUTES * 60_000;
	const required = requiredSkillsOf(call.requiredSkills);
	return rows
		.filter((r) => r.active)
		.map((r) => {
			const fresh = r.recorded_at && Date.parse(r.recorded_at) >= staleBefore;
			const from = fresh ? { lat: Number(r.plat), lng: Number(r.plng) } : { lat: Number(r.hlat), lng: Number(r.hlng) };
			const missing = required.filter((q) => !r.skills.some((s) => s.code === q.code && s.level >= q.level)).length;
			return { id: r.id, missing, d: haversineMeters(from, call) };
		})
		.filter((r) => r.missing <= 1)
		.sort((a, b) => a.missing - b.missing || a.d - b.d || (a.id < b.id ? -1 : 1))
		.slice(0, limit);
}

async function main() {
	const started = performance.now();
	await dropDatabase(URL_).catch(() => {});
	await ensureDatabase(URL_);
	await applyMigrations(URL_);
	Object.assign(process.env, { DATABASE_URL: URL_, LOG_LEVEL: 'silent' });
	resetConfig();
	const database = db();
	let t0 = performance.now();
	await generateCalls(database, { calls: CALLS, assignments: ASSIGNMENTS, day: DAY });
	// A production database has long been vacuumed; without this, autovacuum wakes up for the
	// million new rows in the middle of the first measurement and competes for the two cores.
	await database.execute(sql.raw('vacuum analyze customers, sites, calls'));
	await database.execute(sql.raw('checkpoint'));
	console.log(`generated ${CALLS.toLocaleString('it-IT')} calls at 1,000 sites in ${secs(t0)} (vacuumed)`);
	await database.execute(sql`insert into app_meta (key, value) values ('positions.stale_minutes', ${String(STALE_MINUTES)}) on conflict (key) do update set value = excluded.value`);

	const results: Array<{ techs: number; p50: number; p95: number; n50: number; n95: number; b50: number; b95: number; x50: number; x95: number; t50: number; t95: number }> = [];
	try {
		for (const n of SCALES) {
			await database.execute(sql.raw('truncate technicians cascade'));
			await database.execute(sql.raw("delete from skills where code like 'b%'"));
			t0 = performance.now();
			await generateTechnicians(database, n);
			await generateAssignments(database, { technicians: n, assignments: Math.min(ASSIGNMENTS, CALLS), day: DAY });
			await database.execute(sql.raw('vacuum analyze technicians, technician_positions, technician_skills, technician_shifts, assignments'));
			await database.execute(sql.raw('checkpoint'));
			// Every technician was just replaced: the path choice must see this size, not the last one.
			forgetSkillShares();
			// Let the kernel finish writing the bulk load back before timing reads.
			await new Promise((resolve) => setTimeout(resolve, 3000));
			const [counts] = await database.execute<{ fresh: number; stale: number; a: number }>(sql`
				select count(*) filter (where recorded_at >= now() - interval '15 minutes')::int as fresh, count(*) filter (where recorded_at < now() - interval '15 minutes')::int as stale,
				       (select count(*)::int from assignments) as a from technician_positions`);
			console.log(`\n${n.toLocaleString('it-IT')} technicians (${counts.fresh} fresh, ${counts.stale} stale positions), ${counts.a} assignments on ${DAY}: generated in ${secs(t0)}`);

			const open = await database.execute<{ id: string; n: number }>(sql`select id, cardinality(required_skills) as n from calls where status = 'new' order by seq limit 20000`);
			const pickFrom = (list: Array<{ id: string }>, k: number) => [...new Set(Array.from({ length: k }, () => list[Math.floor(rand() * list.length)].id))];
			const calls = new Map<string, NonNullable<Awaited<ReturnType<typeof findCallForCandidates>>>>();
			// Random open calls in intake's mix of skill counts (two-skill calls included: they are
			// the slow case for a nearest-first scan, which the filter-first path is there for).
			const ids = pickFrom(open, SAMPLES + WARMUP);
			const twoSkillIds = pickFrom(open.filter((c) => Number(c.n) === 2), SLOW_SAMPLES);
			for (const id of [...ids, ...twoSkillIds]) calls.set(id, (await findCallForCandidates(database, id))!);
			const travel = new GreatCircleTravelTimes();
			const query = { order: 'score', limit: '10', at: AT };
			const nearestQuery = (id: string) => {
				const c = calls.get(id)!;
				return { lat: c.lat, lng: c.lng, skills: requiredSkillsOf(c.requiredSkills), missing: 0 as const, areaId: null, staleBefore: new Date(Date.now() - STALE_MINUTES * 60_000), limit: 30 };
			};

			for (const id of ids.slice(0, WARMUP)) await candidatesForCall(actor, id, query, { travel });
			const timed = ids.slice(WARMUP);
			const full = await time(timed, (id) => candidatesForCall(actor, id, query, { travel }));
			// The KNN stage alone, on the calls that take the KNN path (0-1 skill): the GiST comparison.
			const knnCalls = timed.filter((id) => calls.get(id)!.requiredSkills.length <= 1);
			const nearest = await time(knnCalls, (id) => nearestTechnicians(database, nearestQuery(id)));
			const twoSkills = await time(twoSkillIds, (id) => candidatesForCall(actor, id, query, { travel }));
			const slow = knnCalls.slice(0, SLOW_SAMPLES);
			const baseline = await time(slow, (id) => baselineRank(database, calls.get(id)!, 30));

			// Agreement check: the baseline's top 10 equals ours (order=distance) on a few calls.
			for (const id of slow.slice(0, 5)) {
				const ours = (await candidatesForCall(actor, id, { order: 'distance', limit: '10', at: AT }, { travel })).map((c) => c.technicianId);
				const theirs = (await baselineRank(database, calls.get(id)!, 10)).map((r) => r.id);
				if (ours.join() !== theirs.join()) console.warn(`  note: baseline and candidates differ for call ${id} (positions aged between the two reads?)`);
			}

			let noIndex: number[] = [];
			await database
				.transaction(async (tx) => {
					await tx.execute(sql.raw('drop index technician_positions_location_geog_idx; drop index technicians_home_base_geog_idx'));
					noIndex = await time(slow, (id) => nearestTechnicians(tx, nearestQuery(id)));
					tx.rollback();
				})
				.catch((e) => {
					if (!String(e).includes('Rollback')) throw e;
				});

			const r = {
				techs: n,
				p50: percentile(full, 50),
				p95: percentile(full, 95),
				n50: percentile(nearest, 50),
				n95: percentile(nearest, 95),
				b50: percentile(baseline, 50),
				b95: percentile(baseline, 95),
				x50: percentile(noIndex, 50),
				x95: percentile(noIndex, 95),
				t50: percentile(twoSkills, 50),
				t95: percentile(twoSkills, 95)
			};
			results.push(r);
			const target = TARGETS[n];
			console.log(`  samples: ${timed.length} random open calls, skills as intake sets them (${WARMUP} warm-up); baseline, no-GiST and two-skill calls: ${slow.length}`);
			const line = (label: string, p50: number, p95: number, extra = '') => console.log(`  ${label.padEnd(40)} ${p50.toFixed(2).padStart(8)} ${p95.toFixed(2).padStart(9)}${extra ? `   ${extra}` : ''}`);
			console.log(`  ${'measure'.padEnd(40)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(9)}`);
			line('candidates (whole service)', r.p50, r.p95, target ? `target p95 < ${target} ms: ${r.p95 < target ? 'met' : 'MISSED'}` : '');
			line('nearest stage (KNN, GiST, 0-1 skill)', r.n50, r.n95);
			line('baseline: load all + JS rank', r.b50, r.b95, `ratio p95 baseline/candidates: ${(r.b95 / r.p95).toFixed(1)}x`);
			line('candidates, only calls needing 2 skills', r.t50, r.t95, '(rare combinations; path chosen by cost)');
			line('nearest stage without GiST', r.x50, r.x95, `ratio p95 no-GiST/GiST: ${(r.x95 / r.n95).toFixed(1)}x`);
		}
	} finally {
		await closeDatabase();
		if (!process.argv.includes('--keep')) await dropDatabase(URL_);
	}
	console.log(`\ntotal ${secs(started)}; calls=${CALLS} assignments=${ASSIGNMENTS}`);
	const kv = results
		.map((r) => {
			const k = r.techs >= 1000 ? `${r.techs / 1000}k` : String(r.techs);
			return `p50_ms_${k}=${r.p50.toFixed(2)} p95_ms_${k}=${r.p95.toFixed(2)} baseline_p95_ms_${k}=${r.b95.toFixed(1)} noindex_p95_ms_${k}=${r.x95.toFixed(1)} ratio_${k}=${(r.b95 / r.p95).toFixed(1)} two_skill_p95_ms_${k}=${r.t95.toFixed(1)}`;
		})
		.join(' ');
	console.log(`bench nearest: techs=${results.map((r) => r.techs).join(',')} calls=${CALLS} assignments=${ASSIGNMENTS} ${kv}`);
}

await main();

