import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTechnicians } from '../../scripts/bench/nearest-data';
import { nearestSql, type NearestQuery } from '../../src/lib/server/candidates/candidates.queries';
import { insertBoxArea } from './candidates.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

// The nearest-first query must stay an index-ordered KNN scan at scale, whatever the filters:
// 20,000 technicians, 20 skills, fresh and stale positions, optional area.
const SCALE = 20_000;
let fresh: FreshDatabase;
let areaId: string;

beforeAll(async () => {
	fresh = await freshDatabase();
	await generateTechnicians(fresh.db, SCALE);
	areaId = await insertBoxArea(fresh.db, 'Nord', { lat: 44, lng: 7 }, { lat: 46.5, lng: 13 });
	await fresh.db.execute(sql.raw(`insert into technician_areas select id, '${areaId}' from technicians where st_y(home_base) > 44 and random() < 0.5`));
	await fresh.db.execute(sql.raw('analyze technician_areas'));
}, 120_000);
afterAll(async () => {
	await fresh?.close();
});

async function plan(query: ReturnType<typeof nearestSql>): Promise<string> {
	const rows = await fresh.db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, costs off, timing off) ${query}`);
	return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const base: NearestQuery = {
	lat: 45.4642,
	lng: 9.19,
	skills: [{ code: 'b03', level: 1 }],
	missing: 0,
	areaId: null,
	staleBefore: new Date(Date.now() - 15 * 60_000),
	limit: 30
};

/** Rows the KNN index scan produced before LIMIT stopped it. */
function rowsScanned(text: string, index: string): number {
	const lines = text.split('\n');
	const i = lines.findIndex((l) => l.includes(`Index Scan using ${index}`));
	const match = /actual rows=(\d+)/.exec(lines[i]);
	const removed = lines.slice(i + 1).find((l) => l.includes('Rows Removed by Filter'));
	return Number(match?.[1] ?? 0) + Number(/Rows Removed by Filter: (\d+)/.exec(removed ?? '')?.[1] ?? 0);
}

describe('nearest-first plans at scale', () => {
	const variants: Array<[string, Partial<NearestQuery>]> = [
		['one skill', {}],
		['two skills, missing one', { skills: [{ code: 'b03', level: 2 }, { code: 'b11', level: 1 }], missing: 1 }],
		['no skill', { skills: [] }],
		['skill and area', { areaId: 'AREA' }]
	];
	for (const [name, change] of variants) {
		it(`${name}: one statement, a Merge Append of the two KNN scans on their GiST indexes, stopping early`, async () => {
			const q = { ...base, ...change, areaId: change.areaId ? areaId : null };
			const text = await plan(nearestSql(q));
			expect(text).toMatch(/Merge Append/);
			expect(text).toMatch(/Index Scan using technician_positions_location_geog_idx on technician_positions/);
			expect(text).toMatch(/Order By: \(\(location\)::geography <-> /);
			expect(text).toMatch(/Index Scan using technicians_home_base_geog_idx on technicians/);
			expect(text).toMatch(/Order By: \(\(home_base\)::geography <-> /);
			expect(text).not.toMatch(/Seq Scan on technician(s|_positions) /);
			// Merge Append itself names its sort key; what must not appear is a Sort node doing the ordering.
			expect(text).not.toMatch(/->  Sort[^\n]*\n\s*Sort Key: [^\n]*(<->|distance)/);
			expect(text).not.toMatch(/^Sort|^Limit[^\n]*\n\s*->  Sort/);
			const scanned = rowsScanned(text, 'technician_positions_location_geog_idx') + rowsScanned(text, 'technicians_home_base_geog_idx');
			expect(scanned).toBeLessThan(SCALE / 4);
		});
	}

	it('with the plan facts: they are read only for the rows returned', async () => {
		const plan_ = { day: '2026-12-07', weekday: 1, dayStart: new Date('2026-12-06T23:00:00Z'), dayEnd: new Date('2026-12-07T23:00:00Z'), excludeCallId: '00000000-0000-7000-8000-000000000000' };
		const text = await plan(nearestSql({ ...base, plan: plan_ }));
		expect(text).toMatch(/Merge Append/);
		expect(text).not.toMatch(/Seq Scan/);
		// Every shifts lookup runs once per returned row of its source: at most limit + 1 each.
		const loops = [...text.matchAll(/Scan (?:using \S+ )?on technician_shifts sh\S* \(actual[^\n]*loops=(\d+)/g)].map((m) => Number(m[1]));
		expect(loops.length).toBe(2);
		for (const n of loops) expect(n).toBeLessThanOrEqual(base.limit + 1);
	});
});
