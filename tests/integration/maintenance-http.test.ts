import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialKey } from '../../src/lib/domain/serial';
import { customers, equipment, equipmentModels, meterReadings, meters, sites } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { dayAt } from '../../src/lib/domain/contract-terms';
import { everyDaySlaLevel } from '../support/sla-fixtures';
import { startServer, type ServerProcess } from '../support/server-process';
import { loginEach, oneUserPerRole } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';
import { callerFor, expectStatus } from '../support/http-calls';

let fresh: FreshDatabase;
let server: ServerProcess;
type Role = 'admin' | 'dispatcher' | 'supervisor' | 'technician';
const cookies = {} as Record<Role, string>;
let unitId: string;
let meterId: string;

beforeAll(async () => {
	fresh = await freshDatabase();
	const users = await oneUserPerRole(fresh.db);
	await everyDaySlaLevel(users.admin, 'SEMPRE', 'Sempre');
	// Customers, sites and units belong to other modules: arranged directly.
	const customerId = uuidv7();
	const siteId = uuidv7();
	const modelId = uuidv7();
	unitId = uuidv7();
	meterId = uuidv7();
	await fresh.db.insert(customers).values({ id: customerId, code: 'C-MNT', businessName: 'Manutenzioni Http Srl', address: 'Via Roma 1' });
	await fresh.db.insert(sites).values({ id: siteId, customerId, name: 'Milano', address: 'Via A 1', comuneIstat: '015146', comuneName: 'Milano', province: 'MI', regionCode: '03', location: { lng: 9.19, lat: 45.46 } });
	await fresh.db.insert(equipmentModels).values({ id: modelId, brand: 'Kyocera', model: 'TASKalfa 3554ci', category: 'copier_colour', meterTypes: ['mono'] });
	await fresh.db.insert(equipment).values({ id: unitId, modelId, brand: 'Kyocera', serialNumber: 'MNT-1', serialKey: serialKey('MNT-1'), siteId });
	await fresh.db.insert(meters).values({ id: meterId, equipmentId: unitId, meterType: 'mono', maxValue: 999_999 });
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	Object.assign(cookies, await loginEach(server.url, users));
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

const call = callerFor(() => server.url, cookies);

describe('maintenance plans over HTTP', () => {
	it('a dispatcher adds, reads, edits, generates and deletes; the answer names the calls made', async () => {
		const today = dayAt(new Date());
		const plan = await expectStatus(await call('dispatcher', 'POST', `/api/equipment/${unitId}/maintenance-plans`, { kind: 'interval', description: 'Sostituzione kit fusore', everyMonths: 6, anchorDate: today, leadDays: 0 }), 201);
		expect(plan).toMatchObject({ kind: 'interval', everyMonths: 6, anchorDate: today, priority: 'low', active: true, next: { dueOn: today } });
		const list = await expectStatus(await call('supervisor', 'GET', `/api/equipment/${unitId}/maintenance-plans`), 200);
		expect(list.items.map((p: { id: string }) => p.id)).toEqual([plan.id]);
		const edited = await expectStatus(await call('dispatcher', 'PUT', `/api/maintenance-plans/${plan.id}`, { priority: 'high', estimatedMinutes: 120 }), 200);
		expect(edited).toMatchObject({ priority: 'high', estimatedMinutes: 120 });

		const run = await expectStatus(await call('dispatcher', 'POST', '/api/maintenance/generate', {}), 200);
		// No technician in this database: the call waits in the queue (assigned: null).
		expect(run.created).toEqual([{ planId: plan.id, callId: expect.any(String), number: expect.stringMatching(/^\d{4}\/\d{6}$/), assigned: null }]);
		expect(run.waiting).toEqual([]);
		const made = await expectStatus(await call('dispatcher', 'GET', `/api/calls/${run.created[0].callId}`), 200);
		expect(made).toMatchObject({ type: 'scheduled_maintenance', priority: 'high', estimatedMinutes: 120, equipment: { id: unitId } });
		expect(made.sla.onsiteDue).toEqual(expect.any(String));
		const again = await expectStatus(await call('admin', 'POST', '/api/maintenance/generate', { today }), 200);
		expect(again.created).toEqual([]);

		await expectStatus(await call('dispatcher', 'DELETE', `/api/maintenance-plans/${plan.id}`), 204);
		await expectStatus(await call('dispatcher', 'GET', `/api/maintenance-plans/${plan.id}`), 404);
	});

	it('bad input is a 400 naming the field', async () => {
		const url = `/api/equipment/${unitId}/maintenance-plans`;
		await expectStatus(await call('dispatcher', 'POST', url, { kind: 'interval', description: 'Kit', everyMonths: 0, anchorDate: '2027-01-01' }), 400, 'everyMonths');
		await expectStatus(await call('dispatcher', 'POST', url, { kind: 'interval', description: 'Kit', everyMonths: 6 }), 400, 'anchorDate');
		await expectStatus(await call('dispatcher', 'POST', url, { kind: 'interval', description: 'Kit', everyMonths: 6, anchorDate: '2027-01-01', leadDays: 90 }), 400, 'leadDays');
		await expectStatus(await call('dispatcher', 'POST', url, { kind: 'counter', description: 'Kit', meterId, everyUnits: 50000 }), 400, 'baselineValue');
		await expectStatus(await call('dispatcher', 'POST', url, { kind: 'counter', description: 'Kit', meterId, everyUnits: 0, baselineValue: 0 }), 400, 'everyUnits');
		await expectStatus(await call('dispatcher', 'POST', url, '{nope'), 400, 'body');
		await expectStatus(await call('dispatcher', 'POST', '/api/maintenance/generate', { today: '2027-02-30' }), 400, 'today');
		// A future day would record its occurrence now and skip those before it.
		await expectStatus(await call('dispatcher', 'POST', '/api/maintenance/generate', { today: '2099-01-01' }), 400, 'today');
		await expectStatus(await call('dispatcher', 'GET', `/api/equipment/${uuidv7()}/maintenance-plans`), 404);
	});

	it('a technician gets 403 on every endpoint; a supervisor reads but cannot change or generate', async () => {
		const plan = await expectStatus(await call('admin', 'POST', `/api/equipment/${unitId}/maintenance-plans`, { kind: 'interval', description: 'Pulizia', everyMonths: 12, anchorDate: '2030-01-01' }), 201);
		const body = { kind: 'interval', description: 'Pulizia', everyMonths: 12, anchorDate: '2030-01-01' };
		await expectStatus(await call('technician', 'GET', `/api/equipment/${unitId}/maintenance-plans`), 403);
		await expectStatus(await call('technician', 'POST', `/api/equipment/${unitId}/maintenance-plans`, body), 403);
		await expectStatus(await call('technician', 'GET', `/api/maintenance-plans/${plan.id}`), 403);
		await expectStatus(await call('technician', 'PUT', `/api/maintenance-plans/${plan.id}`, { active: false }), 403);
		await expectStatus(await call('technician', 'DELETE', `/api/maintenance-plans/${plan.id}`), 403);
		await expectStatus(await call('technician', 'POST', '/api/maintenance/generate', {}), 403);
		await expectStatus(await call('supervisor', 'GET', `/api/maintenance-plans/${plan.id}`), 200);
		await expectStatus(await call('supervisor', 'POST', `/api/equipment/${unitId}/maintenance-plans`, body), 403);
		await expectStatus(await call('supervisor', 'PUT', `/api/maintenance-plans/${plan.id}`, { active: false }), 403);
		await expectStatus(await call('supervisor', 'DELETE', `/api/maintenance-plans/${plan.id}`), 403);
		await expectStatus(await call('supervisor', 'POST', '/api/maintenance/generate', {}), 403);
	});

	it('the unit page lists the plans in Italian; only dispatchers and admins see the buttons', async () => {
		await fresh.db.insert(meterReadings).values({ id: uuidv7(), meterId, value: 31_200, readAt: new Date(Date.now() - 86_400_000), source: 'technician' });
		await expectStatus(await call('dispatcher', 'POST', `/api/equipment/${unitId}/maintenance-plans`, { kind: 'counter', description: 'Kit tamburo', meterId, everyUnits: 50_000 }), 201);
		const page = await call('dispatcher', 'GET', `/equipment/${unitId}`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Manutenzione programmata');
		expect(html).toContain('Ogni 50.000 copie, contatore ora a 31.200');
		expect(html).toContain('Aggiungi piano');
		expect(html).toContain('Genera ora le chiamate dovute');
		const asSupervisor = await (await call('supervisor', 'GET', `/equipment/${unitId}`)).text();
		expect(asSupervisor).toContain('Ogni 50.000 copie, contatore ora a 31.200');
		expect(asSupervisor).not.toContain('Aggiungi piano');
		expect(asSupervisor).not.toContain('Genera ora le chiamate dovute');
	});
});
