// The areas API over the real server: office roles read, admins write, bad GeoJSON is a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
const cookies = { admin: '', dispatcher: '', technician: '' };
const SQUARE = { type: 'Polygon', coordinates: [[[9.14, 45.43], [9.24, 45.43], [9.24, 45.5], [9.14, 45.5], [9.14, 45.43]]] };

beforeAll(async () => {
	fresh = await freshDatabase();
	const users = { admin: await createTestUser(fresh.db, 'admin'), dispatcher: await createTestUser(fresh.db, 'dispatcher'), technician: await createTestUser(fresh.db, 'technician') };
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	for (const role of Object.keys(users) as Array<keyof typeof users>) cookies[role] = await loginCookie(server.url, users[role].email);
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

function call(method: string, path: string, role: keyof typeof cookies, body?: unknown) {
	return fetch(server.url + path, {
		method,
		headers: { cookie: cookies[role], ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

describe('/api/areas', () => {
	it('admin creates, edits and deletes a custom area; the dispatcher reads it; the technician is refused', async () => {
		const created = await call('POST', '/api/areas', 'admin', { name: 'Centro', geometry: SQUARE });
		expect(created.status).toBe(201);
		const area = await created.json();
		expect(area).toMatchObject({ kind: 'custom', name: 'Centro', repaired: null, geometry: { type: 'MultiPolygon' } });
		const list = await (await call('GET', '/api/areas?kind=custom', 'dispatcher')).json();
		expect(list.map((a: { name: string }) => a.name)).toEqual(['Centro']);
		const all = await (await call('GET', '/api/areas', 'dispatcher')).json();
		expect(all).toHaveLength(128);
		expect((await call('PUT', `/api/areas/${area.id}`, 'admin', { name: 'Centro storico' })).status).toBe(200);
		expect((await call('GET', `/api/areas/${area.id}/sites`, 'dispatcher')).status).toBe(200);
		expect((await call('POST', '/api/areas', 'dispatcher', { name: 'X', geometry: SQUARE })).status).toBe(403);
		expect((await call('GET', '/api/areas', 'technician')).status).toBe(403);
		expect((await call('DELETE', `/api/areas/${area.id}`, 'dispatcher')).status).toBe(403);
		expect((await call('DELETE', `/api/areas/${area.id}`, 'admin')).status).toBe(204);
		expect((await call('GET', `/api/areas/${area.id}`, 'admin')).status).toBe(404);
	});

	it('bad GeoJSON is a 400 with the field', async () => {
		const open = { type: 'Polygon', coordinates: [[[9.1, 45.4], [9.2, 45.4], [9.2, 45.5], [9.1, 45.5]]] };
		const res = await call('POST', '/api/areas', 'admin', { name: 'Aperta', geometry: open });
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ error: 'validation', field: 'geometry.coordinates.0' });
		const missing = await call('POST', '/api/areas', 'admin', { geometry: SQUARE });
		expect(await missing.json()).toMatchObject({ field: 'name' });
		const geo = await call('GET', '/api/areas?geometry=everything', 'admin');
		expect(geo.status).toBe(400);
	});
});
