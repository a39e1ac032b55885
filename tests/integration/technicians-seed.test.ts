import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIstatAreas } from '../../src/lib/server/reference/istat-areas';
import { seedTechnicianPlans, type PlanTechnician } from '../../src/lib/server/seed/seed-technician-plans';
import { insertTechnician } from './candidates.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
const techs: PlanTechnician[] = [];

beforeAll(async () => {
	fresh = await freshDatabase();
	await loadIstatAreas(fresh.db);
	const homes = [
		{ code: 'T01', comune: 'Milano', lat: 45.466, lng: 9.19 },
		{ code: 'T04', comune: 'Torino', lat: 45.07, lng: 7.686 },
		{ code: 'T05', comune: 'Nowhere', lat: 45.4, lng: 11.9 }
	];
	for (const h of homes) {
		const id = await insertTechnician(fresh.db, { name: h.code, home: { lat: h.lat, lng: h.lng }, shifts: [] });
		techs.push({ id, code: h.code, homeComuneName: h.comune, homeBase: { lat: h.lat, lng: h.lng } });
	}
}, 60_000);
afterAll(async () => {
	await fresh?.close();
});

async function shifts(id: string) {
	return fresh.db.execute<{ weekday: number; s: string; e: string }>(
		sql`select weekday, to_char(starts_at, 'HH24:MI') as s, to_char(ends_at, 'HH24:MI') as e from technician_shifts where technician_id = ${id} order by weekday, starts_at`
	);
}
async function areaCodes(id: string) {
	const rows = await fresh.db.execute<{ code: string }>(sql`select a.kind || ':' || a.code as code from technician_areas ta join areas a on a.id = ta.area_id where ta.technician_id = ${id} order by 1`);
	return rows.map((r) => r.code);
}

describe('demo technicians plans', () => {
	it('weekday shifts with the lunch break, Saturday mornings for every fourth; region and province of home', async () => {
		await seedTechnicianPlans(fresh.db, techs);
		const t01 = await shifts(techs[0].id);
		expect(t01).toHaveLength(10);
		expect(t01.slice(0, 2).map((r) => [r.weekday, r.s, r.e])).toEqual([
			[1, '08:00', '12:30'],
			[1, '13:30', '17:30']
		]);
		expect((await shifts(techs[1].id)).at(-1)).toMatchObject({ weekday: 6, s: '08:00', e: '12:00' });
		expect(await areaCodes(techs[0].id)).toEqual(['province:MI', 'region:03']);
		expect(await areaCodes(techs[1].id)).toEqual(['province:TO', 'region:01']);
		expect(await areaCodes(techs[2].id)).toEqual([]);
	});

	it('a second run adds nothing', async () => {
		const count = async () => (await fresh.db.execute<{ n: number }>(sql`select (select count(*) from technician_shifts) + (select count(*) from technician_areas) as n`))[0].n;
		const before = Number(await count());
		await seedTechnicianPlans(fresh.db, techs);
		expect(Number(await count())).toBe(before);
	});
});
