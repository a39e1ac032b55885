// The live map's data: calls at their sites with due times, assignment and the unpaid flag;
// technicians with last position, status and today's jobs; today's trail; permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/auth/actor';
import { changeStatus, createCall } from '../../src/lib/server/calls/calls.service';
import { createCustomer } from '../../src/lib/server/customers/customers.service';
import { createSite } from '../../src/lib/server/customers/sites.service';
import { assignments, positionHistory, technicianPositions, technicians, technicianShifts } from '../../src/lib/server/db/schema';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { mapCall, mapSnapshot, mapTechnician, startOfRomeDay, todaysTrail } from '../../src/lib/server/map/map.service';
import { setDueSoonMinutes } from '../../src/lib/server/sla/due-soon.service';
import { replaceReceivables } from '../../src/lib/server/receivables/receivables.service';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';
import { everyDaySlaLevel } from '../support/sla-fixtures';

let fresh: FreshDatabase;
let admin: Actor;
let dispatcher: Actor;
let supervisor: Actor;
let technician: Actor;
let customerId: string;
let siteId: string;
const techId = uuidv7();
const idleId = uuidv7();

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	supervisor = await createTestUser(fresh.db, 'supervisor');
	technician = await createTestUser(fresh.db, 'technician');
	await everyDaySlaLevel(admin, 'MAP', 'Mappa');
	const customer = await createCustomer(dispatcher, { businessName: 'Mappa Srl', address: 'Via Roma 1', sdiCode: 'ABCDEFG', fiscalCode: '01234567897', comuneIstat: '015146' });
	customerId = customer.id;
	siteId = (await createSite(dispatcher, customerId, { name: 'Sede', address: 'Via Roma 1', comuneIstat: '015146', location: { lat: 45.4642, lng: 9.19 } })).id;
	await fresh.db.insert(technicians).values([
		{ id: techId, code: 'M1', name: 'Mario Mappa', team: 'Milano', homeBase: { lng: 9.1, lat: 45.4 } },
		{ id: idleId, code: 'M2', name: 'Ida Ferma', team: 'Torino', homeBase: { lng: 7.68, lat: 45.07 } }
	]);
	// Both work every day around the clock, so "off duty" never depends on when the test runs.
	await fresh.db.insert(technicianShifts).values([1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [techId, idleId].map((technicianId) => ({ id: uuidv7(), technicianId, weekday, startsAt: '00:00', endsAt: '23:59:59' }))));
});
afterAll(async () => {
	await fresh?.close();
});

describe('map snapshot', () => {
	it('lists an open call at its site, unassigned, with the unpaid flag from receivables', async () => {
		const call = await createCall(dispatcher, { customerId, siteId, priority: 'high', type: 'breakdown', description: 'Non stampa', estimatedMinutes: 60 });
		let snap = await mapSnapshot(supervisor);
		let onMap = snap.calls.find((c) => c.id === call.id)!;
		expect(onMap).toMatchObject({ number: call.number, status: 'new', assignment: 'none', unpaid: false, customerName: 'Mappa Srl', comune: 'Milano' });
		expect(onMap.lng).toBeCloseTo(9.19, 5);
		expect(onMap.lat).toBeCloseTo(45.4642, 5);

		await replaceReceivables({ kind: 'user', actor: admin }, { source: 'erp', items: [{ customer: customerId, documentNumber: 'FT 1', documentDate: '2020-01-01', dueDate: '2020-02-01', amountCents: 1000 }] });
		snap = await mapSnapshot(supervisor);
		onMap = snap.calls.find((c) => c.id === call.id)!;
		expect(onMap.unpaid).toBe(true);
	});

	it('shows the planned technician and their day; a cancelled call leaves the map', async () => {
		const call = await createCall(dispatcher, { customerId, siteId, priority: 'low', type: 'breakdown', description: 'Rumore', estimatedMinutes: 30 });
		const snapDay = (await mapSnapshot(supervisor)).day;
		const start = new Date(Date.now() + 3600_000);
		await fresh.db.insert(assignments).values({ id: uuidv7(), day: snapDay, callId: call.id, technicianId: techId, startsAt: start, endsAt: new Date(start.getTime() + 1800_000), status: 'planned' });
		const { call: onMap, technicians: techs } = await mapCall(supervisor, call.id);
		expect(onMap).toMatchObject({ technicianId: techId, technicianName: 'Mario Mappa', assignment: 'planned', plannedDay: snapDay });
		expect(techs.map((t) => t.id)).toEqual([techId]);
		expect(techs[0].jobs.map((j) => j.number)).toEqual([call.number]);

		await changeStatus(dispatcher, call.id, { status: 'cancelled', reason: 'cliente ha risolto' });
		expect((await mapCall(supervisor, call.id)).call).toBeNull();
		expect((await mapSnapshot(supervisor)).calls.some((c) => c.id === call.id)).toBe(false);
	});

	it('technicians: last position, free or travelling by speed, today trail in order', async () => {
		const now = new Date();
		await fresh.db.insert(technicianPositions).values({ technicianId: techId, location: { lng: 9.2, lat: 45.47 }, speedMps: 12, headingDegrees: 90, source: 'phone', recordedAt: now });
		await fresh.db.insert(positionHistory).values([
			{ technicianId: techId, location: { lng: 9.18, lat: 45.46 }, source: 'phone', recordedAt: new Date(now.getTime() - 120_000) },
			{ technicianId: techId, location: { lng: 9.2, lat: 45.47 }, source: 'phone', recordedAt: now },
			// Yesterday's point is not part of today's trail.
			{ technicianId: techId, location: { lng: 8.0, lat: 45.0 }, source: 'phone', recordedAt: new Date(startOfRomeDay(now).getTime() - 60_000) }
		]);
		const snap = await mapSnapshot(supervisor, now);
		const moving = snap.technicians.find((t) => t.id === techId)!;
		expect(moving).toMatchObject({ status: 'travelling', team: 'Milano', position: { lng: 9.2, lat: 45.47, heading: 90, speed: 12 } });
		expect(snap.technicians.find((t) => t.id === idleId)).toMatchObject({ status: 'free', position: null });
		expect(snap.teams).toEqual(['Milano', 'Torino']);
		expect((await todaysTrail(supervisor, techId, now)).map((p) => [p.lng, p.lat])).toEqual([
			[9.18, 45.46],
			[9.2, 45.47]
		]);
		expect((await mapTechnician(supervisor, techId, now)).name).toBe('Mario Mappa');
	});

	it('start of the Rome day across DST', () => {
		expect(startOfRomeDay(new Date('2026-03-29T12:00:00Z')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
		expect(startOfRomeDay(new Date('2026-03-30T12:00:00Z')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
		expect(startOfRomeDay(new Date('2026-10-25T12:00:00Z')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
		expect(startOfRomeDay(new Date('2026-10-25T23:30:00Z')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
	});

	it('the warning window is an admin setting with a range', async () => {
		await expect(setDueSoonMinutes(dispatcher, 60)).rejects.toBeInstanceOf(ForbiddenError);
		const bad = await setDueSoonMinutes(admin, 2).catch((e) => e);
		expect(bad).toBeInstanceOf(ValidationError);
		expect((bad as ValidationError).field).toBe('warningMinutes');
		await setDueSoonMinutes(admin, '45');
		expect((await mapSnapshot(supervisor)).warningMinutes).toBe(45);
	});

	it('a technician cannot read the map; unknown ids are not found', async () => {
		await expect(mapSnapshot(technician)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(mapCall(supervisor, 'nope')).rejects.toBeInstanceOf(NotFoundError);
		await expect(mapTechnician(supervisor, uuidv7())).rejects.toBeInstanceOf(NotFoundError);
	});
});
