import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contractEquipment, contracts, customers, equipment, equipmentSiteHistory, meterReadings, meters, sites, slaLevels, businessCalendars } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/server/auth/actor';
import { createDefinition, deleteDefinition, listDefinitions, updateDefinition } from '../../src/lib/server/equipment/attributes.service';
import { exportUnitsCsv, importUnitsCsv } from '../../src/lib/server/equipment/equipment-csv.service';
import { filterFromParams } from '../../src/lib/server/equipment/equipment-input';
import { createUnit, findUnitBySerial, getUnit, listUnits, moveUnit, updateUnit } from '../../src/lib/server/equipment/equipment.service';
import { createModel, deleteModel, listMeterTypes, updateModel } from '../../src/lib/server/equipment/models.service';
import { getTimeline } from '../../src/lib/server/equipment/timeline.service';
import { ServiceError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { pageRequest } from '../../src/lib/server/pagination';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let admin: Actor;
let dispatcher: Actor;
let supervisor: Actor;
let technician: Actor;
const ids = {} as Record<'acme' | 'beta' | 'acmeMilano' | 'acmeTorino' | 'betaRoma' | 'closedSite', string>;
const models = {} as Record<'ricohMono' | 'canonColour' | 'lift' | 'hvac', string>;

/** Test arrangement: customers and sites are another module's; rows go in directly. */
async function arrangeCustomers() {
	const db = fresh.db;
	ids.acme = uuidv7();
	ids.beta = uuidv7();
	await db.insert(customers).values([
		{ id: ids.acme, code: 'C-ACME', businessName: 'Acme Stampa S.r.l.', address: 'Via Roma 1' },
		{ id: ids.beta, code: 'C-BETA', businessName: 'Beta Clima S.p.A.', address: 'Via Po 2' }
	]);
	const site = (customerId: string, name: string, comuneIstat: string, comuneName: string, province: string, regionCode: string, active = true) => {
		const id = uuidv7();
		return { id, customerId, name, address: 'Via Test 1', comuneIstat, comuneName, province, regionCode, location: { lng: 9.19, lat: 45.46 }, active };
	};
	const rows = [
		site(ids.acme, 'Sede Milano', '015146', 'Milano', 'MI', '03'),
		site(ids.acme, 'Filiale Torino', '001272', 'Torino', 'TO', '01'),
		site(ids.beta, 'Sede Roma', '058091', 'Roma', 'RM', '12'),
		site(ids.beta, 'Magazzino chiuso', '058091', 'Roma', 'RM', '12', false)
	];
	await db.insert(sites).values(rows);
	[ids.acmeMilano, ids.acmeTorino, ids.betaRoma, ids.closedSite] = rows.map((r) => r.id);
}

async function expectError(promise: Promise<unknown>, code: ServiceError['code'], field?: string) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error, 'expected a service error').toBeInstanceOf(ServiceError);
	expect((error as ServiceError).code).toBe(code);
	if (field !== undefined) expect((error as { field?: string }).field).toBe(field);
	return error as ServiceError & { field?: string };
}

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	supervisor = await createTestUser(fresh.db, 'supervisor');
	technician = await createTestUser(fresh.db, 'technician');
	await arrangeCustomers();
});
afterAll(async () => {
	await fresh?.close();
});

describe('models and meter types', () => {
	it('lists the reference meter types', async () => {
		const types = await listMeterTypes(supervisor);
		expect(types.map((t) => t.code)).toEqual(expect.arrayContaining(['mono', 'colour', 'scans', 'hours', 'cycles']));
	});

	it('creates models; brand + model is unique regardless of case (409)', async () => {
		models.ricohMono = (await createModel(dispatcher, { brand: 'Ricoh', model: 'MP 2014', family: 'MP', category: 'copier_mono', meterTypes: ['mono', 'scans'] })).id;
		models.canonColour = (await createModel(dispatcher, { brand: 'Canon', model: 'C3226i', category: 'copier_colour', meterTypes: ['mono', 'colour'] })).id;
		models.lift = (await createModel(dispatcher, { brand: 'Schindler', model: '3300', category: 'lift', meterTypes: ['cycles'] })).id;
		models.hvac = (await createModel(dispatcher, { brand: 'Daikin', model: 'FTXM35R', category: 'hvac', meterTypes: ['hours'] })).id;
		await expectError(createModel(dispatcher, { brand: 'RICOH', model: 'mp 2014', category: 'copier_mono' }), 'conflict', 'model');
		// A new model of a known brand reuses the brand's spelling.
		const other = await createModel(dispatcher, { brand: 'RICOH', model: 'IM 2702', category: 'copier_mono', meterTypes: ['mono'] });
		expect(other.brand).toBe('Ricoh');
		await deleteModel(dispatcher, other.id);
	});

	it.each([
		[{ brand: '', model: 'X', category: 'printer' }, 'brand'],
		[{ brand: 'HP', model: 'X', category: 'toaster' }, 'category'],
		[{ brand: 'HP', model: 'X', category: 'printer', meterTypes: ['bogus'] }, 'meterTypes'],
		[{ brand: 'HP', model: 'X', category: 'printer', meterTypes: 'mono' }, 'meterTypes']
	])('refuses a bad model %j on field %s', async (input, field) => {
		await expectError(createModel(dispatcher, input), 'validation', field);
	});

	it('supervisors and technicians cannot create models', async () => {
		await expectError(createModel(supervisor, { brand: 'HP', model: 'X', category: 'printer' }), 'forbidden');
		await expectError(createModel(technician, { brand: 'HP', model: 'X', category: 'printer' }), 'forbidden');
	});
});

describe('attribute definitions', () => {
	it('only admins (settings.manage) define attributes', async () => {
		await expectError(createDefinition(dispatcher, { category: 'lift', code: 'tonnage', labelIt: 'Portata', labelEn: 'Capacity', type: 'decimal' }), 'forbidden');
	});

	it('creates definitions per category; the code is unique per category', async () => {
		await createDefinition(admin, { category: 'lift', code: 'tonnage', labelIt: 'Portata', labelEn: 'Capacity', type: 'decimal', required: true, minValue: '0,1', maxValue: 50, unit: 't' });
		await createDefinition(admin, { category: 'lift', code: 'stops', labelIt: 'Fermate', labelEn: 'Stops', type: 'integer', minValue: 2, maxValue: 99 });
		await createDefinition(admin, { category: 'hvac', code: 'refrigerant', labelIt: 'Refrigerante', labelEn: 'Refrigerant', type: 'choice', choices: ['R32', 'R410A'] });
		await expectError(createDefinition(admin, { category: 'lift', code: 'tonnage', labelIt: 'x', labelEn: 'x', type: 'text' }), 'conflict', 'code');
		// Same code in another category is another attribute.
		const other = await createDefinition(admin, { category: 'hvac', code: 'stops', labelIt: 'x', labelEn: 'x', type: 'text' });
		await deleteDefinition(admin, other.id);
		expect((await listDefinitions(dispatcher, { category: 'lift' })).map((d) => d.code)).toEqual(['stops', 'tonnage']);
	});

	it.each([
		[{ category: 'lift', code: 'Bad Code', labelIt: 'x', labelEn: 'x', type: 'text' }, 'code'],
		[{ category: 'lift', code: 'x1', labelIt: 'x', labelEn: 'x', type: 'choice' }, 'choices'],
		[{ category: 'lift', code: 'x2', labelIt: 'x', labelEn: 'x', type: 'integer', minValue: 10, maxValue: 1 }, 'maxValue'],
		[{ category: 'lift', code: 'x3', labelIt: 'x', labelEn: 'x', type: 'boolean', minValue: 1 }, 'minValue'],
		[{ category: 'lift', code: 'x4', labelIt: '', labelEn: 'x', type: 'text' }, 'labelIt'],
		[{ category: 'lift', code: 'x5', labelIt: 'x', labelEn: 'x', type: 'money' }, 'type']
	])('refuses %j on %s', async (input, field) => {
		await expectError(createDefinition(admin, input), 'validation', field);
	});

	it('updates keep code and category; rules apply to the merged definition', async () => {
		const [stops] = (await listDefinitions(admin, { category: 'lift' })).filter((d) => d.code === 'stops');
		await expectError(updateDefinition(admin, stops.id, { code: 'floors' }), 'validation', 'code');
		await expectError(updateDefinition(admin, stops.id, { minValue: 200 }), 'validation', 'maxValue');
		const updated = await updateDefinition(admin, stops.id, { labelEn: 'Floors served' });
		expect(updated.labelEn).toBe('Floors served');
		expect(Number(updated.minValue)).toBe(2);
	});
});

describe('units', () => {
	let unitId: string;

	it('creates a unit with its meters and an open site history row, in one go', async () => {
		const unit = await createUnit(dispatcher, {
			serialNumber: ' ab-123 45 ',
			modelId: models.ricohMono,
			siteId: ids.acmeMilano,
			installDate: '15/01/2024',
			warrantyEnd: '2026-01-14',
			notes: 'Secondo piano'
		});
		unitId = unit.id;
		expect(unit).toMatchObject({ serialNumber: 'ab-123 45', serialKey: 'AB12345', brand: 'Ricoh', status: 'active', installDate: '2024-01-15', warrantyEnd: '2026-01-14', category: 'copier_mono', customerName: 'Acme Stampa S.r.l.' });
		expect(unit.meters.map((m) => m.meterType)).toEqual(['mono', 'scans']);
		const history = await fresh.db.select().from(equipmentSiteHistory).where(eq(equipmentSiteHistory.equipmentId, unit.id));
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({ siteId: ids.acmeMilano, toAt: null });
		// The install day began at midnight in Rome (UTC+1 in January).
		expect(history[0].fromAt.toISOString()).toBe('2024-01-14T23:00:00.000Z');
		const audits = await fresh.db.select().from(auditLog).where(eq(auditLog.subject, unit.id));
		expect(audits.map((a) => a.action)).toEqual(['equipment.create']);
	});

	it('the same serial of the same brand is a 409, of another brand is fine', async () => {
		await expectError(createUnit(dispatcher, { serialNumber: 'AB12345', modelId: models.ricohMono, siteId: ids.acmeTorino }), 'conflict', 'serialNumber');
		await expectError(createUnit(dispatcher, { serialNumber: 'ab 123-45', modelId: models.ricohMono, siteId: ids.acmeTorino }), 'conflict', 'serialNumber');
		const canon = await createUnit(dispatcher, { serialNumber: 'AB12345', modelId: models.canonColour, siteId: ids.acmeTorino });
		expect(canon.brand).toBe('Canon');
		// Nothing half-written by the refused attempts.
		const rows = await fresh.db.select().from(equipment).where(eq(equipment.serialKey, 'AB12345'));
		expect(rows).toHaveLength(2);
	});

	it('finds by messy serial; two brands sharing one serial need the brand', async () => {
		await expectError(findUnitBySerial(dispatcher, 'ab-123 45'), 'conflict', 'brand');
		const ricoh = await findUnitBySerial(dispatcher, 'ab-123 45', 'ricoh');
		expect(ricoh.id).toBe(unitId);
		await expectError(findUnitBySerial(dispatcher, 'ZZ999'), 'not_found');
		await expectError(findUnitBySerial(dispatcher, '---'), 'not_found');
		await expectError(findUnitBySerial(technician, 'AB12345'), 'forbidden');
	});

	it.each([
		[{ serialNumber: '' }, 'serialNumber'],
		[{ serialNumber: 'AB#1' }, 'serialNumber'],
		[{ modelId: 'nope' }, 'modelId'],
		[{ modelId: '0190a0a0-0000-7000-8000-000000000000' }, 'modelId'],
		[{ siteId: '0190a0a0-0000-7000-8000-000000000000' }, 'siteId'],
		[{ status: 'broken' }, 'status'],
		[{ installDate: '31/02/2024' }, 'installDate'],
		[{ installDate: '01/03/2024', warrantyEnd: '29/02/2024' }, 'warrantyEnd']
	])('refuses %j on %s', async (override, field) => {
		const input = { serialNumber: 'NEW-1', modelId: models.ricohMono, siteId: ids.acmeMilano, ...override };
		await expectError(createUnit(dispatcher, input), 'validation', field);
	});

	it('refuses a unit at an inactive site', async () => {
		await expectError(createUnit(dispatcher, { serialNumber: 'NEW-2', modelId: models.ricohMono, siteId: ids.closedSite }), 'validation', 'siteId');
	});

	it('validates attributes against the category (all problems in one error)', async () => {
		const error = await expectError(
			createUnit(dispatcher, { serialNumber: 'LIFT-1', modelId: models.lift, siteId: ids.betaRoma, attributes: { stops: '1', colour: 'red' } }),
			'validation'
		);
		expect(error.field).toBe('attributes.colour');
		expect(error.message).toContain('tonnage: required');
		expect(error.message).toContain('stops: must be at least 2');
		const lift = await createUnit(dispatcher, { serialNumber: 'LIFT-1', modelId: models.lift, siteId: ids.betaRoma, attributes: { tonnage: '0,63', stops: '6' } });
		expect(lift.attributes).toEqual({ tonnage: 0.63, stops: 6 });
		expect(lift.meters.map((m) => m.meterType)).toEqual(['cycles']);
		// Attributes in use cannot be deleted from under the units.
		const [tonnage] = (await listDefinitions(admin, { category: 'lift' })).filter((d) => d.code === 'tonnage');
		await expectError(deleteDefinition(admin, tonnage.id), 'conflict');
	});

	it('technicians and supervisors cannot write units', async () => {
		await expectError(createUnit(technician, { serialNumber: 'T-1', modelId: models.ricohMono, siteId: ids.acmeMilano }), 'forbidden');
		await expectError(createUnit(supervisor, { serialNumber: 'T-1', modelId: models.ricohMono, siteId: ids.acmeMilano }), 'forbidden');
		await expectError(getUnit(technician, unitId), 'forbidden');
		expect((await getUnit(supervisor, unitId)).id).toBe(unitId);
	});

	it('updates, audits status changes, refuses a site change outside a move', async () => {
		const updated = await updateUnit(dispatcher, unitId, { status: 'under_repair', notes: 'Fusore' });
		expect(updated).toMatchObject({ status: 'under_repair', notes: 'Fusore' });
		const statusAudit = await fresh.db.select().from(auditLog).where(eq(auditLog.action, 'equipment.status'));
		expect(statusAudit).toHaveLength(1);
		expect(statusAudit[0]).toMatchObject({ subject: unitId, details: { from: 'active', to: 'under_repair' } });
		await expectError(updateUnit(dispatcher, unitId, { siteId: ids.acmeTorino }), 'validation', 'siteId');
		await expectError(updateUnit(dispatcher, unitId, { warrantyEnd: '01/01/2020' }), 'validation', 'warrantyEnd');
		await expectError(updateUnit(dispatcher, uuidv7(), { notes: 'x' }), 'not_found');
		await expectError(updateUnit(dispatcher, 'not-a-uuid', { notes: 'x' }), 'not_found');
	});

	it('a new model of another brand re-checks the serial; another category re-checks attributes and adds meters', async () => {
		// Ricoh AB12345 -> Canon: Canon already has AB12345.
		await expectError(updateUnit(dispatcher, unitId, { modelId: models.canonColour }), 'conflict', 'serialNumber');
		const hvac = await createUnit(dispatcher, { serialNumber: 'DK-77', modelId: models.hvac, siteId: ids.betaRoma, attributes: { refrigerant: 'r32' } });
		expect(hvac.attributes).toEqual({ refrigerant: 'R32' });
		// HVAC -> lift: the refrigerant is unknown for lifts and tonnage is required.
		await expectError(updateUnit(dispatcher, hvac.id, { modelId: models.lift }), 'validation');
		const moved = await updateUnit(dispatcher, hvac.id, { modelId: models.lift, attributes: { tonnage: 1 } });
		expect(moved).toMatchObject({ brand: 'Schindler', category: 'lift', attributes: { tonnage: 1 } });
		expect(moved.meters.map((m) => m.meterType)).toEqual(['cycles', 'hours']);
	});
});

describe('moves keep history', () => {
	it('closes the open row and opens the next with the reason, in order', async () => {
		const unit = await createUnit(dispatcher, { serialNumber: 'MOVE-1', modelId: models.ricohMono, siteId: ids.acmeMilano, installDate: '2023-06-01' });
		await expectError(moveUnit(dispatcher, unit.id, { siteId: ids.acmeMilano, reason: 'x' }), 'validation', 'siteId');
		await expectError(moveUnit(dispatcher, unit.id, { siteId: ids.acmeTorino, reason: '' }), 'validation', 'reason');
		await expectError(moveUnit(dispatcher, unit.id, { siteId: ids.closedSite, reason: 'x' }), 'validation', 'siteId');
		await expectError(moveUnit(dispatcher, unit.id, { siteId: ids.acmeTorino, reason: 'x', at: '2023-01-01T10:00:00Z' }), 'validation', 'at');
		await expectError(moveUnit(dispatcher, unit.id, { siteId: ids.acmeTorino, reason: 'x', at: '2999-01-01T10:00:00Z' }), 'validation', 'at');
		await expectError(moveUnit(technician, unit.id, { siteId: ids.acmeTorino, reason: 'x' }), 'forbidden');

		await moveUnit(dispatcher, unit.id, { siteId: ids.acmeTorino, reason: 'Apertura filiale', at: '2024-03-01T09:00:00+01:00' });
		const after = await moveUnit(dispatcher, unit.id, { siteId: ids.betaRoma, reason: 'Venduta a Beta' });
		expect(after).toMatchObject({ siteId: ids.betaRoma, customerName: 'Beta Clima S.p.A.' });
		const history = await fresh.db.select().from(equipmentSiteHistory).where(eq(equipmentSiteHistory.equipmentId, unit.id)).orderBy(equipmentSiteHistory.fromAt);
		expect(history.map((h) => [h.siteId, h.reason])).toEqual([
			[ids.acmeMilano, null],
			[ids.acmeTorino, 'Apertura filiale'],
			[ids.betaRoma, 'Venduta a Beta']
		]);
		expect(history[0].toAt?.toISOString()).toBe('2024-03-01T08:00:00.000Z');
		expect(history[1].fromAt.toISOString()).toBe('2024-03-01T08:00:00.000Z');
		expect(history[1].toAt).not.toBeNull();
		expect(history[2].toAt).toBeNull();
	});

	it('a unit without history rows (written by an older import) gets them rebuilt on its first move', async () => {
		const id = uuidv7();
		await fresh.db.insert(equipment).values({ id, modelId: models.ricohMono, brand: 'Ricoh', serialNumber: 'LEGACY-1', serialKey: 'LEGACY1', siteId: ids.acmeMilano, installDate: '2020-05-05' });
		await moveUnit(dispatcher, id, { siteId: ids.acmeTorino, reason: 'Riordino' });
		const history = await fresh.db.select().from(equipmentSiteHistory).where(eq(equipmentSiteHistory.equipmentId, id)).orderBy(equipmentSiteHistory.fromAt);
		expect(history.map((h) => h.siteId)).toEqual([ids.acmeMilano, ids.acmeTorino]);
		expect(history[0].fromAt.toISOString()).toBe('2020-05-04T22:00:00.000Z');
	});
});

describe('timeline', () => {
	it('lists installation, moves, contracts, status changes and monthly readings, newest first', async () => {
		const unit = await createUnit(dispatcher, { serialNumber: 'TL-1', modelId: models.canonColour, siteId: ids.acmeMilano, installDate: '2024-01-10' });
		await moveUnit(dispatcher, unit.id, { siteId: ids.acmeTorino, reason: 'Trasloco', at: '2024-05-02T08:00:00Z' });
		await updateUnit(dispatcher, unit.id, { status: 'standby' });
		// Contracts and readings belong to other modules: arranged directly.
		const calendarId = uuidv7();
		const slaId = uuidv7();
		const contractId = uuidv7();
		await fresh.db.insert(businessCalendars).values({ id: calendarId, name: 'TL', weeklyHours: { '1': [], '2': [], '3': [], '4': [], '5': [], '6': [], '7': [] } });
		await fresh.db.insert(slaLevels).values({ id: slaId, code: 'TL', name: 'TL', calendarId });
		await fresh.db.insert(contracts).values({ id: contractId, number: '2024/000001', customerId: ids.acme, status: 'active', periodicity: 'quarterly', slaLevelId: slaId });
		await fresh.db.insert(contractEquipment).values({ id: uuidv7(), contractId, equipmentId: unit.id, fromDate: '2024-02-01', toDate: '2024-12-31' });
		const [mono] = await fresh.db.select().from(meters).where(eq(meters.equipmentId, unit.id)).orderBy(meters.meterType).then((r) => r.filter((m) => m.meterType === 'mono'));
		await fresh.db.insert(meterReadings).values([
			{ id: uuidv7(), meterId: mono.id, value: 1000, readAt: new Date('2024-03-05T10:00:00Z'), source: 'technician' },
			{ id: uuidv7(), meterId: mono.id, value: 1800, readAt: new Date('2024-03-28T10:00:00Z'), source: 'customer' },
			// 23:30 UTC on 31 May is 1 June in Rome: it counts for June.
			{ id: uuidv7(), meterId: mono.id, value: 2600, readAt: new Date('2024-05-31T23:30:00Z'), source: 'remote', status: 'review' },
			{ id: uuidv7(), meterId: mono.id, value: 1, readAt: new Date('2024-04-01T10:00:00Z'), source: 'remote', status: 'rejected' }
		]);

		const timeline = await getTimeline(supervisor, unit.id);
		const summary = timeline.events.map((e) => `${e.kind}@${e.at.slice(0, 10)}`);
		expect(summary.slice(1)).toEqual([
			'contract_end@2024-12-30',
			'readings@2024-05-31',
			'move@2024-05-02',
			'readings@2024-03-28',
			'contract_start@2024-01-31',
			'installation@2024-01-09'
		]);
		expect(summary[0]).toMatch(/^status@/);
		const june = timeline.events.find((e) => e.kind === 'readings' && e.month === '2024-06');
		expect(june).toMatchObject({ count: 1, inReview: 1, lastValue: 2600, meterType: 'mono' });
		const march = timeline.events.find((e) => e.kind === 'readings' && e.month === '2024-03');
		expect(march).toMatchObject({ count: 2, inReview: 0, lastValue: 1800 });
		const move = timeline.events.find((e) => e.kind === 'move');
		expect(move).toMatchObject({ reason: 'Trasloco', from: { siteId: ids.acmeMilano }, to: { siteId: ids.acmeTorino } });
		expect(timeline.events.find((e) => e.kind === 'status')).toMatchObject({ from: 'active', to: 'standby' });
		expect(timeline.events.find((e) => e.kind === 'installation')).toMatchObject({ siteId: ids.acmeMilano, allDay: true, installDate: '2024-01-10' });
		expect(timeline.calls).toEqual({ items: [] });
		await expectError(getTimeline(technician, unit.id), 'forbidden');
		await expectError(getTimeline(supervisor, uuidv7()), 'not_found');
	});
});

describe('list, filters, pagination, export', () => {
	beforeAll(async () => {
		for (let i = 1; i <= 30; i++) {
			await createUnit(dispatcher, {
				serialNumber: `PG-${String(i).padStart(3, '0')}`,
				modelId: i % 2 ? models.ricohMono : models.canonColour,
				siteId: i % 3 ? ids.acmeMilano : ids.betaRoma,
				status: i % 5 ? 'active' : 'decommissioned'
			});
		}
	});

	const list = async (query: string, actor: Actor = dispatcher) => {
		const params = new URLSearchParams(query);
		return listUnits(actor, filterFromParams(params), pageRequest(params));
	};

	it('pages in brand + serial order with totals', async () => {
		const page1 = await list('serial=PG&pageSize=10');
		expect(page1).toMatchObject({ total: 30, page: 1, pageSize: 10, pages: 3 });
		const page3 = await list('serial=pg-&pageSize=10&page=3');
		expect(page3.items).toHaveLength(10);
		const all = [...page1.items, ...(await list('serial=PG&pageSize=10&page=2')).items, ...page3.items];
		const order = all.map((u) => `${u.brand} ${u.serialKey}`);
		expect(order).toEqual([...order].sort());
		expect(new Set(all.map((u) => u.id)).size).toBe(30);
		// Past the last page: no rows, and the total still right.
		expect(await list('serial=PG&page=9')).toMatchObject({ items: [], total: 30, pages: 2 });
	});

	it('the unfiltered list pages the whole installed base with its total', async () => {
		const all = await fresh.db.select({ id: equipment.id }).from(equipment);
		const first = await list('pageSize=5');
		expect(first.total).toBe(all.length);
		expect(first.items).toHaveLength(5);
		const order = first.items.map((u) => `${u.brand} ${u.serialKey}`);
		expect(order).toEqual([...order].sort());
	});

	it.each([
		['q=pg-01', 10],
		['q=PG 001', 1],
		['q=acme&serial=PG', 20],
		['q=beta clima&serial=PG', 10],
		['q=c3226&serial=PG', 15],
		['q=ricoh&serial=PG', 15],
		['province=RM&serial=PG', 10],
		['province=mi&serial=PG', 20],
		['region=12&serial=PG', 10],
		['category=copier_colour&serial=PG', 15],
		['category=copier_colour&province=RM&serial=PG', 5],
		['status=decommissioned&serial=PG', 6],
		['brand=canon&serial=PG', 15],
		['q=zzz-nothing', 0]
	])('%s -> %i units', async (query, expected) => {
		expect((await list(query)).total).toBe(expected);
	});

	it('filters by customer, site and model', async () => {
		expect((await list(`customerId=${ids.beta}&serial=PG`)).total).toBe(10);
		expect((await list(`siteId=${ids.acmeMilano}&serial=PG`)).total).toBe(20);
		expect((await list(`modelId=${models.ricohMono}&serial=PG`)).total).toBe(15);
	});

	it('LIKE wildcards in the search are literal', async () => {
		expect((await list('q=%25')).total).toBe(0);
		expect((await list('q=_')).total).toBe(0);
	});

	it.each([
		['province=Milano', 'province'],
		['category=toaster', 'category'],
		['status=x', 'status'],
		['customerId=1', 'customerId'],
		['page=0', 'page'],
		['pageSize=1000', 'pageSize']
	])('bad filter %s is a 400 on %s', async (query, field) => {
		await expectError(list(query), 'validation', field);
	});

	it('exports the filtered list as Italian CSV with attribute columns', async () => {
		const csv = await exportUnitsCsv(dispatcher, filterFromParams(new URLSearchParams('serial=PG&province=RM&category=copier_mono')));
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).trim().split('\r\n');
		expect(lines[0].split(';').slice(0, 6)).toEqual(['serial', 'brand', 'model', 'family', 'category', 'status']);
		expect(lines[0]).toContain('attr_tonnage');
		expect(lines).toHaveLength(1 + 5);
		expect(lines.slice(1).every((l) => l.includes(';Ricoh;MP 2014;') && l.includes(';RM;'))).toBe(true);
		const liftCsv = await exportUnitsCsv(dispatcher, filterFromParams(new URLSearchParams('serial=LIFT-1')));
		const [header, row] = liftCsv.slice(1).trim().split('\r\n');
		const cells = Object.fromEntries(header.split(';').map((h, i) => [h, row.split(';')[i]]));
		expect(cells).toMatchObject({ serial: 'LIFT-1', attr_tonnage: '0,63', attr_stops: '6', attr_refrigerant: '' });
	});

	it('technicians cannot list', async () => {
		await expectError(list('', technician), 'forbidden');
	});
});

describe('CSV import', () => {
	const header = 'serial;brand;model;site_id;customer_code;site_name;status;install_date;warranty_end;attr_tonnage;attr_stops;attr_refrigerant';

	it('a dry run reports every bad row with line and field, and writes nothing', async () => {
		const before = await fresh.db.select({ id: equipment.id }).from(equipment);
		const csv = [
			header,
			`IMP-1;Ricoh;MP 2014;${ids.acmeMilano};;;attivo;01/02/2024;01/02/2026;;;`,
			`IMP-2;ricoh;mp 2014;;c-acme;filiale torino;;;;;;`,
			`;Ricoh;MP 2014;${ids.acmeMilano};;;;;;;;`,
			`IMP-4;Ricoh;XX 1;${ids.acmeMilano};;;;;;;;`,
			`IMP-5;Ricoh;MP 2014;${uuidv7()};;;;;;;;`,
			`IMP-6;Ricoh;MP 2014;;C-ACME;Sede Inesistente;;;;;;`,
			`IMP-7;Ricoh;MP 2014;${ids.acmeMilano};;;rotto;31/02/2024;;;;`,
			`IMP-8;Ricoh;MP 2014;${ids.acmeMilano};;;;01/02/2024;01/01/2024;;;`,
			`IMP-9;Schindler;3300;${ids.betaRoma};;;;;;;1;`,
			`imp 1;Ricoh;MP 2014;${ids.acmeTorino};;;;;;;;`,
			`AB12345;Ricoh;MP 2014;${ids.acmeTorino};;;;;;;;`,
			`IMP-12;Daikin;FTXM35R;${ids.betaRoma};;;;;;;;R22`,
			`IMP-13;Ricoh;MP 2014;${ids.closedSite};;;;;;;;`,
			`IMP-14;Ricoh;MP 2014;${ids.acmeMilano};;;;;;1;;`
		].join('\r\n');
		const report = await importUnitsCsv(dispatcher, csv, { dryRun: true });
		expect(report).toMatchObject({ dryRun: true, rows: 14, written: 0 });
		const byLine = report.problems.map((p) => `${p.line}:${p.field}`);
		expect(byLine).toEqual([
			'4:serial',
			'5:model',
			'6:site_id',
			'7:site_name',
			'8:status',
			'8:install_date',
			'9:warranty_end',
			'10:attr_stops',
			'10:attr_tonnage',
			'11:serial',
			'12:serial',
			'13:attr_refrigerant',
			'14:site_id',
			'15:attr_tonnage'
		]);
		expect(report.problems.find((p) => p.line === 11)?.message).toContain('line 2');
		expect(report.problems.find((p) => p.line === 12)?.message).toContain('already exists');
		expect(await fresh.db.select({ id: equipment.id }).from(equipment)).toHaveLength(before.length);
	});

	it('a real run with any bad row writes nothing either', async () => {
		const before = await fresh.db.select({ id: equipment.id }).from(equipment);
		const csv = [header, `IMP-20;Ricoh;MP 2014;${ids.acmeMilano};;;;;;;;`, `IMP-21;Ricoh;NOPE;${ids.acmeMilano};;;;;;;;`].join('\n');
		const report = await importUnitsCsv(dispatcher, csv, { dryRun: false });
		expect(report).toMatchObject({ dryRun: false, written: 0, problems: [{ line: 3, field: 'model' }] });
		expect(await fresh.db.select({ id: equipment.id }).from(equipment)).toHaveLength(before.length);
	});

	it('a clean file is written whole: units, meters and history', async () => {
		const csv = [
			header,
			`IMP-30;Ricoh;MP 2014;${ids.acmeMilano};;;in riparazione;01/02/2024;01/02/2026;;;`,
			`IMP-31;Schindler;3300;;C-BETA;Sede Roma;dismesso;;;"1,5";4;`,
			`IMP-32;Daikin;FTXM35R;${ids.betaRoma};;;;;;;;r410a`
		].join('\r\n');
		const dry = await importUnitsCsv(dispatcher, csv, { dryRun: true });
		expect(dry).toEqual({ dryRun: true, rows: 3, written: 0, problems: [] });
		const report = await importUnitsCsv(dispatcher, csv, { dryRun: false });
		expect(report).toEqual({ dryRun: false, rows: 3, written: 3, problems: [] });
		const lift = await findUnitBySerial(dispatcher, 'imp-31');
		expect(lift).toMatchObject({ status: 'decommissioned', siteId: ids.betaRoma, attributes: { tonnage: 1.5, stops: 4 } });
		const detail = await getUnit(dispatcher, lift.id);
		expect(detail.meters.map((m) => m.meterType)).toEqual(['cycles']);
		const history = await fresh.db.select().from(equipmentSiteHistory).where(eq(equipmentSiteHistory.equipmentId, lift.id));
		expect(history).toHaveLength(1);
		expect((await findUnitBySerial(dispatcher, 'IMP30')).installDate).toBe('2024-02-01');
		expect((await findUnitBySerial(dispatcher, 'IMP-32')).attributes).toEqual({ refrigerant: 'R410A' });
		// Importing the same file again: every row is now a duplicate.
		const again = await importUnitsCsv(dispatcher, csv, { dryRun: true });
		expect(again.problems.map((p) => `${p.line}:${p.field}`)).toEqual(['2:serial', '3:serial', '4:serial']);
	});

	it.each([
		['', 'file'],
		['serial;brand\nX;Y', 'file'],
		['serial;brand;model;customer_code\nX;Y;Z;C', 'file'],
		['serial;brand;model;site_id', 'file']
	])('refuses an unusable file %j', async (csv, field) => {
		await expectError(importUnitsCsv(dispatcher, csv, { dryRun: true }), 'validation', field);
	});

	it('technicians and supervisors cannot import', async () => {
		await expectError(importUnitsCsv(technician, `${header}\n`, { dryRun: true }), 'forbidden');
		await expectError(importUnitsCsv(supervisor, `${header}\n`, { dryRun: true }), 'forbidden');
	});
});

describe('model changes reach the units', () => {
	it('a brand rename follows to units; category and meter removal are refused while units exist; a new meter type is added', async () => {
		await expectError(updateModel(dispatcher, models.lift, { category: 'hvac' }), 'conflict', 'category');
		await expectError(updateModel(dispatcher, models.lift, { meterTypes: [] }), 'conflict', 'meterTypes');
		await expectError(deleteModel(dispatcher, models.lift), 'conflict');
		const renamed = await updateModel(dispatcher, models.lift, { brand: 'Schindler AG', meterTypes: ['cycles', 'hours'] });
		expect(renamed.brand).toBe('Schindler AG');
		const lift = await findUnitBySerial(dispatcher, 'LIFT-1');
		expect(lift.brand).toBe('Schindler AG');
		expect((await getUnit(dispatcher, lift.id)).meters.map((m) => m.meterType)).toEqual(['cycles', 'hours']);
		// Renaming Canon to Ricoh would give two Ricoh AB12345: refused, nothing changed.
		await expectError(updateModel(dispatcher, models.canonColour, { brand: 'Ricoh' }), 'conflict', 'brand');
		expect((await findUnitBySerial(dispatcher, 'AB12345', 'canon')).brand).toBe('Canon');
	});
});
