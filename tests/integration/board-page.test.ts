import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardDay, boardPage, todayInRome } from '../../src/lib/server/dispatch/board-page.service';
import { ForbiddenError, ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { boardFixtures, setCallStatus } from '../support/board-fixtures';
import { createTestUser } from '../support/users';
import { setDueSoonMinutes } from '../../src/lib/server/sla/due-soon.service';
import { freshDatabase, type FreshDatabase } from './support/database';

const DAY = '2026-12-03';
const OTHER_DAY = '2026-12-04';
let fresh: FreshDatabase;
let fx: Awaited<ReturnType<typeof boardFixtures>>;
let dispatcher: { id: string; role: 'dispatcher' };
let supervisor: { id: string; role: 'supervisor' };
let technician: { id: string; role: 'technician' };

async function insertAssignment(day: string, callId: string, technicianId: string, start: string, end: string) {
	await fresh.db.execute(
		sql`insert into assignments (id, day, call_id, technician_id, starts_at, ends_at, status) values (${uuidv7()}, ${day}, ${callId}, ${technicianId}, ${start}, ${end}, 'planned')`
	);
}

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 3, calls: 6 });
	dispatcher = { id: (await createTestUser(fresh.db, 'dispatcher')).id, role: 'dispatcher' };
	supervisor = { id: (await createTestUser(fresh.db, 'supervisor')).id, role: 'supervisor' };
	technician = { id: (await createTestUser(fresh.db, 'technician')).id, role: 'technician' };
	const [c0, c1, c2, c3, c4] = fx.callIds;
	// c0: new, unplanned. c1: planned on DAY. c2: planned on OTHER_DAY only. c3: completed with a job on DAY. c4: cancelled.
	await fresh.db.execute(sql`update calls set required_skills = array['lift'], estimated_minutes = 90, onsite_due = '2026-12-03T10:00:00Z' where id = ${c0}`);
	await fresh.db.execute(sql`update calls set status = 'assigned' where id in (${c1}, ${c2})`);
	await insertAssignment(DAY, c1, fx.techIds[0], '2026-12-03T08:00:00Z', '2026-12-03T09:00:00Z');
	await insertAssignment(OTHER_DAY, c2, fx.techIds[1], '2026-12-04T08:00:00Z', '2026-12-04T09:00:00Z');
	await setCallStatus(fresh.db, c3, 'completed');
	await insertAssignment(DAY, c3, fx.techIds[1], '2026-12-03T07:00:00Z', '2026-12-03T08:00:00Z');
	await setCallStatus(fresh.db, c4, 'cancelled');
	await fresh.db.execute(sql`update technicians set active = false where id = ${fx.techIds[2]}`);
	await fresh.db.execute(sql`insert into skills (code, name_it, name_en) values ('lift', 'Ascensori', 'Lifts') on conflict do nothing`);
	await fresh.db.execute(sql`insert into technician_skills (technician_id, skill_code, level) values (${fx.techIds[0]}, 'lift', 2) on conflict do nothing`);
});
afterAll(async () => {
	await fresh.close();
});

describe('board page data', () => {
	it('lists the active technicians as lanes, with their skills', async () => {
		const page = await boardPage(dispatcher, DAY);
		expect(page.day).toBe(DAY);
		expect(page.technicians.map((t) => t.id).sort()).toEqual([fx.techIds[0], fx.techIds[1]].sort());
		expect(page.technicians.find((t) => t.id === fx.techIds[0])!.skills).toEqual([{ code: 'lift', level: 2 }]);
	});

	it("carries the admin's due-soon window for the queue's colours and filter", async () => {
		expect((await boardPage(dispatcher, DAY)).dueSoonMinutes).toBe(120);
		const admin = { id: (await createTestUser(fresh.db, 'admin')).id, role: 'admin' as const };
		await setDueSoonMinutes(admin, 45);
		try {
			expect((await boardPage(dispatcher, DAY)).dueSoonMinutes).toBe(45);
		} finally {
			await setDueSoonMinutes(admin, 120);
		}
	});

	it('gives open calls, marks the ones planned on another day, adds closed calls planned on the day, leaves cancelled ones out', async () => {
		const page = await boardPage(dispatcher, DAY);
		const byId = new Map(page.calls.map((c) => [c.id, c]));
		const [c0, c1, c2, c3, c4, c5] = fx.callIds;
		expect(byId.get(c0)).toMatchObject({ open: true, plannedElsewhere: false, status: 'new', requiredSkills: ['lift'], estimatedMinutes: 90, onsiteDue: '2026-12-03T10:00:00.000Z' });
		expect(byId.get(c0)!.customer.name).toBe('Cliente di prova Srl');
		expect(byId.get(c0)!.site.comune).toBe('Milano');
		expect(byId.get(c1)).toMatchObject({ open: true, plannedElsewhere: false, status: 'assigned' });
		expect(byId.get(c2)).toMatchObject({ open: true, plannedElsewhere: true });
		expect(byId.get(c3)).toMatchObject({ open: false, status: 'completed' });
		expect(byId.has(c4)).toBe(false);
		expect(byId.get(c5)).toMatchObject({ open: true, plannedElsewhere: false });

		// On the other day the roles swap: c2 is planned here, c1 elsewhere; c3 is not listed.
		const other = await boardPage(dispatcher, OTHER_DAY);
		const o = new Map(other.calls.map((c) => [c.id, c]));
		expect(o.get(c2)!.plannedElsewhere).toBe(false);
		expect(o.get(c1)!.plannedElsewhere).toBe(true);
		expect(o.has(c3)).toBe(false);
	});

	it('serialises the conflict facts as arrays for every lane technician and listed call', async () => {
		const page = await boardPage(dispatcher, DAY);
		expect(page.facts.timeZone).toBe('Europe/Rome');
		expect(page.facts.technicians.map((t) => t.id).sort()).toEqual(page.technicians.map((t) => t.id).sort());
		expect(page.facts.technicians.find((t) => t.id === fx.techIds[0])!.skills).toEqual({ lift: 2 });
		expect(page.facts.calls.map((c) => c.id).sort()).toEqual(page.calls.map((c) => c.id).sort());
		expect(page.facts.calls.find((c) => c.id === fx.callIds[0])).toMatchObject({ requiredSkills: [{ code: 'lift', level: 1 }], onsiteDue: '2026-12-03T10:00:00.000Z' });
		expect(JSON.parse(JSON.stringify(page.facts))).toEqual(page.facts);
	});

	it('lets supervisors read but not write, and refuses technicians', async () => {
		expect((await boardPage(dispatcher, DAY)).canWrite).toBe(true);
		expect((await boardPage(supervisor, DAY)).canWrite).toBe(false);
		await expect(boardPage(technician, DAY)).rejects.toBeInstanceOf(ForbiddenError);
	});

	it.each([['2026-02-30'], ['2026-13-01'], ['3-12-2026'], ['oggi'], ['2026-12-3']])('refuses the date %s on the date field', async (date) => {
		const e = await boardPage(dispatcher, date).catch((x: unknown) => x);
		expect(e).toBeInstanceOf(ValidationError);
		expect((e as ValidationError).field).toBe('date');
	});

	it.each([
		[null, new Date('2026-12-03T22:59:00Z'), '2026-12-03'],
		['', new Date('2026-12-03T23:00:00Z'), '2026-12-04'],
		[undefined, new Date('2026-06-30T22:30:00Z'), '2026-07-01'],
		['2028-02-29', new Date('2026-06-30T10:00:00Z'), '2028-02-29']
	])('the day of %s at %s is %s (today in Rome by default)', (date, now, day) => {
		expect(boardDay(date, now)).toBe(day);
	});

	it('defaults to today in Europe/Rome', async () => {
		const now = new Date('2026-03-29T22:30:00Z');
		const page = await boardPage(dispatcher, null, now);
		expect(page.day).toBe('2026-03-30');
		expect(page.today).toBe(todayInRome(now));
	});
});
