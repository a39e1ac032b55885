import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidatesForCall } from '../../src/lib/server/candidates/candidates.service';
import { GreatCircleTravelTimes } from '../../src/lib/server/routing';
import { insertAbsence, insertAssignment, insertBoxArea, insertCall, insertSite, insertSkills, insertTechnician } from './candidates.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

// Monday 7 December 2026, 08:00 in Rome (CET, +01:00).
const NOW = new Date('2026-12-07T07:00:00Z');
const DAY = '2026-12-07';
const SITE = { lat: 45.4642, lng: 9.19 };
const DEG_PER_KM = 1000 / 111195.08; // one km of latitude on PostGIS's sphere
const north = (km: number) => ({ lat: SITE.lat + km * DEG_PER_KM, lng: SITE.lng });
const rome = (hhmm: string, day = DAY) => new Date(`${day}T${hhmm}:00+01:00`);
const dispatcher = { id: '00000000-0000-7000-8000-000000000001', role: 'dispatcher' as const };
const opts = { now: NOW, travel: new GreatCircleTravelTimes() };

let fresh: FreshDatabase;
let callId: string;
let twoSkillCall: string;
let areaId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
	fresh = await freshDatabase();
	const db = fresh.db;
	await insertSkills(db, ['hvac', 'lift']);
	const site = await insertSite(db, SITE);
	callId = await insertCall(db, site, { requiredSkills: ['hvac'], estimatedMinutes: 60, onsiteDue: rome('10:00') });
	twoSkillCall = await insertCall(db, site, { requiredSkills: ['hvac', 'lift'], estimatedMinutes: 60 });
	const otherCall = await insertCall(db, site);
	areaId = await insertBoxArea(db, 'Milano nord', { lat: SITE.lat - 0.01, lng: SITE.lng - 0.01 }, { lat: SITE.lat + 0.1, lng: SITE.lng + 0.01 });
	// Anna: live 1 km away (fresh), home far; busy all morning.
	ids.anna = await insertTechnician(db, { name: 'Anna', home: north(40), skills: { hvac: 2 }, position: { ...north(1), recordedAt: new Date(NOW.getTime() - 5 * 60_000) }, areaIds: [areaId] });
	await insertAssignment(db, ids.anna, otherCall, DAY, rome('08:00'), rome('12:30'));
	// Bruno: a stale fix 200 m away must not count; ranks from home, 2 km.
	ids.bruno = await insertTechnician(db, { name: 'Bruno', home: north(2), skills: { hvac: 1 }, position: { ...north(0.2), recordedAt: new Date(NOW.getTime() - 30 * 60_000) } });
	ids.carla = await insertTechnician(db, { name: 'Carla', home: north(5), skills: { hvac: 3, lift: 2 }, areaIds: [areaId] });
	ids.dario = await insertTechnician(db, { name: 'Dario', home: north(0.5), skills: {} });
	ids.elena = await insertTechnician(db, { name: 'Elena', home: north(0.1), skills: { hvac: 3 }, active: false });
	ids.franco = await insertTechnician(db, { name: 'Franco', home: north(8), skills: { hvac: 1 } });
	await insertAbsence(db, ids.franco, DAY, rome('00:00'), rome('23:59'));
});
afterAll(async () => {
	await fresh?.close();
});

const names = (list: Array<{ name: string }>) => list.map((c) => c.name);

describe('candidates for a call', () => {
	it('order=distance: qualified nearest first (live when fresh, else home), then those missing one skill, never inactive', async () => {
		const list = await candidatesForCall(dispatcher, callId, { order: 'distance' }, opts);
		expect(names(list)).toEqual(['Anna', 'Bruno', 'Carla', 'Franco', 'Dario']);
		expect(list.map((c) => c.skillsOk)).toEqual([true, true, true, true, false]);
		expect(list[4].missingSkills).toEqual(['hvac']);
		expect(list[0].distanceMeters).toBeGreaterThanOrEqual(999);
		expect(list[0].distanceMeters).toBeLessThanOrEqual(1001);
		expect(list[1].distanceMeters).toBeGreaterThanOrEqual(1999);
		expect(list[1].distanceMeters).toBeLessThanOrEqual(2001);
	});

	it('order=score: weighs the free window against the SLA, workload and skill level', async () => {
		const list = await candidatesForCall(dispatcher, callId, { order: 'score' }, opts);
		expect(names(list)).toEqual(['Carla', 'Bruno', 'Anna', 'Franco', 'Dario']);
		const scores = list.slice(0, 4).map((c) => c.score);
		expect([...scores].sort((a, b) => b - a)).toEqual(scores);
		expect(list[4].score).toBeGreaterThan(list[3].score); // flagged still come last
	});

	it('gives the first free window after travel, and reasons in Italian', async () => {
		const [anna] = await candidatesForCall(dispatcher, callId, { order: 'distance', limit: '1' }, opts);
		expect(anna).toMatchObject({ name: 'Anna', travelMinutes: 2, freeFrom: rome('13:32').toISOString(), freeUntil: rome('17:30').toISOString() });
		expect(anna.reasons).toEqual(['1,0 km, ~2 min', 'libero 13:32-17:30', 'oltre la scadenza SLA di 212 min', 'Abilità hvac livello 2', '1 intervento oggi']);
	});

	it('reasons in English for an English-speaking requester; a stale fix says the distance is from home', async () => {
		const list = await candidatesForCall(dispatcher, callId, { order: 'distance' }, { ...opts, locale: 'en' });
		const bruno = list.find((c) => c.name === 'Bruno')!;
		expect(bruno.reasons).toEqual(['2.0 km, ~4 min', 'from home base (no recent position)', 'free 08:04-12:30', 'Skill hvac level 1', 'no jobs today']);
	});

	it('an absence all day leaves no window', async () => {
		const franco = (await candidatesForCall(dispatcher, callId, { order: 'distance' }, opts)).find((c) => c.name === 'Franco')!;
		expect(franco).toMatchObject({ freeFrom: null, freeUntil: null });
		expect(franco.reasons).toContain('nessuna finestra libera il 07/12/2026');
	});

	it('at= moves the requested day and time', async () => {
		const list = await candidatesForCall(dispatcher, callId, { order: 'distance', at: '2026-12-08T14:00:00+01:00' }, opts);
		expect(list[0]).toMatchObject({ name: 'Anna', freeFrom: rome('14:02', '2026-12-08').toISOString() });
		expect(list.find((c) => c.name === 'Franco')!.freeFrom).toBe(rome('14:14', '2026-12-08').toISOString());
	});

	it('area= keeps only the technicians linked to that area', async () => {
		const list = await candidatesForCall(dispatcher, callId, { order: 'distance', area: areaId }, opts);
		expect(names(list)).toEqual(['Anna', 'Carla']);
	});

	it('with two required skills, those missing one are flagged after the qualified, those missing two are left out', async () => {
		const list = await candidatesForCall(dispatcher, twoSkillCall, { order: 'distance' }, opts);
		expect(names(list)).toEqual(['Carla', 'Anna', 'Bruno', 'Franco']);
		expect(list.slice(1).every((c) => !c.skillsOk && c.missingSkills.join() === 'lift')).toBe(true);
	});

	it('limit keeps the best and those missing a skill fill only the places left', async () => {
		expect(names(await candidatesForCall(dispatcher, callId, { order: 'distance', limit: '4' }, opts))).toEqual(['Anna', 'Bruno', 'Carla', 'Franco']);
		expect(names(await candidatesForCall(dispatcher, callId, { order: 'score', limit: '2' }, opts))).toEqual(['Carla', 'Bruno']);
	});

	it('bad input is a 400 naming the field; an unknown call is a 404; a technician is refused', async () => {
		const field = async (query: Record<string, string>, id = callId) => {
			try {
				await candidatesForCall(dispatcher, id, query, opts);
				return 'accepted';
			} catch (e) {
				return (e as { field?: string; code: string }).field ?? (e as { code: string }).code;
			}
		};
		expect(await field({ limit: '0' })).toBe('limit');
		expect(await field({ limit: 'ten' })).toBe('limit');
		expect(await field({ order: 'nearest' })).toBe('order');
		expect(await field({ area: 'north' })).toBe('area');
		expect(await field({ at: '2026-12-07 10:00' })).toBe('at');
		expect(await field({}, 'not-an-id')).toBe('id');
		expect(await field({}, '00000000-0000-7000-8000-000000000099')).toBe('not_found');
		await expect(candidatesForCall({ id: dispatcher.id, role: 'technician' }, callId, {}, opts)).rejects.toMatchObject({ code: 'forbidden' });
	});
});
