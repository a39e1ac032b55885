import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process';
import { loginEach, oneUserPerRole } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
const cookies: Record<'admin' | 'dispatcher' | 'supervisor' | 'technician', string> = { admin: '', dispatcher: '', supervisor: '', technician: '' };

const DAY = [
	['08:30', '12:30'],
	['14:00', '18:00']
];
const OFFICE = { '1': DAY, '2': DAY, '3': DAY, '4': DAY, '5': DAY };
const TARGETS = {
	low: { acknowledgeMinutes: 480, onsiteMinutes: 1440, resolutionMinutes: 2880 },
	medium: { acknowledgeMinutes: 120, onsiteMinutes: 480, resolutionMinutes: 960 },
	high: { acknowledgeMinutes: 60, onsiteMinutes: 240, resolutionMinutes: 480 }
};

beforeAll(async () => {
	fresh = await freshDatabase();
	const users = await oneUserPerRole(fresh.db);
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	Object.assign(cookies, await loginEach(server.url, users));
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

type Role = keyof typeof cookies;

async function call(role: Role | null, method: string, path: string, body?: unknown) {
	const headers: Record<string, string> = {};
	if (role) headers.cookie = cookies[role];
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
	const text = await res.text();
	let json: Record<string, any> | null = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		json = null;
	}
	return { status: res.status, json, text };
}

function expectNoStack(text: string) {
	expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
}

let calendarId: string;
let levelId: string;

describe('calendars API', () => {
	it('POST /api/calendars creates (201) and GET lists and reads it', async () => {
		const created = await call('admin', 'POST', '/api/calendars', { name: 'Ufficio HTTP', weeklyHours: OFFICE, cutoffTime: '17:00' });
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({ name: 'Ufficio HTTP', timeZone: 'Europe/Rome', cutoffTime: '17:00', nationalHolidays: true, patronScope: 'comune' });
		calendarId = created.json!.id;

		const list = await call('dispatcher', 'GET', '/api/calendars');
		expect(list.status).toBe(200);
		expect(list.json).toMatchObject({ total: 1, page: 1, pageSize: 25, pages: 1 });
		expect(list.json!.items[0]).toMatchObject({ id: calendarId, levels: 0 });

		const one = await call('supervisor', 'GET', `/api/calendars/${calendarId}`);
		expect(one.status).toBe(200);
		expect(one.json).toMatchObject({ id: calendarId, closures: [] });
		expect(one.json!.weeklyHours['6']).toEqual([]);
	});

	it.each([
		[{ name: 'A', weeklyHours: { '1': [['08:30', '12:30'], ['12:00', '13:00']] } }, 'weeklyHours.1.1', 'intervals overlap'],
		[{ name: 'B', weeklyHours: { '1': [['08:30', '08:00']] } }, 'weeklyHours.1.0', 'start must be before end'],
		[{ name: 'C', weeklyHours: { '1': [['8:30', '12:00']] } }, 'weeklyHours.1.0', 'invalid time (HH:MM)'],
		[{ name: 'D', weeklyHours: OFFICE, cutoffTime: '5pm' }, 'cutoffTime', 'invalid time (HH:MM)'],
		[{ weeklyHours: OFFICE }, 'name', 'required'],
		[{ name: 'E', weeklyHours: OFFICE, timeZone: 'Mars/Olympus' }, 'timeZone', 'unknown time zone']
	])('POST /api/calendars %j -> 400 on %s', async (body, field, message) => {
		const res = await call('admin', 'POST', '/api/calendars', body);
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ error: 'validation', field, message });
	});

	it('malformed JSON and non-object bodies are 400 on body, never 500', async () => {
		const bad = await call('admin', 'POST', '/api/calendars', '{nope');
		expect(bad.status).toBe(400);
		expect(bad.json!.field).toBe('body');
		const arr = await call('admin', 'POST', '/api/calendars', '[]');
		expect(arr.status).toBe(400);
		expect(arr.json!.field).toBe('body');
		expectNoStack(bad.text + arr.text);
	});

	it('a duplicate name is 409 with the field', async () => {
		const res = await call('admin', 'POST', '/api/calendars', { name: 'ufficio http', weeklyHours: OFFICE });
		expect(res.status).toBe(409);
		expect(res.json).toMatchObject({ error: 'conflict', field: 'name' });
	});

	it('PATCH /api/calendars/:id changes fields; unknown and malformed ids are 404', async () => {
		const res = await call('admin', 'PATCH', `/api/calendars/${calendarId}`, { patronScope: 'comune', cutoffTime: null });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ cutoffTime: null });
		expect((await call('admin', 'PATCH', '/api/calendars/0190a3c0-0000-7000-8000-000000000000', { name: 'x' })).status).toBe(404);
		expect((await call('admin', 'GET', '/api/calendars/not-a-uuid')).status).toBe(404);
		expect((await call('admin', 'GET', '/api/calendars/0190a3c0-0000-7000-8000-000000000000')).json).toMatchObject({ error: 'not_found' });
	});

	it('closures: POST 201, duplicate 409, DELETE 204 then 404', async () => {
		const add = await call('admin', 'POST', `/api/calendars/${calendarId}/closures`, { day: '2026-12-31', name: 'Inventario' });
		expect(add.status).toBe(201);
		expect(add.json).toMatchObject({ day: '2026-12-31', name: 'Inventario' });
		expect((await call('admin', 'POST', `/api/calendars/${calendarId}/closures`, { day: '2026-12-31', name: 'Di nuovo' })).status).toBe(409);
		const bad = await call('admin', 'POST', `/api/calendars/${calendarId}/closures`, { day: '31/12/2026', name: 'x' });
		expect(bad.status).toBe(400);
		expect(bad.json!.field).toBe('day');
		expect((await call('admin', 'GET', `/api/calendars/${calendarId}`)).json!.closures).toEqual([expect.objectContaining({ day: '2026-12-31' })]);
		expect((await call('admin', 'DELETE', `/api/calendars/${calendarId}/closures?day=2026-12-31`)).status).toBe(204);
		expect((await call('admin', 'DELETE', `/api/calendars/${calendarId}/closures?day=2026-12-31`)).status).toBe(404);
		expect((await call('admin', 'DELETE', `/api/calendars/${calendarId}/closures`)).json).toMatchObject({ field: 'day' });
	});

	it('patron days: list by comune, add for a province, delete', async () => {
		const list = await call('dispatcher', 'GET', '/api/calendars/patron-days?comuneIstat=015146');
		expect(list.status).toBe(200);
		expect(list.json!.items).toEqual([expect.objectContaining({ comuneName: 'Milano', month: 12, day: 7 })]);
		const add = await call('admin', 'POST', '/api/calendars/patron-days', { province: 'LO', month: 1, day: 20, name: 'Festa di prova' });
		expect(add.status).toBe(201);
		expect((await call('admin', 'POST', '/api/calendars/patron-days', { province: 'LO', month: 2, day: 30, name: 'x' })).json).toMatchObject({ field: 'day' });
		expect((await call('dispatcher', 'POST', '/api/calendars/patron-days', { province: 'LO', month: 3, day: 1, name: 'x' })).status).toBe(403);
		expect((await call('dispatcher', 'DELETE', `/api/calendars/patron-days/${add.json!.id}`)).status).toBe(403);
		expect((await call('admin', 'DELETE', `/api/calendars/patron-days/${add.json!.id}`)).status).toBe(204);
		expect((await call('admin', 'DELETE', `/api/calendars/patron-days/${add.json!.id}`)).status).toBe(404);
	});
});

describe('SLA levels API', () => {
	it('POST /api/sla-levels creates the first level as the default', async () => {
		const res = await call('admin', 'POST', '/api/sla-levels', { code: 'STD', name: 'Standard', calendarId, targets: TARGETS });
		expect(res.status).toBe(201);
		expect(res.json).toMatchObject({ code: 'STD', isDefault: true, calendarId, calendarName: 'Ufficio HTTP', targets: TARGETS });
		levelId = res.json!.id;
	});

	it('a second default level unsets the first; GET lists the default first', async () => {
		const gold = await call('admin', 'POST', '/api/sla-levels', { code: 'GOLD', name: 'Oro', calendarId, isDefault: true, targets: TARGETS });
		expect(gold.status).toBe(201);
		const list = await call('dispatcher', 'GET', '/api/sla-levels');
		expect(list.status).toBe(200);
		expect(list.json!.items.map((l: { code: string; isDefault: boolean }) => `${l.code}:${l.isDefault}`)).toEqual(['GOLD:true', 'STD:false']);
		const back = await call('admin', 'PATCH', `/api/sla-levels/${levelId}`, { isDefault: true });
		expect(back.status).toBe(200);
		expect(back.json!.isDefault).toBe(true);
		const refused = await call('admin', 'PATCH', `/api/sla-levels/${levelId}`, { isDefault: false });
		expect(refused.status).toBe(400);
		expect(refused.json!.field).toBe('isDefault');
		expect((await call('supervisor', 'GET', `/api/sla-levels/${gold.json!.id}`)).json!.isDefault).toBe(false);
	});

	it.each([
		[{ code: 'X', name: 'x', calendarId: 'nope', targets: TARGETS }, 'calendarId'],
		[{ code: 'X', name: 'x', calendarId: '0190a3c0-0000-7000-8000-000000000000', targets: TARGETS }, 'calendarId'],
		[{ code: 'X Y', name: 'x', targets: TARGETS }, 'code'],
		[{ code: 'X', name: 'x', targets: { ...TARGETS, high: { acknowledgeMinutes: 60, onsiteMinutes: 30, resolutionMinutes: 480 } } }, 'targets.high.onsiteMinutes'],
		[{ code: 'X', name: 'x', targets: { ...TARGETS, low: { acknowledgeMinutes: -5, onsiteMinutes: 30, resolutionMinutes: 480 } } }, 'targets.low.acknowledgeMinutes'],
		[{ code: 'X', name: 'x', targets: { low: TARGETS.low, medium: TARGETS.medium } }, 'targets.high']
	])('POST /api/sla-levels %j -> 400 on %s', async (body, field) => {
		const res = await call('admin', 'POST', '/api/sla-levels', { calendarId, ...body });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ error: 'validation', field });
		expectNoStack(res.text);
	});

	it('a duplicate code is 409; unknown ids 404', async () => {
		expect((await call('admin', 'POST', '/api/sla-levels', { code: 'gold', name: 'x', calendarId, targets: TARGETS })).status).toBe(409);
		expect((await call('admin', 'GET', '/api/sla-levels/0190a3c0-0000-7000-8000-000000000000')).status).toBe(404);
		expect((await call('admin', 'PATCH', '/api/sla-levels/zzz', { name: 'x' })).status).toBe(404);
	});

	it('DELETE removes an unused level (204), refuses the default (409) and writes by a dispatcher (403)', async () => {
		const spare = await call('admin', 'POST', '/api/sla-levels', { code: 'SPARE', name: 'x', calendarId, targets: TARGETS });
		expect((await call('dispatcher', 'DELETE', `/api/sla-levels/${spare.json!.id}`)).status).toBe(403);
		expect((await call('admin', 'DELETE', `/api/sla-levels/${spare.json!.id}`)).status).toBe(204);
		expect((await call('admin', 'GET', `/api/sla-levels/${spare.json!.id}`)).status).toBe(404);
		const refused = await call('admin', 'DELETE', `/api/sla-levels/${levelId}`);
		expect(refused.status).toBe(409);
		expect(refused.json).toMatchObject({ error: 'conflict', field: 'isDefault' });
	});

	it('DELETE /api/calendars/:id: 409 while a level uses it, 204 when unused', async () => {
		expect((await call('admin', 'DELETE', `/api/calendars/${calendarId}`)).json).toMatchObject({ error: 'conflict', field: 'calendar' });
		const spare = await call('admin', 'POST', '/api/calendars', { name: 'Da eliminare', weeklyHours: OFFICE });
		expect((await call('supervisor', 'DELETE', `/api/calendars/${spare.json!.id}`)).status).toBe(403);
		expect((await call('admin', 'DELETE', `/api/calendars/${spare.json!.id}`)).status).toBe(204);
		expect((await call('admin', 'GET', `/api/calendars/${spare.json!.id}`)).status).toBe(404);
	});

	it('PATCH updates targets of one priority', async () => {
		const res = await call('admin', 'PATCH', `/api/sla-levels/${levelId}`, { targets: { medium: { acknowledgeMinutes: 90, onsiteMinutes: 300, resolutionMinutes: 600 } } });
		expect(res.status).toBe(200);
		expect(res.json!.targets).toEqual({ ...TARGETS, medium: { acknowledgeMinutes: 90, onsiteMinutes: 300, resolutionMinutes: 600 } });
		await call('admin', 'PATCH', `/api/sla-levels/${levelId}`, { targets: { medium: TARGETS.medium } });
	});

	it("preview: a Milano site on 6 December 2026 at 17:00, high priority, crosses Sant'Ambrogio and the Immacolata", async () => {
		const res = await call('dispatcher', 'POST', `/api/sla-levels/${levelId}/preview`, { priority: 'high', openedAt: '2026-12-06T17:00', comuneIstat: '015146' });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			slaLevelCode: 'STD',
			priority: 'high',
			comuneName: 'Milano',
			openedAt: '2026-12-06T16:00:00.000Z',
			clockStartsAt: '2026-12-09T07:30:00.000Z',
			acknowledgeDue: '2026-12-09T08:30:00.000Z',
			onsiteDue: '2026-12-09T11:30:00.000Z',
			resolutionDue: '2026-12-09T17:00:00.000Z',
			patronDays: [expect.objectContaining({ month: 12, day: 7 })]
		});
		const roma = await call('supervisor', 'POST', `/api/sla-levels/${levelId}/preview`, { priority: 'high', openedAt: '2026-12-06T16:00:00Z', comuneIstat: '058091' });
		expect(roma.json).toMatchObject({ acknowledgeDue: '2026-12-07T08:30:00.000Z', comuneName: 'Roma' });
	});

	it.each([
		[{ priority: 'urgent', openedAt: '2026-12-06T17:00' }, 'priority'],
		[{ priority: 'high', openedAt: 'yesterday' }, 'openedAt'],
		[{ priority: 'high', openedAt: '2026-12-06T17:00', comuneIstat: '000000' }, 'comuneIstat']
	])('preview %j -> 400 on %s', async (body, field) => {
		const res = await call('admin', 'POST', `/api/sla-levels/${levelId}/preview`, body);
		expect(res.status).toBe(400);
		expect(res.json!.field).toBe(field);
	});
});

describe('permissions', () => {
	it.each<[Role, string, string, unknown]>([
		['dispatcher', 'POST', '/api/calendars', { name: 'Nope', weeklyHours: OFFICE }],
		['dispatcher', 'PATCH', '/api/calendars/{cal}', { name: 'Nope' }],
		['dispatcher', 'POST', '/api/calendars/{cal}/closures', { day: '2026-12-30', name: 'Nope' }],
		['dispatcher', 'DELETE', '/api/calendars/{cal}/closures?day=2026-12-30', undefined],
		['dispatcher', 'POST', '/api/sla-levels', { code: 'NOPE', name: 'n', calendarId: '{cal}', targets: TARGETS }],
		['dispatcher', 'PATCH', '/api/sla-levels/{level}', { isDefault: true }],
		['supervisor', 'POST', '/api/calendars', { name: 'Nope', weeklyHours: OFFICE }],
		['supervisor', 'PATCH', '/api/sla-levels/{level}', { name: 'Nope' }]
	])('%s %s %s -> 403', async (role, method, path, body) => {
		const fill = (s: string) => s.replace('{cal}', calendarId).replace('{level}', levelId);
		const res = await call(role, method, fill(path), body === undefined ? undefined : JSON.parse(fill(JSON.stringify(body))));
		expect(res.status).toBe(403);
		expect(res.json).toMatchObject({ error: 'forbidden' });
	});

	it.each([
		['GET', '/api/calendars'],
		['GET', '/api/calendars/{cal}'],
		['GET', '/api/calendars/patron-days'],
		['GET', '/api/sla-levels'],
		['GET', '/api/sla-levels/{level}']
	])('a dispatcher may %s %s', async (method, path) => {
		const res = await call('dispatcher', method, path.replace('{cal}', calendarId).replace('{level}', levelId));
		expect(res.status).toBe(200);
	});

	it.each([
		['GET', '/api/calendars'],
		['GET', '/api/calendars/{cal}'],
		['POST', '/api/calendars'],
		['GET', '/api/sla-levels'],
		['POST', '/api/sla-levels'],
		['POST', '/api/sla-levels/{level}/preview']
	])('a technician gets 403 on %s %s', async (method, path) => {
		const res = await call('technician', method, path.replace('{cal}', calendarId).replace('{level}', levelId), method === 'POST' ? {} : undefined);
		expect(res.status).toBe(403);
	});

	it('anonymous requests are 401', async () => {
		expect((await call(null, 'GET', '/api/sla-levels')).status).toBe(401);
		expect((await call(null, 'POST', '/api/calendars', {})).status).toBe(401);
	});

	it('settings pages are for admins only', async () => {
		for (const path of ['/settings', '/settings/sla', '/settings/calendars', `/settings/calendars/${calendarId}`]) {
			const admin = await fetch(server.url + path, { headers: { cookie: cookies.admin } });
			expect(admin.status, path).toBe(200);
			const dispatcher = await fetch(server.url + path, { headers: { cookie: cookies.dispatcher } });
			expect(dispatcher.status, path).toBe(403);
		}
		expect((await fetch(server.url + '/settings/calendars/0190a3c0-0000-7000-8000-000000000000', { headers: { cookie: cookies.admin } })).status).toBe(404);
	});
});
