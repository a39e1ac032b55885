import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSkills, insertTechnician } from './candidates.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

// technicians.skill_tokens and technician_positions.skill_tokens are derived by triggers from
// technician_skills (drizzle/0014); the nearest-first scan trusts them, so every write path counts.
let fresh: FreshDatabase;
beforeAll(async () => {
	fresh = await freshDatabase();
	await insertSkills(fresh.db, ['hvac', 'lift', 'copier']);
});
afterAll(async () => {
	await fresh?.close();
});

async function tokens(id: string): Promise<{ technician: string[]; position: string[] | null }> {
	const [t] = await fresh.db.execute<{ skill_tokens: string[] }>(sql`select skill_tokens from technicians where id = ${id}`);
	const [p] = await fresh.db.execute<{ skill_tokens: string[] }>(sql`select skill_tokens from technician_positions where technician_id = ${id}`);
	return { technician: t.skill_tokens, position: p?.skill_tokens ?? null };
}

const milano = { lat: 45.46, lng: 9.19 };

describe('skill tokens', () => {
	it('are "code:level" for every level up to the one held, on the technician and the position row', async () => {
		const id = await insertTechnician(fresh.db, { name: 'Anna', home: milano, skills: { hvac: 2, lift: 1 }, position: { ...milano, recordedAt: new Date() } });
		expect(await tokens(id)).toEqual({ technician: ['hvac:1', 'hvac:2', 'lift:1'], position: ['hvac:1', 'hvac:2', 'lift:1'] });
	});

	it('follow a level change, a new skill and a removed one, in one statement or several', async () => {
		const id = await insertTechnician(fresh.db, { name: 'Bruno', home: milano, skills: { hvac: 1 }, position: { ...milano, recordedAt: new Date() } });
		await fresh.db.execute(sql`update technician_skills set level = 3 where technician_id = ${id} and skill_code = 'hvac'`);
		expect((await tokens(id)).technician).toEqual(['hvac:1', 'hvac:2', 'hvac:3']);
		await fresh.db.execute(sql`insert into technician_skills (technician_id, skill_code, level) values (${id}, 'copier', 1), (${id}, 'lift', 2)`);
		expect(await tokens(id)).toEqual({ technician: ['copier:1', 'hvac:1', 'hvac:2', 'hvac:3', 'lift:1', 'lift:2'], position: ['copier:1', 'hvac:1', 'hvac:2', 'hvac:3', 'lift:1', 'lift:2'] });
		await fresh.db.execute(sql`delete from technician_skills where technician_id = ${id} and skill_code <> 'lift'`);
		expect(await tokens(id)).toEqual({ technician: ['lift:1', 'lift:2'], position: ['lift:1', 'lift:2'] });
		await fresh.db.execute(sql`delete from technician_skills where technician_id = ${id}`);
		expect(await tokens(id)).toEqual({ technician: [], position: [] });
	});

	it('a position reported later copies the tokens, and position updates keep them', async () => {
		const id = await insertTechnician(fresh.db, { name: 'Carla', home: milano, skills: { lift: 3 } });
		expect((await tokens(id)).position).toBeNull();
		const report = (lat: number) =>
			fresh.db.execute(sql`insert into technician_positions (technician_id, location, source, recorded_at)
				values (${id}, st_setsrid(st_makepoint(9.19, ${lat}), 4326), 'phone', now())
				on conflict (technician_id) do update set location = excluded.location, recorded_at = excluded.recorded_at`);
		await report(45.5);
		expect((await tokens(id)).position).toEqual(['lift:1', 'lift:2', 'lift:3']);
		await report(45.6);
		expect((await tokens(id)).position).toEqual(['lift:1', 'lift:2', 'lift:3']);
	});

	it('moving a skill row to another technician refreshes both', async () => {
		const from = await insertTechnician(fresh.db, { name: 'Dario', home: milano, skills: { copier: 2 } });
		const to = await insertTechnician(fresh.db, { name: 'Elena', home: milano });
		await fresh.db.execute(sql`update technician_skills set technician_id = ${to} where technician_id = ${from}`);
		expect((await tokens(from)).technician).toEqual([]);
		expect((await tokens(to)).technician).toEqual(['copier:1', 'copier:2']);
	});
});
