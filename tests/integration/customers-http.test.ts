// The customers, sites, contacts and comuni JSON API through the production server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitaIvaCheckDigit } from '../../src/lib/domain/italian-tax-ids';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
const cookies: Record<'dispatcher' | 'supervisor' | 'technician', string> = { dispatcher: '', supervisor: '', technician: '' };

let serial = 3_000_000_000;
function vat(): string {
	const first10 = String(serial++).padStart(10, '0');
	return first10 + partitaIvaCheckDigit(first10);
}

beforeAll(async () => {
	fresh = await freshDatabase();
	const users = {
		dispatcher: await createTestUser(fresh.db, 'dispatcher'),
		supervisor: await createTestUser(fresh.db, 'supervisor'),
		technician: await createTestUser(fresh.db, 'technician')
	};
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	for (const role of ['dispatcher', 'supervisor', 'technician'] as const) cookies[role] = await loginCookie(server.url, users[role].email);
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

type As = keyof typeof cookies | 'nobody';
function call(as: As, method: string, path: string, body?: unknown, contentType = 'application/json') {
	const headers: Record<string, string> = {};
	if (as !== 'nobody') headers.cookie = cookies[as];
	if (body !== undefined) headers['content-type'] = contentType;
	return fetch(server.url + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
}

const company = (overrides: Record<string, unknown> = {}) => ({
	businessName: 'Http Test Srl',
	address: 'Via Roma 1',
	vatNumber: vat(),
	sdiCode: 'ABC1234',
	comuneIstat: '016024',
	...overrides
});

describe('permissions', () => {
	it.each([
		['GET', '/api/customers'],
		['POST', '/api/customers'],
		['GET', '/api/sites'],
		['GET', '/api/comuni?q=mil'],
		['POST', '/api/customers/import?dryRun=1'],
		['GET', '/api/contacts/00000000-0000-7000-8000-000000000000']
	])('a technician gets 403 on %s %s; nobody logged in gets 401', async (method, path) => {
		const tech = await call('technician', method, path, method === 'POST' ? {} : undefined);
		expect(tech.status).toBe(403);
		const anon = await call('nobody', method, path, method === 'POST' ? {} : undefined);
		expect(anon.status).toBe(401);
	});

	it('a supervisor reads but cannot write', async () => {
		expect((await call('supervisor', 'GET', '/api/customers')).status).toBe(200);
		const res = await call('supervisor', 'POST', '/api/customers', company());
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ error: 'forbidden' });
	});
});

describe('customers API', () => {
	let id: string;
	let vatNumber: string;

	it('POST validates: a bad P.IVA is a 400 naming vatNumber, a company without SDI or PEC names sdiCode', async () => {
		const bad = await call('dispatcher', 'POST', '/api/customers', company({ vatNumber: '12345678901' }));
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({ error: 'validation', field: 'vatNumber', message: expect.stringContaining('partita IVA') });
		const noChannel = await call('dispatcher', 'POST', '/api/customers', company({ sdiCode: '' }));
		expect(noChannel.status).toBe(400);
		expect(await noChannel.json()).toMatchObject({ field: 'sdiCode', message: expect.stringMatching(/SDI.*PEC/) });
		const notJson = await call('dispatcher', 'POST', '/api/customers', '{"businessName":', 'application/json');
		expect(notJson.status).toBe(400);
		expect(await notJson.json()).toMatchObject({ field: 'body' });
	});

	it('POST creates (201), a second with the same P.IVA is a 409', async () => {
		const res = await call('dispatcher', 'POST', '/api/customers', company({ businessName: 'Omega Impianti Srl' }));
		expect(res.status).toBe(201);
		const body = await res.json();
		expect(body).toMatchObject({ businessName: 'Omega Impianti Srl', comuneName: 'Bergamo', province: 'BG', cap: '24121', code: expect.stringMatching(/^C\d{4}$/) });
		id = body.id;
		vatNumber = body.vatNumber;
		const dup = await call('dispatcher', 'POST', '/api/customers', company({ vatNumber }));
		expect(dup.status).toBe(409);
		expect(await dup.json()).toMatchObject({ error: 'conflict', field: 'vatNumber' });
	});

	it('GET by id returns everything linked; unknown and malformed ids are 404', async () => {
		const res = await call('dispatcher', 'GET', `/api/customers/${id}`);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ id, sites: [], contacts: [], contracts: [], regionCode: '03' });
		expect((await call('dispatcher', 'GET', '/api/customers/0190f0f0-0000-7000-8000-000000000000')).status).toBe(404);
		expect((await call('dispatcher', 'GET', '/api/customers/42')).status).toBe(404);
		expect((await call('dispatcher', 'PATCH', '/api/customers/42', { notes: 'x' })).status).toBe(404);
	});

	it('PATCH changes only what is sent; bad values are a 400 with the field', async () => {
		const res = await call('dispatcher', 'PATCH', `/api/customers/${id}`, { phone: '035 123456', paymentTermsDays: 60 });
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ phone: '035 123456', paymentTermsDays: 60, businessName: 'Omega Impianti Srl', vatNumber });
		const bad = await call('dispatcher', 'PATCH', `/api/customers/${id}`, { paymentTermsDays: 1000 });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ field: 'paymentTermsDays' });
	});

	it('lists with search, filters and pagination, and refuses bad paging', async () => {
		for (const name of ['Omega Due Srl', 'Omega Tre Srl']) expect((await call('dispatcher', 'POST', '/api/customers', company({ businessName: name }))).status).toBe(201);
		const res = await call('dispatcher', 'GET', '/api/customers?q=omega&province=BG&active=true&page=2&pageSize=2');
		expect(res.status).toBe(200);
		const page = await res.json();
		expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2, pages: 2 });
		expect(page.items.map((c: { businessName: string }) => c.businessName)).toEqual(['Omega Tre Srl']);
		const bad = await call('dispatcher', 'GET', '/api/customers?pageSize=1000');
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ field: 'pageSize' });
		expect((await call('dispatcher', 'GET', '/api/customers?hasContract=maybe')).status).toBe(400);
	});

	it('exports the filtered list as Italian Excel CSV', async () => {
		const res = await call('dispatcher', 'GET', '/api/customers?format=csv&q=omega');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="clienti.csv"');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim().split('\r\n');
		expect(lines[0].split(';').slice(0, 3)).toEqual(['codice', 'ragione_sociale', 'partita_iva']);
		expect(lines.slice(1).map((l) => l.split(';')[1])).toEqual(['Omega Due Srl', 'Omega Impianti Srl', 'Omega Tre Srl']);
	});
});

describe('sites and contacts API', () => {
	let customerId: string;
	let siteId: string;

	beforeAll(async () => {
		customerId = (await (await call('dispatcher', 'POST', '/api/customers', company({ businessName: 'Sigma Clima Srl' }))).json()).id;
	});

	it('creates a site at the comune, then moves it to the door', async () => {
		const created = await call('dispatcher', 'POST', `/api/customers/${customerId}/sites`, { name: 'Sede', address: 'Via Tasso 8', comuneIstat: '016024' });
		expect(created.status).toBe(201);
		const site = await created.json();
		expect(site).toMatchObject({ customerId, comuneName: 'Bergamo', province: 'BG', regionCode: '03', cap: '24121', location: { lng: 9.6672, lat: 45.696 } });
		siteId = site.id;
		const moved = await call('dispatcher', 'PATCH', `/api/sites/${siteId}`, { location: { lng: 9.6701, lat: 45.6947 } });
		expect(moved.status).toBe(200);
		expect((await moved.json()).location).toEqual({ lng: 9.6701, lat: 45.6947 });
		const outside = await call('dispatcher', 'PATCH', `/api/sites/${siteId}`, { location: { lng: 9.67, lat: 50 } });
		expect(outside.status).toBe(400);
		expect(await outside.json()).toMatchObject({ field: 'location.lat' });
		const dup = await call('dispatcher', 'POST', `/api/customers/${customerId}/sites`, { name: 'SEDE', address: 'Via Altra 1', comuneIstat: '016024' });
		expect(dup.status).toBe(409);
		const list = await (await call('dispatcher', 'GET', `/api/customers/${customerId}/sites`)).json();
		expect(list.items.map((s: { id: string }) => s.id)).toEqual([siteId]);
		const got = await (await call('dispatcher', 'GET', `/api/sites/${siteId}`)).json();
		expect(got).toMatchObject({ id: siteId, equipment: [], contacts: [], location: { lng: 9.6701, lat: 45.6947 } });
		expect((await call('dispatcher', 'GET', '/api/sites/nope')).status).toBe(404);
		expect((await call('dispatcher', 'POST', '/api/customers/0190f0f0-0000-7000-8000-000000000000/sites', { name: 'X', address: 'Y', comuneIstat: '016024' })).status).toBe(404);
	});

	it('lists sites with filters and exports them', async () => {
		const page = await (await call('dispatcher', 'GET', `/api/sites?customerId=${customerId}&province=BG`)).json();
		expect(page).toMatchObject({ total: 1, items: [{ id: siteId, customerName: 'Sigma Clima Srl' }] });
		const csv = await (await call('dispatcher', 'GET', `/api/sites?format=csv&customerId=${customerId}`)).text();
		expect(csv.replace(/^\uFEFF/, '').split('\r\n')[1]).toMatch(/;Sede;Via Tasso 8;24121;016024;Bergamo;BG;45,6947;9,6701;/);
	});

	it('contacts: create, update, delete', async () => {
		const created = await call('dispatcher', 'POST', `/api/customers/${customerId}/contacts`, { name: 'Gianni Verdi', role: 'Manutenzione', siteId });
		expect(created.status).toBe(201);
		const contact = await created.json();
		expect(contact).toMatchObject({ siteId, siteName: 'Sede' });
		const bad = await call('dispatcher', 'POST', `/api/customers/${customerId}/contacts`, { name: 'X', email: 'nope' });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ field: 'email' });
		const patched = await call('dispatcher', 'PATCH', `/api/contacts/${contact.id}`, { phone: '333 0000000', siteId: null });
		expect(await patched.json()).toMatchObject({ phone: '333 0000000', siteId: null });
		expect((await (await call('dispatcher', 'GET', `/api/customers/${customerId}/contacts`)).json()).items).toHaveLength(1);
		expect((await call('supervisor', 'DELETE', `/api/contacts/${contact.id}`)).status).toBe(403);
		expect((await call('dispatcher', 'DELETE', `/api/contacts/${contact.id}`)).status).toBe(204);
		expect((await call('dispatcher', 'GET', `/api/contacts/${contact.id}`)).status).toBe(404);
	});
});

describe('comuni API', () => {
	it('searches as you type by name, CAP or ISTAT code', async () => {
		const res = await call('supervisor', 'GET', '/api/comuni?q=mil&limit=3');
		expect(res.status).toBe(200);
		const { items } = await res.json();
		expect(items[0]).toEqual({ istat: '015146', name: 'Milano', province: 'MI', regionCode: '03', caps: expect.arrayContaining(['20121']), lat: 45.4643, lng: 9.1895 });
		expect(items).toHaveLength(3);
		expect((await (await call('dispatcher', 'GET', '/api/comuni?q=24121')).json()).items[0].name).toBe('Bergamo');
		expect((await (await call('dispatcher', 'GET', '/api/comuni/001272')).json()).name).toBe('Torino');
		expect((await call('dispatcher', 'GET', '/api/comuni/999999')).status).toBe(404);
		expect((await call('dispatcher', 'GET', '/api/comuni?q=mil&limit=500')).status).toBe(400);
	});
});

describe('import API', () => {
	const header = 'ragione_sociale;partita_iva;codice_sdi;indirizzo;comune_istat';

	it('a dry run reports every bad row with its line and writes nothing; the real run answers 400 and writes nothing', async () => {
		const before = (await (await call('dispatcher', 'GET', '/api/customers?pageSize=1')).json()).total;
		const file = `\uFEFF${header}\r\nBuona Srl;${vat()};ABC1234;Via 1;016024\r\nCattiva Srl;11111111111;ABC1234;Via 2;016024\r\n;${vat()};ABC1234;Via 3;999999\r\n`;
		const dry = await call('dispatcher', 'POST', '/api/customers/import?dryRun=1', file, 'text/csv');
		expect(dry.status).toBe(200);
		const report = await dry.json();
		expect(report).toMatchObject({ dryRun: true, rows: 3, written: 0 });
		expect(report.problems.map((p: { line: number; field: string }) => `${p.line}:${p.field}`)).toEqual(['3:partita_iva', '4:ragione_sociale', '4:comune_istat']);
		const real = await call('dispatcher', 'POST', '/api/customers/import', file, 'text/csv');
		expect(real.status).toBe(400);
		expect(await real.json()).toMatchObject({ error: 'validation', field: 'file', report: { written: 0 } });
		expect((await (await call('dispatcher', 'GET', '/api/customers?pageSize=1')).json()).total).toBe(before);
	});

	it('a good file is written whole, customers then their sites', async () => {
		const v = vat();
		const customersCsv = `\uFEFF${header}\r\nImportata Uno Srl;${v};ABC1234;Via 1;016024\r\nImportata Due Srl;${vat()};ABC1234;Via 2;001272\r\n`;
		const res = await call('dispatcher', 'POST', '/api/customers/import', customersCsv, 'text/csv');
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ dryRun: false, rows: 2, written: 2, problems: [] });
		const sitesCsv = `\uFEFFcliente;nome;indirizzo;comune;provincia;lat;lng\r\n${v};Capannone;Via Zanica 5;Bergamo;BG;45,68;9,67\r\n`;
		const sites = await call('dispatcher', 'POST', '/api/sites/import', sitesCsv, 'text/csv');
		expect(await sites.json()).toEqual({ dryRun: false, rows: 1, written: 1, problems: [] });
		const list = await (await call('dispatcher', 'GET', '/api/sites?q=Capannone')).json();
		expect(list.items[0]).toMatchObject({ customerName: 'Importata Uno Srl', location: { lat: 45.68, lng: 9.67 } });
	});
});
