// Wall screens over real HTTP and Socket.IO: the token opens /wall only, read-only, as the
// supervisor's view; revoking closes the open socket at once and the pages stop answering.
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/auth/actor';
import { createWallScreen, listWallScreens, revokeWallScreen, updateWallScreen } from '../../src/lib/server/wall/wall.service';
import { ForbiddenError, ValidationError } from '../../src/lib/server/errors';
import { startServer, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/realtime-clients';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
let admin: Actor;
let dispatcher: Actor;
let supervisorCookie = '';
let technicianCookie = '';

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	const supervisor = await createTestUser(fresh.db, 'supervisor');
	const technician = await createTestUser(fresh.db, 'technician');
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	supervisorCookie = await loginCookie(server.url, supervisor.email);
	technicianCookie = await loginCookie(server.url, technician.email);
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

function wallSocket(token: string) {
	return ioClient(server.url + '/live', { path: '/socket.io', transports: ['websocket'], query: { wall: token }, extraHeaders: { origin: server.url }, reconnection: false, forceNew: true });
}

describe('wall screens', () => {
	it('only admins manage screens; bad input names its field', async () => {
		await expect(createWallScreen(dispatcher, { name: 'TV' })).rejects.toBeInstanceOf(ForbiddenError);
		const empty = await createWallScreen(admin, { name: '  ' }).catch((e) => e);
		expect(empty).toBeInstanceOf(ValidationError);
		expect((empty as ValidationError).field).toBe('name');
		const rotate = await createWallScreen(admin, { name: 'TV', rotateSeconds: 3 }).catch((e) => e);
		expect((rotate as ValidationError).field).toBe('rotateSeconds');
	});

	it('the token opens the wall page and its data, read-only; nothing else', async () => {
		const { token, path, id } = await createWallScreen(admin, { name: 'Sala operativa' });
		const rows = await listWallScreens(admin);
		expect(JSON.stringify(rows)).not.toContain(token);
		expect((await fetch(server.url + path)).status).toBe(200);
		const data = await fetch(`${server.url}${path}/data`);
		expect(data.status).toBe(200);
		expect(await data.json()).toMatchObject({ warningMinutes: 120, calls: [], technicians: [] });
		expect((await fetch(`${server.url}${path}/data`, { method: 'POST' })).status).toBe(405);
		// The 6-hourly reload's check: an empty answer, no snapshot built.
		const head = await fetch(`${server.url}${path}/data`, { method: 'HEAD' });
		expect([head.status, await head.text()]).toEqual([204, '']);
		expect((await fetch(`${server.url}/wall/${'a'.repeat(32)}/data`, { method: 'HEAD' })).status).toBe(401);
		// The token is not a session: the office API stays closed.
		expect((await fetch(`${server.url}/api/map?wall=${token}`)).status).toBe(401);
		const invalid = await fetch(`${server.url}/wall/${'a'.repeat(32)}`, { headers: { accept: 'text/html' } });
		expect(invalid.status).toBe(401);
		// A TV has no language cookie: the page says why in Italian, big and readable.
		expect(invalid.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await invalid.text()).toMatch(/<html lang="it">.*Questo collegamento per lo schermo a parete non è valido o è stato revocato/s);
		const asText = await fetch(`${server.url}/wall/${'a'.repeat(32)}/data`, { headers: { accept: 'application/json' } });
		expect([asText.status, await asText.text()]).toEqual([401, expect.stringContaining('non è valido o è stato revocato')]);
		expect((await fetch(`${server.url}/wall/short`)).status).toBe(401);
		await updateWallScreen(admin, id, { name: 'Sala operativa 2' });
		expect((await listWallScreens(admin)).find((s) => s.id === id)?.name).toBe('Sala operativa 2');
	});

	it('a wall socket gets the supervisor view; revoking closes it at once and refuses it afterwards', async () => {
		const { token, id } = await createWallScreen(admin, { name: 'TV corridoio' });
		const socket = wallSocket(token);
		const ready = await new Promise<{ role: string; name: string }>((resolve, reject) => {
			socket.once('session:ready', resolve);
			socket.once('connect_error', reject);
		});
		expect(ready).toMatchObject({ role: 'supervisor', name: 'TV corridoio' });
		let ended = false;
		let disconnected = false;
		socket.on('session:ended', () => (ended = true));
		socket.on('disconnect', () => (disconnected = true));
		await revokeWallScreen(admin, id);
		await waitFor(() => ended && disconnected, 5000, 'the wall socket to be closed');
		const again = wallSocket(token);
		const outcome = await new Promise<string>((resolve) => {
			again.once('connect', () => resolve('connected'));
			again.once('connect_error', (e) => resolve(e.message));
		});
		again.close();
		expect(outcome).toBe('unauthorized');
		expect((await fetch(`${server.url}/wall/${token}`)).status).toBe(401);
	});

	it('the office map API follows the permission table', async () => {
		expect((await fetch(`${server.url}/api/map`, { headers: { cookie: supervisorCookie } })).status).toBe(200);
		expect((await fetch(`${server.url}/api/map`, { headers: { cookie: technicianCookie } })).status).toBe(403);
		expect((await fetch(`${server.url}/api/map/technicians/not-an-id/trail`, { headers: { cookie: supervisorCookie } })).status).toBe(404);
	});
});
