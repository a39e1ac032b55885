import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { insertBoxArea, insertCall, insertSite, insertSkills, insertTechnician } from './candidates.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
const cookies: Record<string, string> = {};
let callId: string;
let areaId: string;
let anna: string;
let bruno: string;
let technicianUserId: string;

beforeAll(async () => {
	fresh = await freshDatabase();
	await insertSkills(fresh.db, ['hvac', 'lift']);
	const site = await insertSite(fresh.db, { lat: 45.4642, lng: 9.19 });
	callId = await insertCall(fresh.db, site, { requiredSkills: ['hvac'] });
	areaId = await insertBoxArea(fresh.db, 'Milano', { lat: 45.3, lng: 9 }, { lat: 45.6, lng: 9.4 });
	anna = await insertTechnician(fresh.db, { name: 'Anna Bianchi', home: { lat: 45.5, lng: 9.2 }, skills: { hvac: 2 }, position: { lat: 45.47, lng: 9.19, recordedAt: new Date() }, areaIds: [areaId] });
	bruno = await insertTechnician(fresh.db, { name: 'Bruno Verdi', home: { lat: 45.48, lng: 9.2 }, skills: { lift: 1 }, position: { lat: 45.4, lng: 9.1, recordedAt: new Date(Date.now() - 3_600_000) } });
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	for (const role of ['admin', 'dispatcher', 'supervisor', 'technician'] as const) {
		const user = await createTestUser(fresh.db, role);
		if (role === 'technician') technicianUserId = user.id;
		cookies[role] = await loginCookie(server.url, user.email);
	}
	const english = await createTestUser(fresh.db, 'dispatcher');
	await fresh.db.execute(sql`update users set locale = 'en' where id = ${english.id}`);
	cookies.english = await loginCookie(server.url, english.email);
}, 60_000);
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

const call = (who: string, path: string, init: RequestInit = {}) =>
	fetch(`${server.url}${path}`, { ...init, headers: { cookie: cookies[who], 'content-type': 'application/json', origin: server.url, ...(init.headers ?? {}) } });

describe('GET /api/calls/:id/candidates over HTTP', () => {
	it('dispatchers, admins and supervisors read candidates; technicians are refused', async () => {
		for (const who of ['dispatcher', 'admin', 'supervisor']) expect((await call(who, `/api/calls/${callId}/candidates`)).status, who).toBe(200);
		const refused = await call('technician', `/api/calls/${callId}/candidates`);
		expect(refused.status).toBe(403);
	});

	it('answers the contract shape, reasons in the requester language', async () => {
		const it_ = await (await call('dispatcher', `/api/calls/${callId}/candidates?order=distance&limit=5`)).json();
		expect(it_[0]).toMatchObject({ technicianId: anna, name: 'Anna Bianchi', skillsOk: true, missingSkills: [] });
		expect(Object.keys(it_[0]).sort()).toEqual(['distanceMeters', 'freeFrom', 'freeUntil', 'missingSkills', 'name', 'reasons', 'score', 'skillsOk', 'technicianId', 'travelMinutes']);
		expect(it_[0].reasons[0]).toMatch(/^\d+,\d km, ~\d+ min$/);
		expect(it_[1]).toMatchObject({ technicianId: bruno, skillsOk: false, missingSkills: ['hvac'] });
		expect(it_[1].reasons).toContain('manca: Abilità hvac');
		const en = await (await call('english', `/api/calls/${callId}/candidates?order=distance`)).json();
		expect(en[1].reasons).toContain('missing: Skill hvac');
		expect(en[1].reasons).toContain('from home base (no recent position)');
	});

	it('bad query is a 400 naming the field', async () => {
		const res = await call('dispatcher', `/api/calls/${callId}/candidates?order=cheapest`);
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ error: 'validation', field: 'order' });
		expect((await call('dispatcher', `/api/calls/${callId}/candidates?limit=500`)).status).toBe(400);
		expect((await call('dispatcher', `/api/calls/00000000-0000-7000-8000-000000000009/candidates`)).status).toBe(404);
	});
});

describe('technicians API', () => {
	it('GET /api/technicians: skills, live or stale position, home, areas', async () => {
		const list = (await (await call('supervisor', '/api/technicians')).json()) as Array<Record<string, unknown>>;
		const a = list.find((t) => t.id === anna)!;
		const b = list.find((t) => t.id === bruno)!;
		expect(a).toMatchObject({ name: 'Anna Bianchi', active: true, skills: [{ code: 'hvac', level: 2 }], home: { lat: 45.5, lng: 9.2 }, areas: [areaId] });
		expect(a.position).toMatchObject({ lat: 45.47, lng: 9.19, source: 'phone', stale: false });
		expect(b.position).toMatchObject({ stale: true });
		expect(b.areas).toEqual([]);
		expect((await call('technician', '/api/technicians')).status).toBe(403);
	});

	const valid = (over: Record<string, unknown> = {}) => ({
		code: 'T900',
		name: 'Carla Neri',
		team: 'Nord',
		userId: null,
		active: true,
		costPerHourCents: 3550,
		home: { lat: 45.07, lng: 7.69 },
		homeComuneName: 'Torino',
		trackerDeviceId: 'VAN-900',
		skills: [{ code: 'hvac', level: 3 }],
		shifts: [
			{ weekday: 1, start: '08:00', end: '12:30' },
			{ weekday: 1, start: '13:30', end: '17:30' },
			{ weekday: 6, start: '08:00', end: '12:00' }
		],
		areaIds: [areaId],
		...over
	});

	it('an admin creates and edits a technician (record, skills, shifts, areas) in one go', async () => {
		const created = await call('admin', '/api/technicians', { method: 'POST', body: JSON.stringify(valid({ userId: technicianUserId })) });
		expect(created.status).toBe(201);
		const body = await created.json();
		expect(body).toMatchObject({ code: 'T900', costPerHourCents: 3550, trackerDeviceId: 'VAN-900', userId: technicianUserId, areas: [areaId], skills: [{ code: 'hvac', level: 3 }] });
		expect(body.shifts).toEqual(valid().shifts);
		const edited = await call('admin', `/api/technicians/${body.id}`, { method: 'PUT', body: JSON.stringify(valid({ skills: [{ code: 'lift', level: 1 }], shifts: [], areaIds: [] })) });
		expect(edited.status).toBe(200);
		expect(await edited.json()).toMatchObject({ skills: [{ code: 'lift', level: 1 }], shifts: [], areas: [], userId: null });
	});

	it('bad input is a 400 naming the field; clashes are 409; dispatchers cannot edit', async () => {
		const post = (body: unknown, who = 'admin') => call(who, '/api/technicians', { method: 'POST', body: JSON.stringify(body) });
		const fieldOf = async (res: Response) => ({ status: res.status, field: (await res.json()).field });
		expect(await fieldOf(await post(valid({ code: 'T901', shifts: [{ weekday: 2, start: '12:00', end: '09:00' }] })))).toEqual({ status: 400, field: 'shifts.0.end' });
		expect(await fieldOf(await post(valid({ code: 'T901', skills: [{ code: 'plumbing', level: 1 }] })))).toEqual({ status: 400, field: 'skills.0.code' });
		expect(await fieldOf(await post(valid({ code: 'T901', home: { lat: 48.85, lng: 2.35 } })))).toEqual({ status: 400, field: 'home.lat' });
		expect(await fieldOf(await post(valid({ code: 'T901', areaIds: ['00000000-0000-7000-8000-000000000077'] })))).toEqual({ status: 400, field: 'areaIds.0' });
		expect(await fieldOf(await post(valid({ trackerDeviceId: 'OTHER' })))).toEqual({ status: 409, field: 'code' });
		expect(await fieldOf(await post(valid({ code: 'T902' })))).toEqual({ status: 409, field: 'trackerDeviceId' });
		expect((await post(valid({ code: 'T903', trackerDeviceId: null }), 'dispatcher')).status).toBe(403);
		expect((await call('admin', '/api/technicians/not-an-id')).status).toBe(404);
	});
});

describe('skills API', () => {
	it('lists, creates, renames; refuses deleting a skill in use; technicians cannot manage', async () => {
		const created = await call('admin', '/api/skills', { method: 'POST', body: JSON.stringify({ code: 'plumbing', nameIt: 'Idraulica', nameEn: 'Plumbing' }) });
		expect(created.status).toBe(201);
		expect((await call('admin', '/api/skills', { method: 'POST', body: JSON.stringify({ code: 'plumbing', nameIt: 'Idraulica', nameEn: 'Plumbing' }) })).status).toBe(409);
		const bad = await call('admin', '/api/skills', { method: 'POST', body: JSON.stringify({ code: 'Bad Code', nameIt: 'X', nameEn: 'X' }) });
		expect(await bad.json()).toMatchObject({ error: 'validation', field: 'code' });
		expect((await call('admin', '/api/skills/plumbing', { method: 'PUT', body: JSON.stringify({ nameIt: 'Impianti idraulici', nameEn: 'Plumbing systems' }) })).status).toBe(200);
		const list = (await (await call('dispatcher', '/api/skills')).json()) as Array<{ code: string; nameIt: string; technicians: number }>;
		expect(list.find((s) => s.code === 'plumbing')).toMatchObject({ nameIt: 'Impianti idraulici', technicians: 0 });
		expect(list.find((s) => s.code === 'hvac')!.technicians).toBeGreaterThan(0);
		expect((await call('admin', '/api/skills/hvac', { method: 'DELETE' })).status).toBe(409);
		expect((await call('technician', '/api/skills/plumbing', { method: 'DELETE' })).status).toBe(403);
		expect((await call('dispatcher', '/api/skills/plumbing', { method: 'DELETE' })).status).toBe(403);
		expect((await call('admin', '/api/skills/plumbing', { method: 'DELETE' })).status).toBe(204);
	});
});
