// PUT /api/receivables over real HTTP: an integration key of scope 'receivables' or an admin session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/lib/server/auth/api-keys.service';
import { customers } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
let receivablesKey = '';
let readingsKey = '';
const cookies = { admin: '', dispatcher: '', technician: '' };
const customerCode = `R${uuidv7().slice(-8)}`;

beforeAll(async () => {
	fresh = await freshDatabase();
	const admin = await createTestUser(fresh.db, 'admin');
	const dispatcher = await createTestUser(fresh.db, 'dispatcher');
	const technician = await createTestUser(fresh.db, 'technician');
	await fresh.db.insert(customers).values({ id: uuidv7(), code: customerCode, businessName: 'Moroso Srl', address: 'Via Po 1' });
	receivablesKey = (await createApiKey(admin, { name: 'ERP', scopes: ['receivables'] })).key;
	readingsKey = (await createApiKey(admin, { name: 'Collector', scopes: ['meter-readings'] })).key;
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	cookies.admin = await loginCookie(server.url, admin.email);
	cookies.dispatcher = await loginCookie(server.url, dispatcher.email);
	cookies.technician = await loginCookie(server.url, technician.email);
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

const body = (items: unknown[]) => JSON.stringify({ source: 'erp', items });
const item = { customer: '', documentNumber: 'FT 1', documentDate: '2026-01-10', dueDate: '2026-02-10', amountCents: 12200 };
const put = (headers: Record<string, string>, payload: string) => fetch(`${server.url}/api/receivables`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: payload });

describe('PUT /api/receivables', () => {
	it('an integration key of scope receivables replaces its source', async () => {
		const res = await put({ authorization: `Bearer ${receivablesKey}` }, body([{ ...item, customer: customerCode }]));
		expect(res.status, await res.clone().text()).toBe(200);
		expect(await res.json()).toMatchObject({ source: 'erp', written: 1, replaced: 0 });
	});

	it('a bad item is a 400 naming it; malformed JSON is a 400 on the body', async () => {
		const res = await put({ authorization: `Bearer ${receivablesKey}` }, body([{ ...item, customer: customerCode, dueDate: '10/02/2026' }]));
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ error: 'validation', field: 'items.0.dueDate' });
		const bad = await put({ authorization: `Bearer ${receivablesKey}` }, '{not json');
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ field: 'body' });
	});

	it('refuses a key of another scope, dispatchers and technicians; admins may', async () => {
		expect((await put({ authorization: `Bearer ${readingsKey}` }, body([]))).status).toBe(403);
		expect((await put({ cookie: cookies.dispatcher }, body([]))).status).toBe(403);
		expect((await put({ cookie: cookies.technician }, body([]))).status).toBe(403);
		expect((await put({}, body([]))).status).toBe(401);
		const res = await put({ cookie: cookies.admin }, body([]));
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ written: 0, replaced: 1 });
	});

	it('the key reaches only PUT /api/receivables', async () => {
		for (const res of [
			await fetch(`${server.url}/api/receivables`, { headers: { authorization: `Bearer ${receivablesKey}` } }),
			await fetch(`${server.url}/api/receivables/import`, { method: 'POST', headers: { authorization: `Bearer ${receivablesKey}` }, body: 'x' })
		]) {
			expect([401, 403]).toContain(res.status);
		}
	});
});
