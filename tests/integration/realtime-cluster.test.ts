import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countUpdates } from '../../src/lib/server/realtime/yjs.queries';
import { startServer, type ServerProcess } from '../support/server-process';
import { boardClient, synced, waitFor, type BoardClient } from '../support/realtime-clients';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

// Two web processes behind a load balancer: same PostgreSQL, same Redis prefix, different ports.
let fresh: FreshDatabase;
let one: ServerProcess;
let two: ServerProcess;
const clients: BoardClient[] = [];
let cookieA = '';
let cookieB = '';
const room = 'board:2026-12-02';

beforeAll(async () => {
	fresh = await freshDatabase();
	const env = { DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix };
	[one, two] = await Promise.all([startServer(env), startServer(env)]);
	cookieA = await loginCookie(one.url, (await createTestUser(fresh.db, 'dispatcher')).email);
	cookieB = await loginCookie(two.url, (await createTestUser(fresh.db, 'dispatcher')).email);
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await Promise.all([one?.stop(), two?.stop()]);
	await fresh?.close();
});

function client(server: ServerProcess, cookie: string): BoardClient {
	const c = boardClient(server.url, room, { cookie });
	clients.push(c);
	return c;
}

describe('several web processes', () => {
	it('share a day live: edits cross processes both ways and are stored once', async () => {
		const a = client(one, cookieA);
		const b = client(two, cookieB);
		await Promise.all([synced(a), synced(b)]);
		a.doc.getMap('notes').set('from-one', 1);
		await waitFor(() => b.doc.getMap('notes').get('from-one') === 1, 5000, 'process two to receive');
		b.doc.getMap('notes').set('from-two', 2);
		await waitFor(() => a.doc.getMap('notes').get('from-two') === 2, 5000, 'process one to receive');
		await new Promise((r) => setTimeout(r, 200));
		// Each edit is stored by the process that accepted it, and only there.
		expect(await countUpdates(fresh.db, room)).toBe(2);
	});

	it('share presence (awareness) across processes', async () => {
		const a = client(one, cookieA);
		const b = client(two, cookieB);
		await Promise.all([synced(a), synced(b)]);
		a.provider.awareness.setLocalStateField('user', { name: 'Dispatcher A', dragging: 'call-7' });
		await waitFor(
			() => [...b.provider.awareness.getStates().values()].some((s) => (s as { user?: { dragging?: string } }).user?.dragging === 'call-7'),
			5000,
			'B to see A dragging'
		);
		a.destroy();
		await waitFor(
			() => ![...b.provider.awareness.getStates().values()].some((s) => (s as { user?: { name?: string } }).user?.name === 'Dispatcher A'),
			5000,
			"A's presence to disappear for B"
		);
	});

	it('a process that opens the day later loads everything from PostgreSQL', async () => {
		const three = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
		try {
			const c = boardClient(three.url, room, { cookie: cookieA });
			clients.push(c);
			await synced(c);
			expect(c.doc.getMap('notes').toJSON()).toMatchObject({ 'from-one': 1, 'from-two': 2 });
		} finally {
			await three.stop();
		}
	});
});
