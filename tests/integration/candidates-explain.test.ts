import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTechnicians } from '../../scripts/bench/nearest-data';
import { nearestHomeSql, nearestLiveSql, type NearestQuery } from '../../src/lib/server/candidates/candidates.queries';
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

async function plan(query: ReturnType<typeof nearestLiveSql>): Promise<string> {
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
		it(`live positions, ${name}: KNN on the GiST index, stops early`, async () => {
			const q = { ...base, ...change, areaId: change.areaId ? areaId : null };
			const text = await plan(nearestLiveSql(q));
			expect(text).toMatch(/Index Scan using technician_positions_location_geog_idx on technician_positions/);
			expect(text).toMatch(/Order By: \(\(location\)::geography <-> /);
			expect(text).not.toMatch(/Seq Scan on technician_positions/);
			expect(text).not.toMatch(/Sort Key: [^\n]*<->/);
			expect(rowsScanned(text, 'technician_positions_location_geog_idx')).toBeLessThan(SCALE / 4);
		});
		it(`home bases, ${name}: KNN on the GiST index, stops early`, async () => {
			const q = { ...base, ...change, areaId: change.areaId ? areaId : null };
			const text = await plan(nearestHomeSql(q));
			expect(text).toMatch(/Index Scan using technicians_home_base_geog_idx on technicians/);
			expect(text).toMatch(/Order By: \(\(home_base\)::geography <-> /);
			expect(text).not.toMatch(/Seq Scan on technicians/);
			expect(text).not.toMatch(/Sort Key: [^\n]*<->/);
			expect(rowsScanned(text, 'technicians_home_base_geog_idx')).toBeLessThan(SCALE / 4);
		});
	}
});
