import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie, TEST_PASSWORD } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
let users: Record<'admin' | 'dispatcher' | 'supervisor' | 'technician', { email: string; id: string }>;

beforeAll(async () => {
	fresh = await freshDatabase();
	users = {
		admin: await createTestUser(fresh.db, 'admin'),
		dispatcher: await createTestUser(fresh.db, 'dispatcher'),
		supervisor: await createTestUser(fresh.db, 'supervisor'),
		technician: await createTestUser(fresh.db, 'technician')
	};
	server = await startServer({
		DATABASE_URL: fresh.url,
		REDIS_PREFIX: fresh.redisPrefix,
		LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
		PROTOCOL_HEADER: 'x-forwarded-proto'
	});
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
	return fetch(server.url + path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		redirect: 'manual'
	});
}

describe('POST /api/auth/login', () => {
	it('returns the user and an HttpOnly SameSite=Lax cookie', async () => {
		const res = await post('/api/auth/login', { email: users.dispatcher.email, password: TEST_PASSWORD });
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body).toEqual({ user: { id: users.dispatcher.id, email: users.dispatcher.email, name: 'Test dispatcher', role: 'dispatcher' } });
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('quadro_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).not.toMatch(/Secure/i);
		expect(cookie).toMatch(/^quadro_session=[a-z2-7]{32};/);
	});

	it('over HTTPS uses Secure and the __Host- prefix', async () => {
		const res = await post('/api/auth/login', { email: users.admin.email, password: TEST_PASSWORD }, { 'x-forwarded-proto': 'https' });
		expect(res.status).toBe(200);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-quadro_session='))!;
		expect(cookie).toMatch(/Secure/);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).not.toMatch(/Domain=/i);
	});

	it('answers 401 with the same body for a wrong password and an unknown email', async () => {
		const a = await post('/api/auth/login', { email: users.supervisor.email, password: 'wrong password' });
		const b = await post('/api/auth/login', { email: 'ghost@test.local', password: 'wrong password' });
		expect(a.status).toBe(401);
		expect(b.status).toBe(401);
		expect(await a.json()).toEqual(await b.json());
	});

	it.each([
		['not JSON', '{nope', 'body'],
		['no email', { password: 'x' }, 'email'],
		['bad email', { email: 'x', password: 'x' }, 'email'],
		['no password', { email: 'a@b.it' }, 'password'],
		['array body', [], 'body']
	])('400 with the field for %s', async (_name, body, field) => {
		const res = await post('/api/auth/login', body);
		expect(res.status).toBe(400);
		const json = await res.json();
		expect(json.field === field || (field === 'body' && json.field === '')).toBeTruthy();
		expect(JSON.stringify(json)).not.toMatch(/at .*\.js/);
	});

	it('throttles with 429 and Retry-After', async () => {
		const victim = await createTestUser(fresh.db, 'dispatcher');
		for (let i = 0; i < 3; i++) expect((await post('/api/auth/login', { email: victim.email, password: 'wrong password' })).status).toBe(401);
		const res = await post('/api/auth/login', { email: victim.email, password: TEST_PASSWORD });
		expect(res.status).toBe(429);
		expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});

describe('GET /api/me and POST /api/auth/logout', () => {
	it('me is 401 without a session, the user with one, 401 again after logout', async () => {
		expect((await fetch(server.url + '/api/me')).status).toBe(401);
		const cookie = await loginCookie(server.url, users.technician.email);
		const me = await fetch(server.url + '/api/me', { headers: { cookie } });
		expect(me.status).toBe(200);
		expect((await me.json()).user).toMatchObject({ id: users.technician.id, role: 'technician' });
		const out = await post('/api/auth/logout', '', { cookie });
		expect(out.status).toBe(204);
		expect((await fetch(server.url + '/api/me', { headers: { cookie } })).status).toBe(401);
	});
});

describe('pages and permissions', () => {
	it('sends anonymous visitors to the login page', async () => {
		const res = await fetch(server.url + '/board', { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/login?next=%2Fboard');
	});

	it.each([
		['technician', '/admin/users', 403],
		['technician', '/board', 403],
		['technician', '/t', 200],
		['dispatcher', '/admin/users', 403],
		['dispatcher', '/board', 200],
		['dispatcher', '/t', 403],
		['supervisor', '/board', 200],
		['supervisor', '/reports', 200],
		['supervisor', '/settings', 403],
		['admin', '/admin/users', 200],
		['admin', '/settings', 200]
	] as const)('%s GET %s -> %i', async (role, path, status) => {
		const cookie = await loginCookie(server.url, users[role].email);
		const res = await fetch(server.url + path, { headers: { cookie }, redirect: 'manual' });
		expect(res.status).toBe(status);
		if (status === 403) expect(await res.text()).toMatch(/Accesso negato/);
	});

	it('a technician cannot do an admin action by posting the form directly', async () => {
		const cookie = await loginCookie(server.url, users.technician.email);
		const form = new URLSearchParams({ email: 'sneaky@test.local', name: 'x', role: 'admin', password: 'long enough password' });
		const res = await fetch(server.url + '/admin/users?/create', {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
			body: form
		});
		expect(res.status).toBe(403);
		const check = await fetch(server.url + '/api/me', { headers: { cookie } });
		expect(check.status).toBe(200);
	});

	it('unknown pages are a 404 that leaks nothing', async () => {
		const cookie = await loginCookie(server.url, users.admin.email);
		const res = await fetch(server.url + '/no/such/page', { headers: { cookie } });
		expect(res.status).toBe(404);
		const html = await res.text();
		expect(html).toMatch(/Pagina non trovata/);
		expect(html).not.toMatch(/node_modules|at .*\(|Error:/);
	});
});

describe('login page', () => {
	it('never prints the demo password on an installation that is not the demo company', async () => {
		const html = await (await fetch(server.url + '/login')).text();
		expect(html).toContain('Accedi a Quadro');
		expect(html).not.toContain('quadro-demo');
	});
});

describe('health', () => {
	it('healthz and readyz answer', async () => {
		expect((await fetch(server.url + '/healthz')).status).toBe(200);
		const ready = await fetch(server.url + '/readyz');
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({ ready: true, checks: { postgres: { ok: true }, postgis: { ok: true }, migrations: { ok: true }, redis: { ok: true } } });
	});

	it('every response carries a request id, and an incoming one is kept', async () => {
		const res = await fetch(server.url + '/healthz', { headers: { 'x-request-id': 'trace-abc.123' } });
		expect(res.headers.get('x-request-id')).toBe('trace-abc.123');
		const other = await fetch(server.url + '/login');
		expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
	});
});
