// Positions over the real server: POST /api/technicians/:id/positions (session or API key), GET
// for the office, and Socket.IO 'position:report' with 'technician:position' reaching the office.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TechnicianPosition } from '../../src/lib/realtime/events';
import { createApiKey } from '../../src/lib/server/auth/api-keys.service';
import { technicians } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { connectOutcome, liveClient, waitFor, type LiveClient } from '../support/realtime-clients';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
const cookies = { admin: '', dispatcher: '', technician: '', other: '' };
let techId: string;
let otherId: string;
let positionsKey: string;
let readingsKey: string;
const sockets: LiveClient[] = [];

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

beforeAll(async () => {
	fresh = await freshDatabase();
	const admin = await createTestUser(fresh.db, 'admin');
	const dispatcher = await createTestUser(fresh.db, 'dispatcher');
	const technician = await createTestUser(fresh.db, 'technician');
	const other = await createTestUser(fresh.db, 'technician');
	techId = uuidv7();
	otherId = uuidv7();
	await fresh.db.insert(technicians).values([
		{ id: techId, userId: technician.id, code: 'T-HTTP1', name: 'Uno', homeBase: { lng: 9.19, lat: 45.46 } },
		{ id: otherId, userId: other.id, code: 'T-HTTP2', name: 'Due', homeBase: { lng: 7.68, lat: 45.07 } }
	]);
	positionsKey = (await createApiKey(admin, { name: 'Flotta', scopes: ['positions'] })).key;
	readingsKey = (await createApiKey(admin, { name: 'Letture', scopes: ['meter-readings'] })).key;
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	cookies.admin = await loginCookie(server.url, admin.email);
	cookies.dispatcher = await loginCookie(server.url, dispatcher.email);
	cookies.technician = await loginCookie(server.url, technician.email);
	cookies.other = await loginCookie(server.url, other.email);
});
afterAll(async () => {
	for (const s of sockets) s.close();
	await server?.stop();
	await fresh?.close();
});

function post(path: string, body: unknown, headers: Record<string, string>) {
	return fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
const fix = (overrides: Record<string, unknown> = {}) => ({ lat: 45.4642, lng: 9.19, accuracy: 10, recordedAt: ago(5), ...overrides });

describe('POST /api/technicians/:id/positions', () => {
	it('a technician posts their own position (201); for someone else 403; office roles 403', async () => {
		const own = await post(`/api/technicians/${techId}/positions`, fix(), { cookie: cookies.technician });
		expect(own.status).toBe(201);
		expect(await own.json()).toMatchObject({ technicianId: techId, currentUpdated: true });
		expect((await post(`/api/technicians/${otherId}/positions`, fix(), { cookie: cookies.technician })).status).toBe(403);
		expect((await post(`/api/technicians/${techId}/positions`, fix(), { cookie: cookies.dispatcher })).status).toBe(403);
	});

	it('bad input is a 400 naming the field, never a 500', async () => {
		const bad = await post(`/api/technicians/${techId}/positions`, fix({ heading: 400 }), { cookie: cookies.technician });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: 'validation', field: 'heading' });
		const future = await post(`/api/technicians/${techId}/positions`, fix({ recordedAt: new Date(Date.now() + 5 * 60_000).toISOString() }), { cookie: cookies.technician });
		expect(await future.json()).toMatchObject({ field: 'recordedAt' });
		const notJson = await fetch(`${server.url}/api/technicians/${techId}/positions`, { method: 'POST', headers: { cookie: cookies.technician, 'content-type': 'application/json' }, body: '{' });
		expect(notJson.status).toBe(400);
	});

	it('an integration key of scope positions posts for any technician; other scopes and bad keys are refused', async () => {
		const ok = await post(`/api/technicians/${otherId}/positions`, fix({ recordedAt: ago(3) }), { authorization: `Bearer ${positionsKey}` });
		expect(ok.status).toBe(201);
		expect((await post(`/api/technicians/${otherId}/positions`, fix(), { authorization: `Bearer ${readingsKey}` })).status).toBe(403);
		expect((await post(`/api/technicians/${otherId}/positions`, fix(), { authorization: 'Bearer qk_nope' })).status).toBe(401);
		expect((await post(`/api/technicians/${uuidv7()}/positions`, fix(), { authorization: `Bearer ${positionsKey}` })).status).toBe(404);
	});

	it('GET gives the office the current position with its stale flag and the trail; technicians 403', async () => {
		const res = await fetch(`${server.url}/api/technicians/${otherId}/positions`, { headers: { cookie: cookies.dispatcher } });
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.current).toMatchObject({ technicianId: otherId, source: 'vehicle', stale: false });
		expect(body.staleMinutes).toBe(15);
		expect(body.trail.length).toBeGreaterThanOrEqual(1);
		expect((await fetch(`${server.url}/api/technicians/${otherId}/positions`, { headers: { cookie: cookies.other } })).status).toBe(403);
	});
});

describe("Socket.IO 'position:report'", () => {
	function connect(cookie: string) {
		const socket = liveClient(server.url, { cookie, origin: server.url });
		sockets.push(socket);
		return socket;
	}

	it('a technician reports, the ack says ok, and a dispatcher receives technician:position', async () => {
		const office = connect(cookies.dispatcher);
		const tech = connect(cookies.technician);
		expect(await connectOutcome(office)).toBe('connected');
		expect(await connectOutcome(tech)).toBe('connected');
		const heard: TechnicianPosition[] = [];
		office.on('technician:position', (p) => heard.push(p));
		const recordedAt = ago(1);
		const ack = await tech.timeout(15000).emitWithAck('position:report', { lat: 45.07, lng: 7.68, heading: 180, speed: 3, recordedAt });
		expect(ack).toEqual({ ok: true });
		await waitFor(() => heard.some((p) => p.recordedAt === recordedAt), 15000, 'technician:position');
		expect(heard.find((p) => p.recordedAt === recordedAt)).toEqual({ technicianId: techId, lat: 45.07, lng: 7.68, accuracy: null, heading: 180, speed: 3, recordedAt, source: 'phone' });
	});

	it('bad fixes and non-technicians get a refusal in the ack; technicians never hear others positions', async () => {
		const tech = connect(cookies.technician);
		const other = connect(cookies.other);
		const office = connect(cookies.admin);
		for (const s of [tech, other, office]) expect(await connectOutcome(s)).toBe('connected');
		const otherHeard: TechnicianPosition[] = [];
		other.on('technician:position', (p) => otherHeard.push(p));
		expect(await tech.timeout(15000).emitWithAck('position:report', { lat: 45, lng: 200, recordedAt: ago(1) })).toEqual({ ok: false, error: 'lng: lng must be between -180 and 180' });
		expect(await office.timeout(15000).emitWithAck('position:report', { lat: 45, lng: 9, recordedAt: ago(1) })).toEqual({ ok: false, error: 'forbidden' });
		expect(await tech.timeout(15000).emitWithAck('position:report', { lat: 45.1, lng: 9.1, recordedAt: ago(0.5) })).toEqual({ ok: true });
		await new Promise((r) => setTimeout(r, 300));
		expect(otherHeard).toEqual([]);
	});
});
