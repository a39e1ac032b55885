import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, equipment, equipmentSiteHistory, meters, sites } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { startServer, type ServerProcess } from '../support/server-process';
import { loginEach, oneUserPerRole } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';
import { callerFor, expectStatus } from '../support/http-calls';

let fresh: FreshDatabase;
let server: ServerProcess;
const cookies = {} as Record<'admin' | 'dispatcher' | 'supervisor' | 'technician', string>;
const ids = {} as Record<'customer' | 'milano' | 'roma', string>;

beforeAll(async () => {
	fresh = await freshDatabase();
	const users = await oneUserPerRole(fresh.db);
	// Customers and sites belong to another module: arranged directly.
	ids.customer = uuidv7();
	ids.milano = uuidv7();
	ids.roma = uuidv7();
	await fresh.db.insert(customers).values({ id: ids.customer, code: 'C-HTTP', businessName: 'Http Uffici S.r.l.', address: 'Via Roma 1' });
	await fresh.db.insert(sites).values([
		{ id: ids.milano, customerId: ids.customer, name: 'Milano', address: 'Via A 1', comuneIstat: '015146', comuneName: 'Milano', province: 'MI', regionCode: '03', location: { lng: 9.19, lat: 45.46 } },
		{ id: ids.roma, customerId: ids.customer, name: 'Roma', address: 'Via B 2', comuneIstat: '058091', comuneName: 'Roma', province: 'RM', regionCode: '12', location: { lng: 12.49, lat: 41.9 } }
	]);
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	Object.assign(cookies, await loginEach(server.url, users));
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

const call = callerFor(() => server.url, cookies);

let modelId: string;
let unitId: string;

describe('models, meter types, attribute definitions over HTTP', () => {
	it('GET /api/meter-types', async () => {
		const body = await expectStatus(await call('supervisor', 'GET', '/api/meter-types'), 200);
		expect(body.items.map((t: { code: string }) => t.code)).toContain('mono');
	});

	it('POST /api/equipment-models: 201, then 409 for the same brand + model, 400 with the field', async () => {
		const created = await expectStatus(await call('dispatcher', 'POST', '/api/equipment-models', { brand: 'Kyocera', model: 'TASKalfa 2554ci', category: 'copier_colour', meterTypes: ['mono', 'colour'] }), 201);
		modelId = created.id;
		expect(created).toMatchObject({ brand: 'Kyocera', units: 0, meterTypes: ['mono', 'colour'] });
		await expectStatus(await call('dispatcher', 'POST', '/api/equipment-models', { brand: 'kyocera', model: 'TASKALFA 2554CI', category: 'copier_colour' }), 409, 'model');
		await expectStatus(await call('dispatcher', 'POST', '/api/equipment-models', { brand: 'Kyocera', model: 'X', category: 'fax' }), 400, 'category');
		await expectStatus(await call('dispatcher', 'POST', '/api/equipment-models', '{nope'), 400, 'body');
		const list = await expectStatus(await call('supervisor', 'GET', '/api/equipment-models?q=taskalfa'), 200);
		expect(list.items).toHaveLength(1);
		await expectStatus(await call('supervisor', 'GET', `/api/equipment-models/${modelId}`), 200);
		await expectStatus(await call('supervisor', 'GET', '/api/equipment-models/not-a-uuid'), 404);
		await expectStatus(await call('supervisor', 'GET', `/api/equipment-models/${uuidv7()}`), 404);
		await expectStatus(await call('supervisor', 'POST', '/api/equipment-models', { brand: 'HP', model: 'X', category: 'printer' }), 403);
		const patched = await expectStatus(await call('dispatcher', 'PATCH', `/api/equipment-models/${modelId}`, { family: 'TASKalfa' }), 200);
		expect(patched.family).toBe('TASKalfa');
	});

	it('attribute definitions: admin writes, dispatcher reads, 403 for dispatcher writes', async () => {
		await expectStatus(await call('dispatcher', 'POST', '/api/attribute-definitions', { category: 'copier_colour', code: 'ppm', labelIt: 'Pagine/min', labelEn: 'Pages/min', type: 'integer' }), 403);
		const def = await expectStatus(
			await call('admin', 'POST', '/api/attribute-definitions', { category: 'copier_colour', code: 'ppm', labelIt: 'Pagine/min', labelEn: 'Pages/min', type: 'integer', minValue: 1, maxValue: 200 }),
			201
		);
		await expectStatus(await call('admin', 'POST', '/api/attribute-definitions', { category: 'copier_colour', code: 'ppm', labelIt: 'x', labelEn: 'x', type: 'text' }), 409, 'code');
		await expectStatus(await call('admin', 'POST', '/api/attribute-definitions', { category: 'copier_colour', code: 'fin', labelIt: 'x', labelEn: 'x', type: 'choice' }), 400, 'choices');
		const list = await expectStatus(await call('dispatcher', 'GET', '/api/attribute-definitions?category=copier_colour'), 200);
		expect(list.items.map((d: { code: string }) => d.code)).toEqual(['ppm']);
		await expectStatus(await call('dispatcher', 'GET', '/api/attribute-definitions?category=boat'), 400, 'category');
		const patched = await expectStatus(await call('admin', 'PATCH', `/api/attribute-definitions/${def.id}`, { required: true }), 200);
		expect(patched.required).toBe(true);
		await expectStatus(await call('admin', 'GET', `/api/attribute-definitions/${uuidv7()}`), 404);
	});
});

describe('units over HTTP', () => {
	it('POST /api/equipment creates the unit with meters and an open history row', async () => {
		await expectStatus(await call('dispatcher', 'POST', '/api/equipment', { serialNumber: 'KY-1', modelId, siteId: ids.milano }), 400, 'attributes.ppm');
		const unit = await expectStatus(
			await call('dispatcher', 'POST', '/api/equipment', { serialNumber: 'ky 555-01', modelId, siteId: ids.milano, installDate: '2025-03-10', attributes: { ppm: '25' } }),
			201
		);
		unitId = unit.id;
		expect(unit).toMatchObject({ serialKey: 'KY55501', brand: 'Kyocera', attributes: { ppm: 25 }, siteId: ids.milano });
		expect(unit.meters.map((m: { meterType: string }) => m.meterType)).toEqual(['colour', 'mono']);
		expect(await fresh.db.select().from(meters).where(eq(meters.equipmentId, unitId))).toHaveLength(2);
		expect(await fresh.db.select().from(equipmentSiteHistory).where(eq(equipmentSiteHistory.equipmentId, unitId))).toHaveLength(1);
	});

	it('duplicate serial of the same brand is 409 on serialNumber', async () => {
		await expectStatus(await call('dispatcher', 'POST', '/api/equipment', { serialNumber: 'KY55501', modelId, siteId: ids.roma, attributes: { ppm: 30 } }), 409, 'serialNumber');
	});

	it.each([
		[{ serialNumber: 'X#1' }, 'serialNumber'],
		[{ siteId: 'nope' }, 'siteId'],
		[{ installDate: '2025-13-01' }, 'installDate'],
		[{ installDate: '2025-03-10', warrantyEnd: '2025-03-09' }, 'warrantyEnd'],
		[{ attributes: { ppm: 0 } }, 'attributes.ppm'],
		[{ attributes: { speed: 1, ppm: 10 } }, 'attributes.speed'],
		[{ attributes: 'ppm=3' }, 'attributes']
	])('POST /api/equipment %j -> 400 on %s', async (override, field) => {
		await expectStatus(await call('dispatcher', 'POST', '/api/equipment', { serialNumber: 'KY-NEW', modelId, siteId: ids.milano, attributes: { ppm: 10 }, ...override }), 400, field);
	});

	it('GET /api/equipment/by-serial/:serial normalises messy input; 404 when unknown', async () => {
		const body = await expectStatus(await call('supervisor', 'GET', `/api/equipment/by-serial/${encodeURIComponent('ky-555 01')}`), 200);
		expect(body).toMatchObject({ id: unitId, serialNumber: 'ky 555-01', customerName: 'Http Uffici S.r.l.', province: 'MI' });
		await expectStatus(await call('supervisor', 'GET', `/api/equipment/by-serial/${encodeURIComponent('ky.555/01')}`), 200);
		await expectStatus(await call('supervisor', 'GET', '/api/equipment/by-serial/NOPE999'), 404);
		await expectStatus(await call('supervisor', 'GET', `/api/equipment/by-serial/${encodeURIComponent('%%%')}`), 404);
	});

	it('GET/PATCH /api/equipment/:id; 404 for unknown and malformed ids', async () => {
		const got = await expectStatus(await call('supervisor', 'GET', `/api/equipment/${unitId}`), 200);
		expect(got.id).toBe(unitId);
		await expectStatus(await call('supervisor', 'GET', `/api/equipment/${uuidv7()}`), 404);
		await expectStatus(await call('supervisor', 'GET', '/api/equipment/123'), 404);
		const patched = await expectStatus(await call('dispatcher', 'PATCH', `/api/equipment/${unitId}`, { status: 'under_repair', notes: 'Toner' }), 200);
		expect(patched).toMatchObject({ status: 'under_repair', notes: 'Toner' });
		await expectStatus(await call('dispatcher', 'PATCH', `/api/equipment/${unitId}`, { siteId: ids.roma }), 400, 'siteId');
		await expectStatus(await call('dispatcher', 'PATCH', `/api/equipment/${unitId}`, { status: 'lost' }), 400, 'status');
		await expectStatus(await call('supervisor', 'PATCH', `/api/equipment/${unitId}`, { notes: 'x' }), 403);
	});

	it('POST /api/equipment/:id/move keeps history; GET timeline lists it newest first', async () => {
		await expectStatus(await call('dispatcher', 'POST', `/api/equipment/${unitId}/move`, { siteId: ids.roma }), 400, 'reason');
		const moved = await expectStatus(await call('dispatcher', 'POST', `/api/equipment/${unitId}/move`, { siteId: ids.roma, reason: 'Nuovo ufficio' }), 200);
		expect(moved.siteId).toBe(ids.roma);
		const history = await fresh.db.select().from(equipmentSiteHistory).where(eq(equipmentSiteHistory.equipmentId, unitId)).orderBy(equipmentSiteHistory.fromAt);
		expect(history.map((h) => [h.siteId, h.toAt === null])).toEqual([
			[ids.milano, false],
			[ids.roma, true]
		]);
		const timeline = await expectStatus(await call('supervisor', 'GET', `/api/equipment/${unitId}/timeline`), 200);
		expect(timeline.events.map((e: { kind: string }) => e.kind)).toEqual(['move', 'status', 'installation']);
		expect(timeline.calls).toEqual({ items: [] });
		await expectStatus(await call('supervisor', 'GET', `/api/equipment/${uuidv7()}/timeline`), 404);
	});

	it('list with filters, pagination and CSV export', async () => {
		for (let i = 0; i < 5; i++) {
			await expectStatus(await call('dispatcher', 'POST', '/api/equipment', { serialNumber: `LST-${i}`, modelId, siteId: i < 2 ? ids.milano : ids.roma, attributes: { ppm: 20 + i } }), 201);
		}
		const page = await expectStatus(await call('supervisor', 'GET', '/api/equipment?q=lst&pageSize=2&page=2'), 200);
		expect(page).toMatchObject({ total: 5, page: 2, pageSize: 2, pages: 3 });
		expect(page.items.map((u: { serialKey: string }) => u.serialKey)).toEqual(['LST2', 'LST3']);
		const milano = await expectStatus(await call('supervisor', 'GET', '/api/equipment?q=LST&province=MI&category=copier_colour'), 200);
		expect(milano.total).toBe(2);
		await expectStatus(await call('supervisor', 'GET', '/api/equipment?province=Milano'), 400, 'province');
		await expectStatus(await call('supervisor', 'GET', '/api/equipment?pageSize=0'), 400, 'pageSize');
		const csv = await call('supervisor', 'GET', '/api/equipment?q=LST&province=RM&format=csv');
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const text = await csv.text();
		const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
		expect(lines[0]).toContain('serial;brand;model');
		expect(lines[0]).toContain('attr_ppm');
		expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(['LST-2', 'LST-3', 'LST-4']);
	});

	it('import: dry run reports every bad row and writes nothing; a bad real run is a 400 with the report', async () => {
		const before = (await fresh.db.select({ id: equipment.id }).from(equipment)).length;
		const csv = [
			'serial;brand;model;customer_code;site_name;install_date;attr_ppm',
			'IMP-A;Kyocera;TASKalfa 2554ci;C-HTTP;Milano;01/02/2025;30',
			'IMP-B;Kyocera;TASKalfa 2554ci;C-HTTP;Napoli;01/02/2025;30',
			'IMP-C;Kyocera;TASKalfa 2554ci;C-HTTP;Roma;32/01/2025;abc',
			'LST-1;Kyocera;TASKalfa 2554ci;C-HTTP;Roma;;30'
		].join('\r\n');
		const report = await expectStatus(await call('dispatcher', 'POST', '/api/equipment/import?dryRun=1', csv, 'text/csv'), 200);
		expect(report).toMatchObject({ dryRun: true, rows: 4, written: 0 });
		expect(report.problems.map((p: { line: number; field: string }) => `${p.line}:${p.field}`)).toEqual(['3:site_name', '4:install_date', '4:attr_ppm', '5:serial']);
		const real = await expectStatus(await call('dispatcher', 'POST', '/api/equipment/import', csv, 'text/csv'), 400, 'file');
		expect(real.report.problems).toHaveLength(4);
		expect((await fresh.db.select({ id: equipment.id }).from(equipment)).length).toBe(before);
		const good = await expectStatus(await call('dispatcher', 'POST', '/api/equipment/import', csv.split('\r\n').slice(0, 2).join('\r\n'), 'text/csv'), 200);
		expect(good).toMatchObject({ dryRun: false, written: 1 });
		await expectStatus(await call('supervisor', 'POST', '/api/equipment/import?dryRun=1', csv, 'text/csv'), 403);
	});
});

describe('technicians cannot use the equipment API (403)', () => {
	it.each([
		['GET', '/api/equipment'],
		['POST', '/api/equipment'],
		['GET', '/api/equipment/by-serial/KY55501'],
		['GET', '/api/equipment/00000000-0000-7000-8000-000000000000'],
		['PATCH', '/api/equipment/00000000-0000-7000-8000-000000000000'],
		['POST', '/api/equipment/00000000-0000-7000-8000-000000000000/move'],
		['GET', '/api/equipment/00000000-0000-7000-8000-000000000000/timeline'],
		['POST', '/api/equipment/import'],
		['GET', '/api/equipment-models'],
		['POST', '/api/equipment-models'],
		['GET', '/api/attribute-definitions'],
		['GET', '/api/meter-types']
	])('%s %s', async (method, path) => {
		const res = await call('technician', method, path, method === 'GET' ? undefined : {});
		expect(res.status).toBe(403);
	});

	it('pages too', async () => {
		for (const path of ['/equipment', '/equipment/new', '/equipment/models', `/equipment/${unitId}`, '/settings/attributes']) {
			const res = await call('technician', 'GET', path);
			expect(res.status, path).toBe(403);
		}
	});

	it('settings/attributes is for admins only; supervisors read equipment pages', async () => {
		expect((await call('dispatcher', 'GET', '/settings/attributes')).status).toBe(403);
		expect((await call('admin', 'GET', '/settings/attributes')).status).toBe(200);
		expect((await call('supervisor', 'GET', `/equipment/${unitId}`)).status).toBe(200);
		expect((await call('supervisor', 'GET', '/equipment?q=LST&province=MI')).status).toBe(200);
		expect((await call('supervisor', 'GET', '/equipment/new')).status).toBe(403);
	});
});

describe('pages render', () => {
	it('the list, the detail (with timeline and readings link), models, new-unit site search', async () => {
		const list = await (await call('dispatcher', 'GET', '/equipment?q=LST')).text();
		expect(list).toContain('LST-0');
		const detail = await (await call('dispatcher', 'GET', `/equipment/${unitId}`)).text();
		expect(detail).toContain('ky 555-01');
		expect(detail).toContain(`/equipment/${unitId}/readings`);
		expect(detail).toContain('data-testid="timeline"');
		expect(detail).toContain('data-testid="calls-section"');
		expect((await call('dispatcher', 'GET', `/equipment/${uuidv7()}`)).status).toBe(404);
		const models = await (await call('dispatcher', 'GET', '/equipment/models')).text();
		expect(models).toContain('TASKalfa 2554ci');
		const pick = await (await call('dispatcher', 'GET', '/equipment/new?siteQuery=http')).text();
		expect(pick).toContain(`siteId=${ids.milano}`);
	});

	it('the find-serial form jumps to the unit, or says it is unknown', async () => {
		const form = (serial: string) =>
			fetch(`${server.url}/equipment?/find`, {
				method: 'POST',
				// A browser without JavaScript: HTML wanted, so a redirect is a real 303.
				headers: { cookie: cookies.dispatcher, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
				body: new URLSearchParams({ serial }),
				redirect: 'manual'
			});
		const hit = await form('KY 555-01');
		expect(hit.status).toBe(303);
		expect(hit.headers.get('location')).toBe(`/equipment/${unitId}`);
		const prefix = await form('lst');
		expect(prefix.status).toBe(303);
		expect(prefix.headers.get('location')).toBe('/equipment?serial=LST');
		const miss = await form('ZZZ-404');
		expect(miss.status).toBe(404);
	});
});
