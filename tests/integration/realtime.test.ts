import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateUserSessions } from '../../src/lib/server/auth/session.service';
import { countUpdates } from '../../src/lib/server/realtime/yjs.queries';
import { startServer, type ServerProcess } from '../support/server-process';
import { boardClient, connectOutcome, liveClient, synced, upgradeStatus, waitFor, type BoardClient } from '../support/realtime-clients';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
const cookies: Record<string, string> = {};
const open: Array<{ destroy(): void } | { close(): void }> = [];

beforeAll(async () => {
	fresh = await freshDatabase();
	server = await startServer(serverEnv());
	for (const role of ['dispatcher', 'supervisor', 'technician'] as const) {
		const user = await createTestUser(fresh.db, role);
		cookies[role] = await loginCookie(server.url, user.email);
	}
	cookies.dispatcher2 = await loginCookie(server.url, (await createTestUser(fresh.db, 'dispatcher')).email);
});
afterAll(async () => {
	for (const c of open) ('destroy' in c ? c.destroy() : c.close());
	await server?.stop();
	await fresh?.close();
});

// The default one-minute sweep never fires during these tests, so closings prove the announcement path.
function serverEnv(extra: Record<string, string> = {}) {
	return { DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix, ...extra };
}

function track<T extends { destroy(): void } | { close(): void }>(c: T): T {
	open.push(c);
	return c;
}

describe('Socket.IO /live', () => {
	it('refuses a client without a session', async () => {
		const socket = track(liveClient(server.url, {}));
		expect(await connectOutcome(socket)).toBe('error: unauthorized');
	});

	it('refuses a foreign Origin even with a valid session', async () => {
		const socket = track(liveClient(server.url, { cookie: cookies.dispatcher, origin: 'https://evil.example' }));
		expect(await connectOutcome(socket)).toMatch(/^error/);
	});

	it("accepts a dispatcher's session and says who they are", async () => {
		const socket = track(liveClient(server.url, { cookie: cookies.dispatcher, origin: server.url }));
		const ready = new Promise((resolve) => socket.once('session:ready', resolve));
		expect(await connectOutcome(socket)).toBe('connected');
		expect(await ready).toMatchObject({ role: 'dispatcher' });
		const pong = await socket.timeout(2000).emitWithAck('ping');
		expect(pong.at).toMatch(/^\d{4}-/);
	});

	it('refuses the default namespace', async () => {
		const { io } = await import('socket.io-client');
		const socket = track(io(server.url, { transports: ['websocket'], extraHeaders: { cookie: cookies.dispatcher }, reconnection: false, forceNew: true }));
		expect(await connectOutcome(socket)).toMatch(/^error/);
	});
});

describe('Yjs /yjs/<doc>', () => {
	const room = 'board:2026-11-28';
	const wsUrl = () => server.url.replace(/^http/, 'ws') + '/yjs/' + room;

	it.each([
		['no session', () => ({}), 401],
		['a foreign Origin', () => ({ cookie: cookies.dispatcher, origin: 'https://evil.example' }), 403],
		['a technician (no board permission)', () => ({ cookie: cookies.technician }), 403],
		['a garbage cookie', () => ({ cookie: 'quadro_session=abcdefghijklmnopqrstuvwxyz234567' }), 401]
	])('refuses %s', async (_name, headers, status) => {
		expect(await upgradeStatus(wsUrl(), headers())).toBe(status);
	});

	it('refuses documents that are not a board day', async () => {
		expect(await upgradeStatus(server.url.replace(/^http/, 'ws') + '/yjs/secrets', { cookie: cookies.dispatcher })).toBe(404);
	});

	it("accepts a dispatcher's session with the page's own Origin", async () => {
		expect(await upgradeStatus(wsUrl(), { cookie: cookies.dispatcher, origin: server.url })).toBe(101);
	});

	let a: BoardClient;
	let b: BoardClient;

	it("carries one dispatcher's edit to another and stores it", async () => {
		a = track(boardClient(server.url, room, { cookie: cookies.dispatcher, origin: server.url }));
		b = track(boardClient(server.url, room, { cookie: cookies.dispatcher2, origin: server.url }));
		await Promise.all([synced(a), synced(b)]);
		a.doc.getMap('notes').set('as-1', 'hello from A');
		await waitFor(() => b.doc.getMap('notes').get('as-1') === 'hello from A', 5000, 'B to see A');
		expect(await countUpdates(fresh.db, room)).toBeGreaterThan(0);
	});

	it("drops a supervisor's writes: not applied, not stored, not broadcast", async () => {
		const before = await countUpdates(fresh.db, room);
		const sup = track(boardClient(server.url, room, { cookie: cookies.supervisor, origin: server.url }));
		await synced(sup);
		expect(sup.doc.getMap('notes').get('as-1')).toBe('hello from A');
		sup.doc.getMap('notes').set('as-sup', 'should not land');
		// A marker written after the supervisor's edit proves the server has processed it by then.
		a.doc.getMap('notes').set('marker', 1);
		await waitFor(() => b.doc.getMap('notes').get('marker') === 1, 5000, 'marker');
		await new Promise((r) => setTimeout(r, 200));
		expect(b.doc.getMap('notes').has('as-sup')).toBe(false);
		expect(await countUpdates(fresh.db, room)).toBe(before + 1);
	});

	it('keeps every edit across a crash and a restart of the server', async () => {
		a.doc.getMap('notes').set('as-2', 'before crash');
		await waitFor(() => b.doc.getMap('notes').get('as-2') === 'before crash', 5000, 'B to see as-2');
		const port = server.port;
		a.destroy();
		b.destroy();
		await server.kill(); // SIGKILL: nothing drained, only what was stored survives
		server = await startServer(serverEnv(), port);
		const c = track(boardClient(server.url, room, { cookie: cookies.dispatcher, origin: server.url }));
		await synced(c, 10_000);
		const map = c.doc.getMap('notes');
		expect(map.get('as-1')).toBe('hello from A');
		expect(map.get('as-2')).toBe('before crash');
		expect(map.get('marker')).toBe(1);
		expect(map.has('as-sup')).toBe(false);
	});

	it('closes the sockets of a user who logs out everywhere', async () => {
		const user = await createTestUser(fresh.db, 'dispatcher');
		const cookie = await loginCookie(server.url, user.email);
		const client = track(boardClient(server.url, room, { cookie, origin: server.url }));
		const live = track(liveClient(server.url, { cookie, origin: server.url }));
		await Promise.all([synced(client), connectOutcome(live)]);
		const ended = new Promise((resolve) => live.once('session:ended', () => resolve(true)));
		let closedWith = 0;
		client.provider.ws?.addEventListener('close', (e: { code: number }) => (closedWith = e.code));
		const res = await fetch(server.url + '/account?/everywhere', {
			method: 'POST',
			headers: { cookie, origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: '',
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		expect(await ended).toBe(true);
		await waitFor(() => closedWith === 4001, 5000, 'Yjs socket to close');
		// Reconnecting with the dead cookie is refused.
		expect(await upgradeStatus(wsUrl(), { cookie })).toBe(401);
	});

	it('a plain logout closes that session\'s sockets only', async () => {
		const user = await createTestUser(fresh.db, 'dispatcher');
		const [cookieA, cookieB] = [await loginCookie(server.url, user.email), await loginCookie(server.url, user.email)];
		const a = track(boardClient(server.url, room, { cookie: cookieA }));
		const b = track(boardClient(server.url, room, { cookie: cookieB }));
		await Promise.all([synced(a), synced(b)]);
		let aClosed = 0;
		let bClosed = 0;
		a.provider.ws?.addEventListener('close', (e: { code: number }) => (aClosed = e.code));
		b.provider.ws?.addEventListener('close', (e: { code: number }) => (bClosed = e.code));
		expect((await fetch(server.url + '/api/auth/logout', { method: 'POST', headers: { cookie: cookieA } })).status).toBe(204);
		await waitFor(() => aClosed === 4001, 5000, 'A to close');
		await new Promise((r) => setTimeout(r, 400));
		expect(bClosed).toBe(0);
	});

	it('a session deleted behind our back is noticed by the sweep', async () => {
		const sweeping = await startServer(serverEnv({ SESSION_SWEEP_MS: '300' }));
		open.push({ close: () => void sweeping.stop() });
		const user = await createTestUser(fresh.db, 'dispatcher');
		const cookie = await loginCookie(sweeping.url, user.email);
		const client = track(boardClient(sweeping.url, room, { cookie }));
		const live = track(liveClient(sweeping.url, { cookie }));
		await Promise.all([synced(client), connectOutcome(live)]);
		let closedWith = 0;
		client.provider.ws?.addEventListener('close', (e: { code: number }) => (closedWith = e.code));
		const ended = new Promise((resolve) => live.once('session:ended', () => resolve(true)));
		await invalidateUserSessions(user.id);
		await waitFor(() => closedWith === 4001, 5000, 'the sweep to close the Yjs socket');
		expect(await ended).toBe(true);
	});
});
