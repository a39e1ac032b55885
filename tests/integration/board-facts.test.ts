import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardPage } from '../../src/lib/server/dispatch/board-page.service';
import { dayConflicts } from '../../src/lib/server/dispatch/board.service';
import { callsPlannedOutside } from '../../src/lib/server/dispatch/board.queries';
import { uuidv7 } from '../../src/lib/server/ids';
import { boardFixtures } from '../support/board-fixtures';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

// Conflicts from real facts: weekly shifts with breaks (technician_shifts), areas of competence
// (technician_areas) against the areas containing the site (site_areas, kept by triggers).
// Tuesday 1 December 2026 (+01:00); Sunday 6 December 2026.
const TUESDAY = '2026-12-01';
const SUNDAY = '2026-12-06';
let fresh: FreshDatabase;
let fx: Awaited<ReturnType<typeof boardFixtures>>;
let dispatcher: { id: string; role: 'dispatcher' };
const area = { milano: uuidv7(), venezia: uuidv7() };

async function plan(day: string, callId: string, technicianId: string, start: string, end: string): Promise<string> {
	const id = uuidv7();
	await fresh.db.execute(sql`insert into assignments (id, day, call_id, technician_id, starts_at, ends_at, status) values (${id}, ${day}, ${callId}, ${technicianId}, ${start}, ${end}, 'planned')`);
	return id;
}

async function square(id: string, name: string, lng: number, lat: number) {
	const wkt = `MULTIPOLYGON(((${lng - 0.3} ${lat - 0.3}, ${lng + 0.3} ${lat - 0.3}, ${lng + 0.3} ${lat + 0.3}, ${lng - 0.3} ${lat + 0.3}, ${lng - 0.3} ${lat - 0.3})))`;
	await fresh.db.execute(sql`insert into areas (id, kind, code, name, geometry) values (${id}, 'custom', null, ${name}, ST_GeomFromText(${wkt}, 4326))`);
}

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 3, calls: 6 });
	dispatcher = { id: (await createTestUser(fresh.db, 'dispatcher')).id, role: 'dispatcher' };
	const [t0, t1] = fx.techIds;
	// t0: Monday-Friday 08:00-12:30 and 13:30-17:00, nothing at the weekend, works in the Milano area.
	for (const weekday of [1, 2, 3, 4, 5]) {
		await fresh.db.execute(sql`insert into technician_shifts (id, technician_id, weekday, starts_at, ends_at) values (${uuidv7()}, ${t0}, ${weekday}, '13:30', '17:00'), (${uuidv7()}, ${t0}, ${weekday}, '08:00', '12:30')`);
	}
	// t1: no shifts stored (unknown: never "outside shift"), works only in the Venezia area.
	await square(area.milano, 'Area Milano', 9.19, 45.4642);
	await square(area.venezia, 'Area Venezia', 12.33, 45.44);
	await fresh.db.execute(sql`insert into technician_areas (technician_id, area_id) values (${t0}, ${area.milano}), (${t1}, ${area.venezia})`);
	// The triggers computed the fixture site (Milano) into the Milano area; make sure of it.
	await fresh.db.execute(sql`insert into site_areas (site_id, area_id) values (${fx.siteId}, ${area.milano}) on conflict do nothing`);
});
afterAll(async () => {
	await fresh.close();
});

describe('conflicts from stored shifts and areas', () => {
	it.each([
		['inside the morning segment', TUESDAY, '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z', false],
		['during the lunch break', TUESDAY, '2026-12-01T11:45:00Z', '2026-12-01T12:15:00Z', true],
		['across the break', TUESDAY, '2026-12-01T11:00:00Z', '2026-12-01T13:00:00Z', true],
		['after the end of the day', TUESDAY, '2026-12-01T16:00:00Z', '2026-12-01T17:00:00Z', true],
		['on Sunday (no shift)', SUNDAY, '2026-12-06T09:00:00Z', '2026-12-06T10:00:00Z', true]
	])('t0 %s -> outside-shift %s', async (_n, day, start, end, expected) => {
		const id = await plan(day, fx.callIds[0], fx.techIds[0], start, end);
		const conflicts = (await dayConflicts(dispatcher, day)).filter((c) => c.assignmentId === id);
		expect(conflicts.some((c) => c.kind === 'outside-shift')).toBe(expected);
		if (expected) expect(conflicts.find((c) => c.kind === 'outside-shift')!.message).toBe('Fuori dall’orario di lavoro del tecnico');
		// t0 covers the Milano area, where the site is: never outside the area.
		expect(conflicts.some((c) => c.kind === 'outside-area')).toBe(false);
		await fresh.db.execute(sql`delete from assignments where id = ${id}`);
	});

	it('a technician without stored shifts gets no shift warning, but is outside the areas of a Milano site', async () => {
		const id = await plan(TUESDAY, fx.callIds[1], fx.techIds[1], '2026-12-01T05:00:00Z', '2026-12-01T06:00:00Z');
		const conflicts = (await dayConflicts(dispatcher, TUESDAY)).filter((c) => c.assignmentId === id);
		expect(conflicts.map((c) => c.kind)).toEqual(['outside-area']);
		expect(conflicts[0].message).toBe('Fuori dalle aree di competenza del tecnico');
	});

	it('a technician without areas may work anywhere', async () => {
		const id = await plan(TUESDAY, fx.callIds[2], fx.techIds[2], '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z');
		expect((await dayConflicts(dispatcher, TUESDAY)).filter((c) => c.assignmentId === id)).toEqual([]);
	});

	it('the board page carries the same facts to the browser (shifts with breaks, areas) and the area filter choices', async () => {
		const page = await boardPage(dispatcher, TUESDAY);
		const t0 = page.facts.technicians.find((t) => t.id === fx.techIds[0])!;
		expect(t0.shifts).toEqual(Object.fromEntries([1, 2, 3, 4, 5].map((d) => [String(d), [['08:00', '12:30'], ['13:30', '17:00']]])));
		expect(t0.areaIds).toEqual([area.milano]);
		expect(page.technicians.find((t) => t.id === fx.techIds[1])!.areaIds).toEqual([area.venezia]);
		expect(page.technicians.find((t) => t.id === fx.techIds[2])!.areaIds).toEqual([]);
		expect(page.facts.technicians.find((t) => t.id === fx.techIds[2])!.shifts).toBeNull();
		expect(page.facts.calls.find((c) => c.id === fx.callIds[0])!.siteAreaIds).toContain(area.milano);
		expect(page.calls.find((c) => c.id === fx.callIds[0])!.siteAreaIds).toContain(area.milano);
		expect(page.areas.map((a) => a.name)).toEqual(['Area Milano', 'Area Venezia']);
	});
});

describe('calls planned on other days', () => {
	it('callsPlannedOutside lists the other days in order, not the day itself', async () => {
		const [, , , c3, c4, c5] = fx.callIds;
		await plan('2026-12-03', c3, fx.techIds[2], '2026-12-03T09:00:00Z', '2026-12-03T10:00:00Z');
		await plan('2026-12-02', c3, fx.techIds[2], '2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z');
		await plan('2026-12-02', c3, fx.techIds[0], '2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z');
		await plan('2026-12-04', c4, fx.techIds[2], '2026-12-04T09:00:00Z', '2026-12-04T10:00:00Z');
		const map = await callsPlannedOutside(fresh.db, '2026-12-04', [c3, c4, c5]);
		expect(Object.fromEntries(map)).toEqual({ [c3]: ['2026-12-02', '2026-12-03'] });
		expect(await callsPlannedOutside(fresh.db, '2026-12-04', [])).toEqual(new Map());
	});

	it('the board page says where a call is planned instead of offering it as unplanned', async () => {
		const [, , , c3, c4, c5] = fx.callIds;
		await fresh.db.execute(sql`update calls set status = 'assigned' where id in (${c3}, ${c4})`);
		// An on-hold call with no assignment anywhere is still to plan, whatever its status.
		await fresh.db.execute(sql`update calls set status = 'on_hold' where id = ${c5}`);
		const page = await boardPage(dispatcher, '2026-12-04');
		const byId = new Map(page.calls.map((c) => [c.id, c]));
		expect(byId.get(c3)).toMatchObject({ plannedElsewhere: true, plannedOn: ['2026-12-02', '2026-12-03'] });
		expect(byId.get(c4)).toMatchObject({ plannedElsewhere: false, plannedOn: [] });
		expect(byId.get(c5)).toMatchObject({ plannedElsewhere: false, plannedOn: [] });
	});
});
