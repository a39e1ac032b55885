import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bruteForceFreeWindow, mulberry32, randomBusy, randomShifts } from '../../src/lib/domain/free-windows.brute-force';
import type { ShiftSegment } from '../../src/lib/domain/free-windows';
import { estimateTravelMinutes, haversineMeters } from '../../src/lib/domain/travel-estimate';
import { nearestSql, nearestTechnicians, type NearestRow } from '../../src/lib/server/candidates/candidates.queries';
import { candidatesForCall } from '../../src/lib/server/candidates/candidates.service';
import { nearestByHoldersSql } from '../../src/lib/server/candidates/skill-holders.queries';
import { GreatCircleTravelTimes } from '../../src/lib/server/routing';
import { insertAbsence, insertBoxArea, insertCall, insertSite, insertSkills, insertTechnician, type Point } from './candidates.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

/*
 * Property: on random technicians, skills, positions (fresh, stale, none) and plans, order=distance
 * equals a brute-force haversine ranking with the same filters (qualified first, then those
 * missing exactly one skill; ties by id), and each free window equals a brute-force minute scan.
 * Seeded PRNG: a failure names its case and reproduces.
 */
const NOW = new Date('2026-10-25T08:00:00Z');
const STALE_MINUTES = 15;
const DAYS = ['2026-10-25', '2026-10-26']; // the autumn DST Sunday and the Monday after
const SKILLS = ['s1', 's2', 's3', 's4', 's5', 's6'];
const CENTRE = { lat: 45.46, lng: 9.19 };
const TECHS = 160;
const QUERIES = 40;
const dispatcher = { id: '00000000-0000-7000-8000-000000000001', role: 'dispatcher' as const };
const rand = mulberry32(424242);
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
const around = (spread: number): Point => ({ lat: CENTRE.lat + (rand() - 0.5) * spread, lng: CENTRE.lng + (rand() - 0.5) * spread * 1.4 });

type Tech = {
	id: string;
	active: boolean;
	home: Point;
	position: (Point & { recordedAt: Date }) | null;
	skills: Record<string, number>;
	shifts: ShiftSegment[];
	busy: Map<string, Array<{ start: number; end: number }>>;
	areaIds: string[];
};

let fresh: FreshDatabase;
let areaId: string;
const techs: Tech[] = [];

beforeAll(async () => {
	fresh = await freshDatabase();
	await insertSkills(fresh.db, SKILLS);
	areaId = await insertBoxArea(fresh.db, 'Area di prova', { lat: 45.3, lng: 9 }, { lat: 45.6, lng: 9.4 });
	const sharedPoints: Point[] = [];
	for (let i = 0; i < TECHS; i++) {
		// Some technicians share a point exactly (a depot, a shared van): ties must break by id.
		const home = sharedPoints.length && rand() < 0.15 ? pick(sharedPoints) : around(0.8);
		sharedPoints.push(home);
		const kind = rand();
		const position =
			kind < 0.4
				? { ...(rand() < 0.2 ? home : around(0.8)), recordedAt: new Date(NOW.getTime() - Math.floor(rand() * (STALE_MINUTES - 1)) * 60_000) }
				: kind < 0.7
					? { ...around(0.8), recordedAt: new Date(NOW.getTime() - (STALE_MINUTES + 1 + Math.floor(rand() * 600)) * 60_000) }
					: null;
		const skills: Record<string, number> = {};
		for (const s of SKILLS) if (rand() < 0.45) skills[s] = 1 + Math.floor(rand() * 3);
		const tech: Tech = { id: '', active: rand() > 0.1, home, position, skills, shifts: randomShifts(rand), busy: new Map(), areaIds: rand() < 0.5 ? [areaId] : [] };
		tech.id = await insertTechnician(fresh.db, { name: `Tecnico ${i}`, home, active: tech.active, skills, position: position ?? undefined, shifts: tech.shifts, areaIds: tech.areaIds });
		for (const day of DAYS) {
			const busy = randomBusy(rand, day);
			tech.busy.set(day, busy);
			for (const b of busy) await insertAbsence(fresh.db, tech.id, day, new Date(b.start), new Date(b.end));
		}
		techs.push(tech);
	}
}, 120_000);
afterAll(async () => {
	await fresh?.close();
});

function bruteForceRanking(site: Point, required: string[], limit: number, area: string | null) {
	const staleBefore = NOW.getTime() - STALE_MINUTES * 60_000;
	const rows = techs
		.filter((t) => t.active && (!area || t.areaIds.includes(area)))
		.map((t) => {
			const origin = t.position && t.position.recordedAt.getTime() >= staleBefore ? t.position : t.home;
			const missing = required.filter((s) => !(t.skills[s] >= 1));
			return { id: t.id, distance: haversineMeters(origin, site), missing: missing.length };
		})
		.filter((r) => r.missing <= 1)
		.sort((a, b) => a.missing - b.missing || a.distance - b.distance || (a.id < b.id ? -1 : 1));
	const qualified = rows.filter((r) => r.missing === 0).slice(0, limit);
	return [...qualified, ...rows.filter((r) => r.missing === 1).slice(0, limit - qualified.length)];
}

describe('candidates, property', () => {
	it(`order=distance equals brute-force haversine on ${QUERIES} random calls; free windows equal a minute scan`, async () => {
		let compared = 0;
		let windows = 0;
		for (let i = 0; i < QUERIES; i++) {
			const sitePoint = around(0.9);
			const site = await insertSite(fresh.db, sitePoint);
			const required = SKILLS.filter(() => rand() < 0.2).slice(0, 2);
			const estimatedMinutes = 30 + Math.floor(rand() * 6) * 15;
			const callId = await insertCall(fresh.db, site, { requiredSkills: required, estimatedMinutes });
			const limit = 1 + Math.floor(rand() * 20);
			const area = rand() < 0.3 ? areaId : null;
			const day = pick(DAYS);
			const at = Date.parse(`${day}T05:00:00Z`) + Math.floor(rand() * 14 * 60) * 60_000;
			const query: Record<string, string> = { order: 'distance', limit: String(limit), at: new Date(at).toISOString() };
			if (area) query.area = area;
			const got = await candidatesForCall(dispatcher, callId, query, { now: NOW, travel: new GreatCircleTravelTimes(), staleMinutes: STALE_MINUTES });
			const want = bruteForceRanking(sitePoint, required, limit, area);
			const label = `case ${i}`;
			expect(got.length, label).toBe(want.length);
			const distanceOf = new Map(bruteForceRanking(sitePoint, required, TECHS, area).map((r) => [r.id, r]));
			got.forEach((c, k) => {
				const expected = want[k];
				const actual = distanceOf.get(c.technicianId);
				expect(actual, `${label} #${k}: ${c.technicianId} is not eligible`).toBeDefined();
				// Same technician, or one at the same distance within a metre (sphere vs haversine rounding).
				if (c.technicianId !== expected.id) expect(Math.abs(actual!.distance - expected.distance), `${label} #${k}`).toBeLessThan(1);
				expect(actual!.missing === 0, `${label} #${k} skillsOk`).toBe(c.skillsOk);
				expect(Math.abs(c.distanceMeters - actual!.distance), `${label} #${k} distance`).toBeLessThanOrEqual(1);
				expect(Math.abs(c.travelMinutes - estimateTravelMinutes(actual!.distance)), `${label} #${k} travel`).toBeLessThanOrEqual(1);
				const tech = techs.find((t) => t.id === c.technicianId)!;
				const window = bruteForceFreeWindow({
					day,
					timeZone: 'Europe/Rome',
					shifts: tech.shifts,
					busy: tech.busy.get(day)!,
					earliest: at,
					durationMinutes: estimatedMinutes,
					travelMinutes: c.travelMinutes
				});
				expect({ from: c.freeFrom, until: c.freeUntil }, `${label} #${k} window`).toEqual({
					from: window ? new Date(window.from).toISOString() : null,
					until: window ? new Date(window.until).toISOString() : null
				});
				if (window) windows++;
				compared++;
			});
		}
		expect(compared).toBeGreaterThan(QUERIES * 3);
		expect(windows).toBeGreaterThan(10);
	}, 180_000);

	it('the filter-first path (skill holders) returns exactly what the KNN path returns', async () => {
		const byDistanceThenId = (a: NearestRow, b: NearestRow) => a.distanceMeters - b.distanceMeters || (a.technicianId < b.technicianId ? -1 : 1);
		const plainRow = (r: NearestRow) => ({ ...r, plan: r.plan && { ...r.plan, levels: Object.fromEntries(r.plan.levels) } });
		let compared = 0;
		for (let i = 0; i < QUERIES; i++) {
			const site = around(0.9);
			const skills = SKILLS.filter(() => rand() < 0.35)
				.slice(0, 3)
				.map((code) => ({ code, level: 1 + Math.floor(rand() * 2) }));
			if (skills.length === 0) skills.push({ code: pick(SKILLS), level: 1 });
			const day = pick(DAYS);
			const q = {
				lat: site.lat,
				lng: site.lng,
				skills,
				missing: 0 as const,
				areaId: rand() < 0.3 ? areaId : null,
				staleBefore: new Date(NOW.getTime() - STALE_MINUTES * 60_000),
				limit: 1 + Math.floor(rand() * 25),
				plan: { day, weekday: new Date(`${day}T12:00:00Z`).getUTCDay() || 7, dayStart: new Date(`${day}T00:00:00+02:00`), dayEnd: new Date(`${day}T23:59:59+01:00`), excludeCallId: '00000000-0000-7000-8000-000000000000' }
			};
			const knn = (await nearestTechnicians(fresh.db, q, nearestSql)).sort(byDistanceThenId).slice(0, q.limit);
			const holders = (await nearestTechnicians(fresh.db, q, nearestByHoldersSql)).sort(byDistanceThenId).slice(0, q.limit);
			expect(holders.map(plainRow), `case ${i}: ${JSON.stringify(skills)} area=${q.areaId !== null}`).toEqual(knn.map(plainRow));
			compared += knn.length;
		}
		expect(compared).toBeGreaterThan(QUERIES * 2);
	});
});
