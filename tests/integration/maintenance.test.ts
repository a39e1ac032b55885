import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialKey } from '../../src/lib/domain/serial';
import type { Actor } from '../../src/lib/server/auth/actor';
import { createCall, getCall } from '../../src/lib/server/calls/calls.service';
import { assignments, auditLog, calls, customers, equipment, equipmentModels, maintenanceOccurrences, meterReadings, meters, sites, skills, technicianShifts, technicianSkills, technicians } from '../../src/lib/server/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { runJob } from '../../src/lib/server/jobs/registry';
import { generateDueMaintenance, generateNow, type GenerateResult } from '../../src/lib/server/maintenance/generate.service';
import { createPlan, deletePlan, listPlans, updatePlan } from '../../src/lib/server/maintenance/plans.service';
import { heardDuring } from '../support/announcements';
import { setCallStatus } from '../support/board-fixtures';
import { everyDaySlaLevel } from '../support/sla-fixtures';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let admin: Actor;
let dispatcher: Actor;
let supervisor: Actor;
let technician: Actor;

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	supervisor = await createTestUser(fresh.db, 'supervisor');
	technician = await createTestUser(fresh.db, 'technician');
	await everyDaySlaLevel(admin, 'SEMPRE', 'Sempre aperto');
});
afterAll(async () => {
	await fresh?.close();
});

/** Test arrangement: a customer, a site in Milano, a unit (a colour copier unless asked) with a mono meter. */
async function makeUnit(category: 'copier_colour' | 'lift' = 'copier_colour') {
	const customerId = uuidv7();
	const siteId = uuidv7();
	const modelId = uuidv7();
	const equipmentId = uuidv7();
	const meterId = uuidv7();
	const serial = `MP-${uuidv7().slice(-10)}`;
	await fresh.db.insert(customers).values({ id: customerId, code: `T${uuidv7().slice(-8)}`, businessName: 'Manutenzioni Srl', address: 'Via Roma 1' });
	await fresh.db.insert(sites).values({ id: siteId, customerId, name: 'Sede', address: 'Via Roma 1', comuneIstat: '015146', comuneName: 'Milano', province: 'MI', regionCode: '03', location: { lng: 9.19, lat: 45.46 } });
	await fresh.db.insert(equipmentModels).values({ id: modelId, brand: 'Kyocera', model: `M-${uuidv7().slice(-8)}`, category, meterTypes: ['mono'] });
	await fresh.db.insert(equipment).values({ id: equipmentId, modelId, brand: 'Kyocera', serialNumber: serial, serialKey: serialKey(serial), siteId });
	await fresh.db.insert(meters).values({ id: meterId, equipmentId, meterType: 'mono', maxValue: 999_999 });
	return { customerId, siteId, equipmentId, meterId };
}

async function addReading(meterId: string, value: number, readAt: string) {
	await fresh.db.insert(meterReadings).values({ id: uuidv7(), meterId, value, readAt: new Date(readAt), source: 'technician' });
}

const interval = (anchorDate: string, extra: Record<string, unknown> = {}) => ({ kind: 'interval', description: 'Sostituzione kit fusore', everyMonths: 6, anchorDate, ...extra });
const created = (r: GenerateResult, planId: string) => r.created.filter((c) => c.planId === planId);
const waiting = (r: GenerateResult, planId: string) => r.waiting.filter((c) => c.planId === planId);
const callsOfPlan = (planId: string) => fresh.db.select().from(maintenanceOccurrences).where(eq(maintenanceOccurrences.planId, planId));

describe('interval plans', () => {
	it('generates one call when the lead window opens, with the SLA due times intake would compute', async () => {
		const unit = await makeUnit();
		const plan = await createPlan(dispatcher, unit.equipmentId, interval('2026-12-17', { priority: 'medium', estimatedMinutes: 90 }));
		expect(plan).toMatchObject({ kind: 'interval', leadDays: 7, active: true, next: { dueOn: '2026-12-17' } });

		// Thursday 10 December 2026, 10:00 in Milano: the window opens 7 days before the 17th.
		const now = new Date('2026-12-10T09:00:00Z');
		const before = await generateDueMaintenance({ today: '2026-12-09', now });
		expect(created(before, plan.id)).toEqual([]);

		let result!: GenerateResult;
		const heard = await heardDuring('call:changed', async () => {
			result = await generateDueMaintenance({ today: '2026-12-10', now });
		});
		const [made] = created(result, plan.id);
		expect(made).toMatchObject({ planId: plan.id, number: expect.stringMatching(/^2026\/\d{6}$/) });
		expect(heard.some((a) => (a.payload as { id: string; change: string }).id === made.callId && (a.payload as { change: string }).change === 'created')).toBe(true);

		const call = await getCall(dispatcher, made.callId);
		expect(call).toMatchObject({ type: 'scheduled_maintenance', status: 'new', priority: 'medium', description: 'Sostituzione kit fusore', estimatedMinutes: 90, requiredSkills: ['copier_colour'] });
		expect(call.siteId).toBe(unit.siteId);
		expect(call.customerId).toBe(unit.customerId);
		// Acknowledgement and level as a dispatcher's intake for this unit at the same moment; on
		// site and restoration by the end of the due day (23:59 in Milano), not within the reactive
		// SLA counted from the day it was generated.
		const byHand = await getCall(dispatcher, (await createCall(dispatcher, { customerId: unit.customerId, siteId: unit.siteId, equipmentId: unit.equipmentId, priority: 'medium', type: 'scheduled_maintenance', description: 'A mano' }, null, now)).id);
		expect(call.acknowledgeDue?.toISOString()).toBe('2026-12-10T10:00:00.000Z');
		expect([call.acknowledgeDue, call.slaLevelId]).toEqual([byHand.acknowledgeDue, byHand.slaLevelId]);
		expect(byHand.onsiteDue?.toISOString()).toBe('2026-12-10T13:00:00.000Z');
		expect(call.onsiteDue?.toISOString()).toBe('2026-12-17T22:59:00.000Z');
		const endOfDueDay = Date.parse('2026-12-17T22:59:00Z');
		expect(call.resolutionDue?.getTime()).toBe(Math.max(byHand.resolutionDue!.getTime(), endOfDueDay));

		const [occurrence] = await callsOfPlan(plan.id);
		expect(occurrence).toMatchObject({ occurrence: 0, dueOn: '2026-12-17', callId: made.callId });
		const audits = await fresh.db.select().from(auditLog).where(eq(auditLog.subject, plan.id));
		expect(audits.find((a) => a.action === 'maintenance.generate')).toMatchObject({ actorUserId: null });
	});

	it('a re-run on the same day (or the next) changes nothing', async () => {
		const unit = await makeUnit();
		const plan = await createPlan(dispatcher, unit.equipmentId, interval('2026-12-10', { leadDays: 0 }));
		expect(created(await generateDueMaintenance({ today: '2026-12-10' }), plan.id)).toHaveLength(1);
		const again = await generateDueMaintenance({ today: '2026-12-10' });
		expect(created(again, plan.id)).toEqual([]);
		expect(waiting(again, plan.id)).toEqual([]);
		expect(created(await generateDueMaintenance({ today: '2026-12-11' }), plan.id)).toEqual([]);
		expect(await callsOfPlan(plan.id)).toHaveLength(1);
	});

	it('runs at once make one call per plan; the database refuses a second call for one occurrence', async () => {
		const unit = await makeUnit();
		const plan = await createPlan(dispatcher, unit.equipmentId, interval('2026-11-20', { leadDays: 0 }));
		const second = await createPlan(dispatcher, unit.equipmentId, interval('2026-11-19', { description: 'Pulizia ottiche', leadDays: 0 }));
		const runs = await Promise.all([1, 2, 3].map(() => generateDueMaintenance({ today: '2026-11-20' })));
		for (const p of [plan, second]) {
			expect(runs.reduce((n, r) => n + created(r, p.id).length, 0)).toBe(1);
			expect(await callsOfPlan(p.id)).toHaveLength(1);
		}
		const rows = await fresh.db.select().from(calls).where(eq(calls.equipmentId, unit.equipmentId));
		expect(rows).toHaveLength(2);
		const [first] = await callsOfPlan(plan.id);
		await expect(fresh.db.insert(maintenanceOccurrences).values({ id: uuidv7(), planId: plan.id, occurrence: first.occurrence, callId: rows[1].id })).rejects.toThrow();
	});

	it('waits while the previous call is open, then generates the next after it is done', async () => {
		const unit = await makeUnit();
		const plan = await createPlan(dispatcher, unit.equipmentId, interval('2027-01-31', { everyMonths: 1, leadDays: 0 }));
		const [first] = created(await generateDueMaintenance({ today: '2027-01-31' }), plan.id);
		const blocked = await generateDueMaintenance({ today: '2027-02-28' });
		expect(created(blocked, plan.id)).toEqual([]);
		expect(waiting(blocked, plan.id)).toEqual([{ planId: plan.id, callId: first.callId }]);
		await setCallStatus(fresh.db, first.callId, 'completed');
		const [second] = created(await generateDueMaintenance({ today: '2027-03-01' }), plan.id);
		expect(second.callId).not.toBe(first.callId);
		const occurrences = (await callsOfPlan(plan.id)).sort((x, y) => x.occurrence - y.occurrence);
		// Jan 31 monthly: February's due date is the 28th, March's the 31st again.
		expect(occurrences.map((o) => [o.occurrence, o.dueOn])).toEqual([
			[0, '2027-01-31'],
			[1, '2027-02-28']
		]);
		const listed = await listPlans(supervisor, unit.equipmentId, new Date('2027-03-01T10:00:00Z'));
		expect(listed[0]).toMatchObject({ next: { dueOn: '2027-03-31' }, lastCall: { id: second.callId, open: true, occurrence: 1 } });
		// A cancelled call frees the plan as well.
		await setCallStatus(fresh.db, second.callId, 'cancelled');
		expect(created(await generateDueMaintenance({ today: '2027-03-31' }), plan.id)).toHaveLength(1);
	});

	it('after missed occurrences generates only the latest due one', async () => {
		const unit = await makeUnit();
		const plan = await createPlan(dispatcher, unit.equipmentId, interval('2025-01-10', { everyMonths: 3, leadDays: 0 }));
		const result = await generateDueMaintenance({ today: '2025-11-01' });
		expect(created(result, plan.id)).toHaveLength(1);
		const occurrences = await callsOfPlan(plan.id);
		expect(occurrences.map((o) => [o.occurrence, o.dueOn])).toEqual([[3, '2025-10-10']]);
	});

	it('skips inactive plans and decommissioned units', async () => {
		const unit = await makeUnit();
		const inactive = await createPlan(dispatcher, unit.equipmentId, interval('2026-10-01', { active: false }));
		const other = await makeUnit();
		const retired = await createPlan(dispatcher, other.equipmentId, interval('2026-10-01'));
		await fresh.db.update(equipment).set({ status: 'decommissioned' }).where(eq(equipment.id, other.equipmentId));
		const result = await generateDueMaintenance({ today: '2026-10-01' });
		expect(created(result, inactive.id)).toEqual([]);
		expect(created(result, retired.id)).toEqual([]);
		expect(await callsOfPlan(inactive.id)).toEqual([]);
		expect(await callsOfPlan(retired.id)).toEqual([]);
		// Reactivated, the plan generates.
		await updatePlan(dispatcher, inactive.id, { active: true });
		expect(created(await generateDueMaintenance({ today: '2026-10-01' }), inactive.id)).toHaveLength(1);
	});
});

describe('counter plans', () => {
	it('generates when usage since the baseline crosses the threshold, not before', async () => {
		const unit = await makeUnit();
		await addReading(unit.meterId, 31_200, '2026-10-01T08:00:00Z');
		const plan = await createPlan(dispatcher, unit.equipmentId, { kind: 'counter', description: 'Kit tamburo', meterId: unit.meterId, everyUnits: 50_000 });
		expect(plan).toMatchObject({ baselineValue: 31_200, next: { usage: 0, meterValue: 31_200, thresholdUsage: 50_000 } });
		expect(created(await generateDueMaintenance({ today: '2026-11-01' }), plan.id)).toEqual([]);

		await addReading(unit.meterId, 81_199, '2026-11-02T08:00:00Z');
		expect(created(await generateDueMaintenance({ today: '2026-11-02' }), plan.id)).toEqual([]);

		await addReading(unit.meterId, 81_200, '2026-11-03T08:00:00Z');
		const [made] = created(await generateDueMaintenance({ today: '2026-11-03' }), plan.id);
		expect(made).toBeDefined();
		expect((await getCall(dispatcher, made.callId)).type).toBe('scheduled_maintenance');
		expect((await callsOfPlan(plan.id)).map((o) => [o.occurrence, o.thresholdUsage])).toEqual([[1, 50_000]]);
		expect(created(await generateDueMaintenance({ today: '2026-11-04' }), plan.id)).toEqual([]);
	});

	it('counts across a meter replacement and from a given baseline', async () => {
		const unit = await makeUnit();
		await addReading(unit.meterId, 120_000, '2026-09-01T08:00:00Z');
		// The kit was last changed at 100,000: 20,000 already used out of 30,000.
		const plan = await createPlan(dispatcher, unit.equipmentId, { kind: 'counter', description: 'Kit fusore', meterId: unit.meterId, everyUnits: 30_000, baselineValue: 100_000 });
		expect(plan.next).toMatchObject({ usage: 20_000, thresholdUsage: 30_000 });
		// Old meter ends at 126,000 (+6,000), the new one starts at 0 and reaches 4,000: 30,000 in all.
		await fresh.db.insert(meterReadings).values({ id: uuidv7(), meterId: unit.meterId, value: 0, kind: 'replacement', previousMeterFinalValue: 126_000, readAt: new Date('2026-10-01T08:00:00Z'), source: 'technician' });
		await addReading(unit.meterId, 3_999, '2026-10-15T08:00:00Z');
		expect(created(await generateDueMaintenance({ today: '2026-10-15' }), plan.id)).toEqual([]);
		await addReading(unit.meterId, 4_000, '2026-10-20T08:00:00Z');
		expect(created(await generateDueMaintenance({ today: '2026-10-20' }), plan.id)).toHaveLength(1);
	});
});

describe('plans: permissions and input', () => {
	it('technicians can do nothing; supervisors only read', async () => {
		const unit = await makeUnit();
		const plan = await createPlan(admin, unit.equipmentId, interval('2027-06-01'));
		await expect(listPlans(technician, unit.equipmentId)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(createPlan(technician, unit.equipmentId, interval('2027-06-01'))).rejects.toBeInstanceOf(ForbiddenError);
		await expect(updatePlan(technician, plan.id, { active: false })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deletePlan(technician, plan.id)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(generateNow(technician, {})).rejects.toBeInstanceOf(ForbiddenError);
		expect(await listPlans(supervisor, unit.equipmentId)).toHaveLength(1);
		await expect(createPlan(supervisor, unit.equipmentId, interval('2027-06-01'))).rejects.toBeInstanceOf(ForbiddenError);
		await expect(generateNow(supervisor, {})).rejects.toBeInstanceOf(ForbiddenError);
	});

	it.each([
		['no description', { description: '' }, 'description'],
		['unknown kind', { kind: 'weekly' }, 'kind'],
		['0 months', { everyMonths: 0 }, 'everyMonths'],
		['61 months', { everyMonths: 61 }, 'everyMonths'],
		['no anchor', { anchorDate: undefined }, 'anchorDate'],
		['a date that does not exist', { anchorDate: '2026-02-30' }, 'anchorDate'],
		['61 lead days', { leadDays: 61 }, 'leadDays'],
		['bad priority', { priority: 'urgent' }, 'priority'],
		['unknown field', { colour: 'red' }, ''],
		['counter without meter', { kind: 'counter', everyUnits: 1000 }, 'meterId'],
		['counter without step', { kind: 'counter', meterId: '01900000-0000-7000-8000-000000000999' }, 'everyUnits']
	])('refuses %s with the field at fault', async (_name, change, field) => {
		const unit = await makeUnit();
		const error = await createPlan(dispatcher, unit.equipmentId, { ...interval('2027-01-01'), ...change }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ValidationError);
		if (field) expect((error as ValidationError).field).toBe(field);
	});

	it('a counter plan needs a meter of this unit, and a baseline when the meter has no readings', async () => {
		const unit = await makeUnit();
		const other = await makeUnit();
		await expect(createPlan(dispatcher, unit.equipmentId, { kind: 'counter', description: 'Kit', meterId: other.meterId, everyUnits: 1000 })).rejects.toMatchObject({ field: 'meterId' });
		await expect(createPlan(dispatcher, unit.equipmentId, { kind: 'counter', description: 'Kit', meterId: unit.meterId, everyUnits: 1000 })).rejects.toMatchObject({ field: 'baselineValue' });
		const plan = await createPlan(dispatcher, unit.equipmentId, { kind: 'counter', description: 'Kit', meterId: unit.meterId, everyUnits: 1000, baselineValue: 0 });
		expect(plan.baselineValue).toBe(0);
	});

	it('edits what is free, fixes the schedule once calls exist, deletes keeping the calls', async () => {
		const unit = await makeUnit();
		const plan = await createPlan(dispatcher, unit.equipmentId, interval('2026-09-01', { leadDays: 0 }));
		const moved = await updatePlan(dispatcher, plan.id, { anchorDate: '2026-09-02', description: 'Pulizia filtri' });
		expect(moved).toMatchObject({ anchorDate: '2026-09-02', description: 'Pulizia filtri' });
		const [made] = created(await generateDueMaintenance({ today: '2026-09-02' }), plan.id);
		await expect(updatePlan(dispatcher, plan.id, { everyMonths: 3 })).rejects.toBeInstanceOf(ConflictError);
		expect(await updatePlan(dispatcher, plan.id, { priority: 'high', leadDays: 10 })).toMatchObject({ priority: 'high', leadDays: 10 });
		await expect(updatePlan(dispatcher, plan.id, { leadDays: -1 })).rejects.toMatchObject({ field: 'leadDays' });
		await deletePlan(dispatcher, plan.id);
		expect(await listPlans(dispatcher, unit.equipmentId)).toEqual([]);
		expect((await getCall(dispatcher, made.callId)).id).toBe(made.callId);
	});
});

describe('the maintenance.generate-due job', () => {
	it('runs the service with the given day and validates its payload', async () => {
		const unit = await makeUnit();
		const plan = await createPlan(dispatcher, unit.equipmentId, interval('2028-02-29', { everyMonths: 12, leadDays: 0 }));
		const result = (await runJob('maintenance.generate-due', { today: '2028-02-29' })) as GenerateResult;
		expect(created(result, plan.id)).toHaveLength(1);
		expect((await callsOfPlan(plan.id))[0].dueOn).toBe('2028-02-29');
		await expect(runJob('maintenance.generate-due', { today: '2028-02-30' })).rejects.toThrow(/today must be a date/);
		const [{ n }] = await fresh.db.execute<{ n: number }>(sql`select count(*)::int as n from maintenance_occurrences where plan_id = ${plan.id}`);
		expect(n).toBe(1);
	});
});

describe('scope and replay limits', () => {
	it("a unit page acts only on its own plans; its run generates only that unit's calls", async () => {
		const [mine, other] = [await makeUnit(), await makeUnit()];
		const plan = await createPlan(dispatcher, other.equipmentId, interval('2026-12-12'));
		const mineScope = { equipmentId: mine.equipmentId };
		await expect(updatePlan(dispatcher, plan.id, { description: 'Dirottato' }, null, new Date(), mineScope)).rejects.toBeInstanceOf(NotFoundError);
		await expect(deletePlan(dispatcher, plan.id, null, mineScope)).rejects.toBeInstanceOf(NotFoundError);
		expect((await listPlans(dispatcher, other.equipmentId)).map((p) => p.description)).toEqual(['Sostituzione kit fusore']);

		const now = new Date('2026-12-10T09:00:00Z');
		const onMine = await generateNow(dispatcher, { today: '2026-12-10' }, mineScope, now);
		expect(created(onMine, plan.id)).toEqual([]);
		const onOther = await generateNow(dispatcher, { today: '2026-12-10' }, { equipmentId: other.equipmentId }, now);
		expect(created(onOther, plan.id)).toHaveLength(1);
	});

	it('a run by hand may replay a past day, never a future one (it would skip the occurrences before it)', async () => {
		const now = new Date('2026-12-10T09:00:00Z');
		const refused = await generateNow(dispatcher, { today: '2026-12-11' }, {}, now).catch((e) => e);
		expect(refused).toBeInstanceOf(ValidationError);
		expect(refused.field).toBe('today');
		// 23:30 UTC on the 10th is already the 11th in Rome: the company's today, accepted.
		await expect(generateNow(dispatcher, { today: '2026-12-11' }, {}, new Date('2026-12-10T23:30:00Z'))).resolves.toMatchObject({ today: '2026-12-11' });
	});

	it('changing the step of a counter plan keeps its baseline: a rollover since still counts', async () => {
		const unit = await makeUnit();
		await addReading(unit.meterId, 990_000, '2026-10-01T08:00:00Z');
		const plan = await createPlan(dispatcher, unit.equipmentId, { kind: 'counter', description: 'Kit tamburo', meterId: unit.meterId, everyUnits: 50_000 });
		// The meter (max 999,999) rolls over: 10,000 to the top, then 5,000.
		await fresh.db.insert(meterReadings).values({ id: uuidv7(), meterId: unit.meterId, value: 5_000, kind: 'rollover', readAt: new Date('2026-11-01T08:00:00Z'), source: 'technician' });
		expect((await listPlans(dispatcher, unit.equipmentId))[0].next).toMatchObject({ usage: 15_000 });
		const changed = await updatePlan(dispatcher, plan.id, { everyUnits: 40_000 });
		expect(changed).toMatchObject({ everyUnits: 40_000, baselineValue: 990_000, next: { usage: 15_000, thresholdUsage: 40_000 } });
	});
});

// Last in the file: the technician added here would take the calls generated by earlier tests.
describe('automatic assignment (B34)', () => {
	it('gives the generated call to a qualified technician free on the due day, through the board', async () => {
		const unit = await makeUnit();
		const techId = uuidv7();
		await fresh.db.insert(technicians).values({ id: techId, code: `MT-${techId.slice(-6)}`, name: 'Tecnico Manutenzioni', homeBase: { lng: 9.2, lat: 45.47 } });
		await fresh.db.insert(skills).values({ code: 'copier_colour', nameIt: 'Copiatrici a colori', nameEn: 'Colour copiers' }).onConflictDoNothing();
		await fresh.db.insert(technicianSkills).values({ technicianId: techId, skillCode: 'copier_colour', level: 2 });
		await fresh.db.insert(technicianShifts).values({ id: uuidv7(), technicianId: techId, weekday: 4, startsAt: '08:00', endsAt: '17:00' });

		// Due Thursday 17 December 2026; generated on the 10th (7 days' lead).
		const plan = await createPlan(dispatcher, unit.equipmentId, interval('2026-12-17', { estimatedMinutes: 90 }));
		const result = await generateDueMaintenance({ today: '2026-12-10', now: new Date('2026-12-10T09:00:00Z') });
		const [made] = created(result, plan.id);
		expect(made.assigned).toMatchObject({ technicianId: techId, technicianName: 'Tecnico Manutenzioni', day: '2026-12-17' });
		const start = new Date(made.assigned!.start);
		// From 08:00 in Milano (07:00 UTC) plus a few minutes' travel, on a quarter hour; 90 minutes long.
		expect(start.getTime()).toBeGreaterThan(Date.parse('2026-12-17T07:00:00Z'));
		expect(start.getTime()).toBeLessThanOrEqual(Date.parse('2026-12-17T07:30:00Z'));
		expect(start.getUTCMinutes() % 15).toBe(0);
		expect(Date.parse(made.assigned!.end) - start.getTime()).toBe(90 * 60_000);

		// The board's projection has it, and the call follows it to "assigned".
		const rows = await fresh.db.select().from(assignments).where(eq(assignments.callId, made.callId));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ technicianId: techId, status: 'planned' });
		expect(rows[0].startsAt.getTime()).toBe(start.getTime());
		expect((await getCall(dispatcher, made.callId)).status).toBe('assigned');
	});

	it('a call made after working hours (a counter plan) goes to the next day someone is free', async () => {
		const unit = await makeUnit();
		await addReading(unit.meterId, 10_000, '2026-12-01T08:00:00Z');
		const plan = await createPlan(dispatcher, unit.equipmentId, { kind: 'counter', description: 'Kit tamburo', meterId: unit.meterId, everyUnits: 5_000 });
		await addReading(unit.meterId, 15_000, '2026-12-17T15:00:00Z');
		const tech = (await fresh.db.select().from(technicians).where(eq(technicians.name, 'Tecnico Manutenzioni')))[0];
		await fresh.db.insert(technicianShifts).values({ id: uuidv7(), technicianId: tech.id, weekday: 5, startsAt: '08:00', endsAt: '17:00' });
		// Thursday 17 December at 18:00 in Milano: the shift is over; Friday 18 is the first day free.
		const [made] = created(await generateDueMaintenance({ today: '2026-12-17', now: new Date('2026-12-17T17:00:00Z') }), plan.id);
		expect(made.assigned).toMatchObject({ technicianId: tech.id, day: '2026-12-18' });
	});

	it('leaves the call in the queue when nobody with the skills is free in the days tried', async () => {
		// A lift: the only technician here services copiers.
		const unit = await makeUnit('lift');
		const plan = await createPlan(dispatcher, unit.equipmentId, interval('2026-12-20', { leadDays: 0 }));
		const [made] = created(await generateDueMaintenance({ today: '2026-12-20', now: new Date('2026-12-20T07:00:00Z') }), plan.id);
		expect(made.assigned).toBeNull();
		expect((await getCall(dispatcher, made.callId)).status).toBe('new');
		expect(await fresh.db.select().from(assignments).where(eq(assignments.callId, made.callId))).toEqual([]);
	});
});
