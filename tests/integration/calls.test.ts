import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledge, changeStatus, createCall, getCall, listCalls } from '../../src/lib/server/calls/calls.service';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/lib/server/errors';
import { createCalendar } from '../../src/lib/server/sla/calendars.service';
import { createSlaLevel } from '../../src/lib/server/sla/sla-levels.service';
import { sites } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { boardFixtures } from '../support/board-fixtures';
import { connectOutcome, liveClient } from '../support/realtime-clients';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let fx: Awaited<ReturnType<typeof boardFixtures>>;
let dispatcher: { id: string; role: 'dispatcher'; email: string };
let technician: { id: string; role: 'technician'; email: string };

const office = { '1': [['08:30', '12:30'], ['14:00', '18:00']], '2': [['08:30', '12:30'], ['14:00', '18:00']], '3': [['08:30', '12:30'], ['14:00', '18:00']], '4': [['08:30', '12:30'], ['14:00', '18:00']], '5': [['08:30', '12:30'], ['14:00', '18:00']], '6': [], '7': [] };
const minutes = (h: number) => h * 60;

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 1, calls: 0 });
	const admin = { ...(await createTestUser(fresh.db, 'admin')), role: 'admin' as const };
	dispatcher = { ...(await createTestUser(fresh.db, 'dispatcher')), role: 'dispatcher' as const };
	technician = { ...(await createTestUser(fresh.db, 'technician')), role: 'technician' as const };
	const calendar = await createCalendar(admin, { name: 'Ufficio', weeklyHours: office, cutoffTime: '17:00' });
	await createSlaLevel(admin, {
		code: 'BASE',
		name: 'Base',
		calendarId: calendar.id,
		isDefault: true,
		targets: {
			low: { acknowledgeMinutes: minutes(8), onsiteMinutes: minutes(40), resolutionMinutes: minutes(80) },
			medium: { acknowledgeMinutes: minutes(4), onsiteMinutes: minutes(16), resolutionMinutes: minutes(40) },
			high: { acknowledgeMinutes: minutes(1), onsiteMinutes: minutes(4), resolutionMinutes: minutes(16) }
		}
	});
});
afterAll(async () => {
	await fresh.close();
});

describe('call intake', () => {
	it('numbers calls per year and computes SLA due times on the site calendar (default level, Milano)', async () => {
		// Friday 4 December 2026, 16:00 in Milano; high priority: 4 business hours on site.
		const now = new Date('2026-12-04T15:00:00Z');
		const first = await createCall(dispatcher, { customerId: fx.customerId, siteId: fx.siteId, priority: 'high', type: 'breakdown', description: 'Fotocopiatrice bloccata' }, null, now);
		const second = await createCall(dispatcher, { customerId: fx.customerId, siteId: fx.siteId, priority: 'low', type: 'other', description: 'Verifica periodica' }, null, now);
		expect(first.number).toBe('2026/000001');
		expect(second.number).toBe('2026/000002');
		const call = await getCall(dispatcher, first.id);
		// 16:00-18:00 Friday = 2 h; Monday 7 Dec is Sant'Ambrogio and Tuesday 8 Dec the Immacolata in Milano;
		// the clock resumes Wednesday 9 Dec 08:30 for the remaining 2 h: 10:30 local = 09:30Z.
		expect(call.onsiteDue?.toISOString()).toBe('2026-12-09T09:30:00.000Z');
		expect(call.acknowledgeDue?.toISOString()).toBe('2026-12-04T16:00:00.000Z');
		expect(call.status).toBe('new');
		expect(call.history.map((h) => h.toStatus)).toEqual(['new']);
	});

	it.each([
		['no description', { description: '' }, 'description'],
		['bad priority', { priority: 'urgent' }, 'priority'],
		['site of another customer', { customerId: '01900000-0000-7000-8000-000000000999' }, 'siteId'],
		['unknown unit', { equipmentId: '01900000-0000-7000-8000-000000000999' }, 'equipmentId'],
		['window backwards', { preferredFrom: '2026-12-05T10:00:00+01:00', preferredTo: '2026-12-05T09:00:00+01:00' }, 'preferredTo']
	])('refuses %s with the field at fault', async (_n, change, field) => {
		const input = { customerId: fx.customerId, siteId: fx.siteId, priority: 'medium', type: 'breakdown', description: 'Guasto', ...change };
		await expect(createCall(dispatcher, input)).rejects.toMatchObject({ field });
	});

	it('refuses a call at a closed site', async () => {
		const closedSite = uuidv7();
		await fresh.db.insert(sites).values({ id: closedSite, customerId: fx.customerId, name: 'Magazzino chiuso', address: 'Via Po 2', comuneIstat: '015146', comuneName: 'Milano', province: 'MI', regionCode: '03', location: { lng: 9.2, lat: 45.46 }, active: false });
		await expect(createCall(dispatcher, { customerId: fx.customerId, siteId: closedSite, priority: 'low', type: 'other', description: 'Verifica' })).rejects.toMatchObject({ field: 'siteId', message: 'the site is not active' });
	});

	it('a technician cannot change a call through the office service (only their own, through the field service)', async () => {
		const call = await createCall(dispatcher, { customerId: fx.customerId, siteId: fx.siteId, priority: 'low', type: 'other', description: 'Non sua' });
		await expect(changeStatus(technician, call.id, { status: 'on_hold', reason: 'prova' })).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('a technician cannot open calls', async () => {
		await expect(createCall(technician, { customerId: fx.customerId, siteId: fx.siteId, priority: 'low', type: 'other', description: 'x y z' })).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('status lifecycle', () => {
	it('cancellation needs a reason; invalid moves are refused with a clear message; history is kept', async () => {
		const { id } = await createCall(dispatcher, { customerId: fx.customerId, siteId: fx.siteId, priority: 'medium', type: 'breakdown', description: 'Perdita acqua' });
		await expect(changeStatus(dispatcher, id, { status: 'cancelled' })).rejects.toMatchObject({ field: 'reason' });
		const bad = await changeStatus(dispatcher, id, { status: 'completed' }).catch((e: unknown) => e);
		expect(bad).toBeInstanceOf(ConflictError);
		expect((bad as Error).message).toMatch(/new -> completed/);
		await changeStatus(dispatcher, id, { status: 'cancelled', reason: 'Risolto dal cliente' });
		const call = await getCall(dispatcher, id);
		expect(call.status).toBe('cancelled');
		expect(call.history.map((h) => [h.fromStatus, h.toStatus, h.reason])).toEqual([
			[null, 'new', null],
			['new', 'cancelled', 'Risolto dal cliente']
		]);
		await changeStatus(dispatcher, id, { status: 'new', reason: 'Riaperta' });
		expect((await getCall(dispatcher, id)).status).toBe('new');
	});

	it('acknowledgement is recorded once, the first time someone takes charge', async () => {
		const { id } = await createCall(dispatcher, { customerId: fx.customerId, siteId: fx.siteId, priority: 'high', type: 'breakdown', description: 'Ascensore fermo' });
		const first = await acknowledge(dispatcher, id);
		const again = await acknowledge(dispatcher, id);
		expect(first.first).toBe(true);
		expect(again.first).toBe(false);
		expect(again.acknowledgedAt).toEqual(first.acknowledgedAt);
	});
});

describe('listing', () => {
	it('filters by status and priority, searches, paginates', async () => {
		const high = await listCalls(dispatcher, new URLSearchParams({ priority: 'high' }));
		expect(high.items.every((c) => c.priority === 'high')).toBe(true);
		expect(high.total).toBeGreaterThanOrEqual(2);
		const search = await listCalls(dispatcher, new URLSearchParams({ q: 'ascensore' }));
		expect(search.items.map((c) => c.description)).toEqual(['Ascensore fermo']);
		const page = await listCalls(dispatcher, new URLSearchParams({ pageSize: '1', page: '2' }));
		expect(page.items).toHaveLength(1);
		expect(page.pages).toBe(page.total);
		await expect(listCalls(dispatcher, new URLSearchParams({ status: 'lost' }))).rejects.toBeInstanceOf(ValidationError);
	});
});

describe('HTTP API', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	});
	afterAll(async () => {
		await server.stop();
	});

	it('POST /api/calls creates, GET /api/calls lists in the documented shape, technicians get 403', async () => {
		const cookie = await loginCookie(server.url, dispatcher.email);
		const live = liveClient(server.url, { cookie });
		expect(await connectOutcome(live)).toBe('connected');
		const heard = new Promise<{ number: string; change: string }>((resolve) => live.once('call:changed', resolve));
		const created = await fetch(server.url + '/api/calls', {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ customerId: fx.customerId, siteId: fx.siteId, priority: 'medium', type: 'installation', description: 'Nuova installazione', estimatedMinutes: 90 })
		});
		expect(created.status).toBe(201);
		const body = await created.json();
		expect(await heard).toMatchObject({ number: body.number, change: 'created' });
		live.close();
		expect(body).toMatchObject({ number: expect.stringMatching(/^\d{4}\/\d{6}$/), status: 'new', customer: { id: fx.customerId }, site: { id: fx.siteId, lat: 45.4642, lng: 9.19 }, equipment: null, estimatedMinutes: 90 });
		expect(Object.keys(body.sla)).toEqual(['responseDue', 'onsiteDue', 'resolutionDue']);
		const list = await fetch(server.url + '/api/calls?status=new&priority=medium', { headers: { cookie } });
		expect(list.status).toBe(200);
		expect((await list.json()).items.some((c: { id: string }) => c.id === body.id)).toBe(true);
		const bad = await fetch(server.url + '/api/calls', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
		expect(bad.status).toBe(400);
		expect((await bad.json()).field).toBe('customerId');
		const status = await fetch(`${server.url}/api/calls/${body.id}/status`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'on_hold' }) });
		expect(status.status).toBe(400);
		const techCookie = await loginCookie(server.url, technician.email);
		expect((await fetch(server.url + '/api/calls', { headers: { cookie: techCookie } })).status).toBe(403);
		expect((await fetch(`${server.url}/api/calls/not-a-uuid`, { headers: { cookie } })).status).toBe(404);
	});
});
