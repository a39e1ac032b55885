import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayAt } from '../../src/lib/domain/contract-terms';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { arrangeStage, insertUnit, type Stage } from './contracts.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
let stage: Stage;
let dispatcher: string;
let supervisor: string;
let technician: string;
const year = Number(dayAt(new Date()).slice(0, 4));

beforeAll(async () => {
	fresh = await freshDatabase();
	stage = await arrangeStage(fresh.db);
	const [d, s, t] = await Promise.all([createTestUser(fresh.db, 'dispatcher'), createTestUser(fresh.db, 'supervisor'), createTestUser(fresh.db, 'technician')]);
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	[dispatcher, supervisor, technician] = await Promise.all([loginCookie(server.url, d.email), loginCookie(server.url, s.email), loginCookie(server.url, t.email)]);
});
afterAll(async () => {
	await server?.stop();
	await fresh.close();
});

async function call(cookie: string | null, method: string, path: string, body?: unknown, raw?: string) {
	const headers: Record<string, string> = { origin: server.url };
	if (cookie) headers.cookie = cookie;
	if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${server.url}${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
	const type = res.headers.get('content-type') ?? '';
	const data = type.includes('json') ? await res.json() : await res.text();
	return { status: res.status, data, headers: res.headers };
}

function contractBody(overrides: Record<string, unknown> = {}) {
	return {
		customerId: stage.customer.id,
		periodicity: 'quarterly',
		feePerPeriodCents: 30000,
		slaLevelId: stage.sla.id,
		startsOn: `${year}-01-01`,
		termMonths: 12,
		autoRenew: true,
		...overrides
	};
}

describe('contracts API', () => {
	let contractId: string;
	let number: string;

	it('creates, reads and lists a quarterly contract', async () => {
		const created = await call(dispatcher, 'POST', '/api/contracts', contractBody({ meterTerms: [{ meterType: 'mono', includedPerPeriod: 1000, unitPrice: '0.0085' }] }));
		expect(created.status).toBe(201);
		expect(created.data.number).toMatch(new RegExp(`^${year}/\\d{6}$`));
		expect(created.headers.get('location')).toBe(`/api/contracts/${created.data.id}`);
		contractId = created.data.id;
		number = created.data.number;

		const got = await call(supervisor, 'GET', `/api/contracts/${contractId}`);
		expect(got.status).toBe(200);
		expect(got.data).toMatchObject({
			id: contractId,
			number,
			status: 'draft',
			periodicity: 'quarterly',
			billingTiming: 'advance',
			slaLevel: { id: stage.sla.id },
			terms: [{ termNo: 1, startsOn: `${year}-01-01`, endsOn: `${year}-12-31` }],
			meterTerms: [{ meterType: 'mono', unitPrice: '0.008500', includedPerPeriod: 1000, tiers: [] }]
		});

		const list = await call(supervisor, 'GET', `/api/contracts?periodicity=quarterly&q=${encodeURIComponent(number)}`);
		expect(list.status).toBe(200);
		expect(list.data).toMatchObject({ total: 1, page: 1, pageSize: 25, pages: 1, items: [{ id: contractId, number, status: 'draft' }] });
	});

	it('answers 400 with the field, 404 for unknown or malformed ids, never 500', async () => {
		expect(await call(dispatcher, 'POST', '/api/contracts', contractBody({ periodicity: 'weekly' }))).toMatchObject({ status: 400, data: { error: 'validation', field: 'periodicity' } });
		expect(await call(dispatcher, 'POST', '/api/contracts', contractBody({ slaLevelId: '01900000-0000-7000-8000-000000000000' }))).toMatchObject({ status: 400, data: { field: 'slaLevelId' } });
		expect(
			await call(dispatcher, 'POST', '/api/contracts', contractBody({ meterTerms: [{ meterType: 'mono', unitPrice: '0.01', tiers: [{ fromUnits: 10, unitPrice: '0.01' }, { fromUnits: 5, unitPrice: '0.01' }] }] }))
		).toMatchObject({ status: 400, data: { field: 'meterTerms.0.tiers.1.fromUnits' } });
		expect(await call(dispatcher, 'POST', '/api/contracts', undefined, '{"broken')).toMatchObject({ status: 400, data: { field: 'body' } });
		expect(await call(dispatcher, 'POST', '/api/contracts', [1, 2])).toMatchObject({ status: 400, data: { field: 'body' } });
		expect((await call(dispatcher, 'GET', '/api/contracts/01900000-0000-7000-8000-000000000000')).status).toBe(404);
		expect((await call(dispatcher, 'GET', '/api/contracts/nope')).status).toBe(404);
		expect((await call(dispatcher, 'POST', '/api/contracts/nope/activate')).status).toBe(404);
		expect(await call(dispatcher, 'GET', '/api/contracts?status=lost')).toMatchObject({ status: 400, data: { field: 'status' } });
		expect(await call(dispatcher, 'GET', '/api/contracts?page=0')).toMatchObject({ status: 400, data: { field: 'page' } });
		expect(await call(dispatcher, 'PATCH', `/api/contracts/${contractId}`, { number: '1/1' })).toMatchObject({ status: 400, data: { field: 'number' } });
	});

	it('covers a unit, answers the coverage question, refuses overlapping coverage with the contract named', async () => {
		const unit = await insertUnit(fresh.db, stage.customer.siteId, { serial: 'HTTP-COV-1', warrantyEnd: `${year}-03-31` });
		const added = await call(dispatcher, 'POST', `/api/contracts/${contractId}/equipment`, { serial: 'http cov 1', fromDate: `${year}-02-01` });
		expect(added).toMatchObject({ status: 201, data: { equipmentId: unit.id, fromDate: `${year}-02-01`, toDate: null } });
		expect(await call(dispatcher, 'POST', `/api/contracts/${contractId}/activate`)).toMatchObject({ status: 200, data: { status: 'active' } });

		const covered = await call(supervisor, 'GET', `/api/coverage?serial=HTTP-COV-1&at=${year}-02-15T10:00:00Z`);
		expect(covered).toMatchObject({
			status: 200,
			data: {
				serial: 'HTTP-COV-1',
				equipment: { id: unit.id, brand: 'Kyocera' },
				covered: true,
				contract: { id: contractId, number, status: 'active' },
				term: { startsOn: `${year}-01-01`, endsOn: `${year}-12-31` },
				slaLevel: { id: stage.sla.id, code: stage.sla.code },
				warranty: { active: true, endsOn: `${year}-03-31` }
			}
		});
		const before = await call(dispatcher, 'GET', `/api/coverage?serial=httpcov1&at=${year}-01-31T22:59:59Z`);
		expect(before.data).toMatchObject({ covered: false, contract: null, term: null, slaLevel: null });
		expect((await call(dispatcher, 'GET', `/api/coverage?serial=HTTP-COV-1&at=${year}-06-01`)).data.warranty).toEqual({ active: false, endsOn: `${year}-03-31` });
		expect(await call(dispatcher, 'GET', '/api/coverage?serial=HTTP-COV-1&at=tomorrow')).toMatchObject({ status: 400, data: { field: 'at' } });
		expect(await call(dispatcher, 'GET', '/api/coverage?serial=NO-SUCH-SERIAL')).toMatchObject({ status: 404 });
		expect(await call(dispatcher, 'GET', '/api/coverage')).toMatchObject({ status: 400, data: { field: 'serial' } });

		const other = await call(dispatcher, 'POST', '/api/contracts', contractBody());
		const clash = await call(dispatcher, 'POST', `/api/contracts/${other.data.id}/equipment`, { equipmentId: unit.id, fromDate: `${year}-06-01` });
		expect(clash).toMatchObject({ status: 409, data: { error: 'conflict', field: 'equipmentId', contract: { id: contractId, number } } });

		const listed = await call(dispatcher, 'GET', `/api/contracts/${contractId}/equipment`);
		expect(listed.data.items).toMatchObject([{ id: added.data.id, serialNumber: 'HTTP-COV-1', fromDate: `${year}-02-01`, toDate: null }]);

		const removed = await call(dispatcher, 'DELETE', `/api/contracts/${contractId}/equipment?equipmentId=${unit.id}&toDate=${year}-05-31`);
		expect(removed).toMatchObject({ status: 200, data: { toDate: `${year}-05-31`, deleted: false } });
		expect((await call(dispatcher, 'GET', `/api/coverage?serial=HTTP-COV-1&at=${year}-06-01T08:00:00Z`)).data.covered).toBe(false);
		expect((await call(dispatcher, 'POST', `/api/contracts/${other.data.id}/equipment`, { equipmentId: unit.id, fromDate: `${year}-06-01` })).status).toBe(201);
		expect(await call(dispatcher, 'DELETE', `/api/contracts/${contractId}/equipment`, { equipmentId: unit.id, toDate: `${year}-01-01` })).toMatchObject({ status: 400, data: { field: 'toDate' } });
	});

	it('renews by appending a term, once per term; suspends and terminates with a reason', async () => {
		const first = await call(dispatcher, 'POST', `/api/contracts/${contractId}/renew`, { afterTermNo: 1 });
		expect(first).toMatchObject({ status: 201, data: { created: true, term: { termNo: 2, startsOn: `${year + 1}-01-01`, endsOn: `${year + 1}-12-31` } } });
		expect(await call(dispatcher, 'POST', `/api/contracts/${contractId}/renew`, { afterTermNo: 1 })).toMatchObject({ status: 200, data: { created: false, term: { termNo: 2 } } });
		const terms = (await call(dispatcher, 'GET', `/api/contracts/${contractId}`)).data.terms;
		expect(terms.map((t: { termNo: number; startsOn: string; endsOn: string }) => [t.termNo, t.startsOn, t.endsOn])).toEqual([
			[1, `${year}-01-01`, `${year}-12-31`],
			[2, `${year + 1}-01-01`, `${year + 1}-12-31`]
		]);
		expect(await call(dispatcher, 'POST', `/api/contracts/${contractId}/suspend`, {})).toMatchObject({ status: 400, data: { field: 'reason' } });
		expect(await call(dispatcher, 'POST', `/api/contracts/${contractId}/suspend`, { reason: 'Insoluti' })).toMatchObject({ status: 200, data: { status: 'suspended' } });
		expect(await call(dispatcher, 'POST', `/api/contracts/${contractId}/suspend`, { reason: 'Insoluti' })).toMatchObject({ status: 409, data: { field: 'status' } });
		expect(await call(dispatcher, 'PUT', `/api/contracts/${contractId}/meter-terms`, { meterTerms: [{ meterType: 'colour', unitPrice: '0,045', tiers: [{ fromUnits: 500, unitPrice: '0.04' }] }] })).toMatchObject({
			status: 200,
			data: { items: [{ meterType: 'colour', unitPrice: '0.045000', tiers: [{ fromUnits: 500, unitPrice: '0.040000' }] }] }
		});
		expect(await call(dispatcher, 'PUT', `/api/contracts/${contractId}/meter-terms`, { meterTerms: [{ meterType: 'colour', unitPrice: '1.1234567' }] })).toMatchObject({ status: 400, data: { field: 'meterTerms.0.unitPrice' } });
		expect(await call(dispatcher, 'PATCH', `/api/contracts/${contractId}`, { feePerPeriodCents: 31000, noticeDays: 60 })).toMatchObject({ status: 204 });
		expect(await call(dispatcher, 'POST', `/api/contracts/${contractId}/terminate`, { reason: 'Cessata attività' })).toMatchObject({ status: 200, data: { status: 'terminated' } });
		expect((await call(dispatcher, 'GET', `/api/contracts/${contractId}`)).data).toMatchObject({ status: 'terminated', feePerPeriodCents: 31000, noticeDays: 60 });
	});

	it('exports the filtered list as Italian CSV', async () => {
		const res = await fetch(`${server.url}/api/contracts?format=csv&status=terminated`, { headers: { cookie: dispatcher } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/csv');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for accents
		const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
		expect(lines[0].split(';')[0]).toBe('numero');
		expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual([number]);
		expect(lines[1]).toContain(';310,00;');
	});

	it('lookups for the forms', async () => {
		const customers = await call(dispatcher, 'GET', '/api/contracts/lookup/customers?q=rossi');
		expect(customers.data.items.map((c: { id: string }) => c.id)).toContain(stage.customer.id);
		const units = await call(dispatcher, 'GET', '/api/contracts/lookup/equipment?serial=http-cov');
		expect(units.data.items.map((u: { serialNumber: string }) => u.serialNumber)).toEqual(['HTTP-COV-1']);
	});

	it('technicians are refused (403); anonymous callers 401; supervisors read but do not write', async () => {
		for (const [method, path] of [
			['GET', '/api/contracts'],
			['GET', `/api/contracts/${contractId}`],
			['POST', '/api/contracts'],
			['GET', '/api/coverage?serial=HTTP-COV-1'],
			['POST', `/api/contracts/${contractId}/renew`],
			['GET', '/api/contracts/lookup/customers?q=ro']
		] as const) {
			expect((await call(technician, method, path, method === 'POST' ? {} : undefined)).status, `${method} ${path}`).toBe(403);
			expect((await call(null, method, path, method === 'POST' ? {} : undefined)).status, `${method} ${path}`).toBe(401);
		}
		expect((await call(supervisor, 'POST', '/api/contracts', contractBody())).status).toBe(403);
		expect((await call(supervisor, 'GET', '/api/contracts')).status).toBe(200);
	});

	it('renders the pages for a dispatcher', async () => {
		const list = await fetch(`${server.url}/contracts?expiring=month`, { headers: { cookie: dispatcher } });
		expect(list.status).toBe(200);
		const listAll = await (await fetch(`${server.url}/contracts`, { headers: { cookie: dispatcher } })).text();
		expect(listAll).toContain(number);
		expect((await fetch(`${server.url}/contracts/new`, { headers: { cookie: dispatcher } })).status).toBe(200);
		const detail = await fetch(`${server.url}/contracts/${contractId}`, { headers: { cookie: dispatcher } });
		expect(detail.status).toBe(200);
		expect(await detail.text()).toContain(number);
		expect((await fetch(`${server.url}/contracts/not-a-contract`, { headers: { cookie: dispatcher } })).status).toBe(404);
		expect((await fetch(`${server.url}/contracts?status=lost`, { headers: { cookie: dispatcher } })).status).toBe(200);
	});
});
