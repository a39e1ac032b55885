// A wall screen left on all day must ride out server restarts by itself. This runs the browser's
// own connection code (map-live.ts) in Node against the real server process, stopped, crashed,
// restarted with its database unreachable (the handshake refused as 'unavailable', after which
// Socket.IO alone never retries) and restarted again; and a screen revoked while the server was
// down ends, instead of knocking forever.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../scripts/lib/databases';
import { connectMapLive, retryDelay, type LiveState } from '../../src/lib/components/map/map-live';
import type { Actor } from '../../src/lib/server/auth/actor';
import { createCall } from '../../src/lib/server/calls/calls.service';
import { createCustomer } from '../../src/lib/server/customers/customers.service';
import { createSite } from '../../src/lib/server/customers/sites.service';
import { createWallScreen, revokeWallScreen } from '../../src/lib/server/wall/wall.service';
import { waitFor } from '../support/realtime-clients';
import { startServer, type ServerProcess } from '../support/server-process';
import { TEST_POSTGRES_URL } from '../support/test-env';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';
import { everyDaySlaLevel } from '../support/sla-fixtures';

let fresh: FreshDatabase;
let server: ServerProcess;
let admin: Actor;
let dispatcher: Actor;
let place: { customerId: string; siteId: string };
const stops: Array<() => void> = [];

const env = () => ({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	await everyDaySlaLevel(admin, 'WALL', 'Schermo');
	const customer = await createCustomer(dispatcher, { businessName: 'Riavvio Srl', address: 'Via Roma 1', sdiCode: 'ABCDEFG', fiscalCode: '01234567897', comuneIstat: '015146' });
	const site = await createSite(dispatcher, customer.id, { name: 'Sede', address: 'Via Roma 1', comuneIstat: '015146', location: { lat: 45.4642, lng: 9.19 } });
	place = { customerId: customer.id, siteId: site.id };
	server = await startServer(env());
});
afterAll(async () => {
	for (const stop of stops) stop();
	await server?.stop();
	await fresh?.close();
});

/** A wall screen's live connection as the page opens it, recording what it reports. */
function wallClient(token: string, { resyncOnFirstConnect = false, resyncMs = 0 } = {}) {
	const seen = { states: [] as LiveState[], calls: [] as string[], resyncs: 0, resynced: 0 };
	const stop = connectMapLive(
		{
			onCall: (id) => seen.calls.push(id),
			onPosition: () => {},
			// As the page does: the snapshot's fetch takes a while.
			onResync: async () => {
				seen.resyncs++;
				await new Promise((r) => setTimeout(r, resyncMs));
				seen.resynced++;
			},
			onState: (state) => seen.states.push(state)
		},
		{ wallToken: token, baseUrl: server.url, retryMinMs: 100, retryMaxMs: 800, resyncOnFirstConnect }
	);
	stops.push(stop);
	return { seen, stop, state: () => seen.states.at(-1) };
}

const handshakeFailures = (s: ServerProcess) => s.output().split('live handshake failed').length - 1;

describe('retry backoff', () => {
	it('doubles from the minimum up to the maximum, jittered between half and all of it', () => {
		expect([0, 1, 2, 3, 4, 5, 10].map((n) => retryDelay(n, 500, 10_000, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
		expect(retryDelay(3, 500, 10_000, () => 0)).toBe(2000);
		expect(retryDelay(400, 500, 10_000, () => 0.5)).toBe(7500);
	});
});

describe('a wall screen across server restarts', () => {
	it('resyncs on its first connection when asked to, and passes again what arrived while the snapshot was on its way', async () => {
		const { token } = await createWallScreen(admin, { name: 'TV primo collegamento' });
		const plain = wallClient(token);
		const asked = wallClient(token, { resyncOnFirstConnect: true, resyncMs: 3_000 });
		await waitFor(() => plain.state() === 'live' && asked.state() === 'live', 10_000, 'both to connect');
		expect([plain.seen.resyncs, asked.seen.resyncs]).toEqual([0, 1]);

		// A change during the resync: handled at once, and again once the (older) snapshot has landed.
		const call = await createCall(dispatcher, { ...place, priority: 'low', type: 'breakdown', description: 'Durante il riallineamento', estimatedMinutes: 30 });
		await waitFor(() => asked.seen.calls.includes(call.id), 5_000, 'the change');
		expect(asked.seen.resynced).toBe(0);
		await waitFor(() => asked.seen.resynced === 1, 5_000, 'the resync to land');
		await waitFor(() => asked.seen.calls.filter((id) => id === call.id).length === 2, 1_000, 'the change passed again');
		expect(plain.seen.calls.filter((id) => id === call.id)).toHaveLength(1);
		plain.stop();
		asked.stop();
	});

	it('shows "reconnecting", keeps retrying past refused handshakes, and comes back live and resynced', async () => {
		const { token } = await createWallScreen(admin, { name: 'TV riavvii' });
		const wall = wallClient(token);
		await waitFor(() => wall.state() === 'live', 10_000, 'the wall to connect');
		expect(wall.seen.states).toEqual(['connecting', 'live']);
		const port = server.port;

		// A clean restart: the server closes its sockets (Socket.IO does not retry those).
		await server.stop();
		await waitFor(() => wall.state() === 'reconnecting', 5_000, '"reconnecting"');

		// It comes back with its database unreachable: every handshake is refused as 'unavailable'.
		const broken = await startServer({ DATABASE_URL: withDatabase(TEST_POSTGRES_URL, `quadro_test_missing_${randomBytes(4).toString('hex')}`), REDIS_PREFIX: fresh.redisPrefix }, port);
		try {
			await waitFor(() => handshakeFailures(broken) >= 3, 15_000, 'the screen to knock again after refused handshakes');
			expect(wall.state()).toBe('reconnecting');
		} finally {
			await broken.kill();
		}

		// Back for real: live again, and it fetches what it missed.
		server = await startServer(env(), port);
		await waitFor(() => wall.state() === 'live', 15_000, 'the wall to be live again');
		expect(wall.seen.resyncs).toBe(1);
		expect(wall.seen.states).not.toContain('ended');

		// Live indeed: a new call reaches it.
		const call = await createCall(dispatcher, { ...place, priority: 'high', type: 'breakdown', description: 'Dopo il riavvio', estimatedMinutes: 60 });
		await waitFor(() => wall.seen.calls.includes(call.id), 5_000, 'the new call to reach the wall');

		// A crash (nothing closed cleanly) and a restart: the same.
		await server.kill();
		await waitFor(() => wall.state() === 'reconnecting', 10_000, '"reconnecting" after the crash');
		server = await startServer(env(), port);
		await waitFor(() => wall.state() === 'live', 15_000, 'the wall to be live after the crash');
		expect(wall.seen.resyncs).toBe(2);
		wall.stop();
	}, 90_000);

	it('a screen revoked while the server was down ends with "revoked" instead of retrying forever', async () => {
		const revoked = await createWallScreen(admin, { name: 'TV revocata al riavvio' });
		const kept = await createWallScreen(admin, { name: 'TV tenuta al riavvio' });
		const gone = wallClient(revoked.token);
		const stays = wallClient(kept.token);
		await waitFor(() => gone.state() === 'live' && stays.state() === 'live', 10_000, 'both walls to connect');
		const port = server.port;

		await server.stop();
		await waitFor(() => gone.state() === 'reconnecting' && stays.state() === 'reconnecting', 5_000, '"reconnecting"');
		await revokeWallScreen(admin, revoked.id);
		server = await startServer(env(), port);

		// Refused as unauthorized, the snapshot URL answers 401: final.
		await waitFor(() => gone.state() === 'ended', 15_000, 'the revoked wall to end');
		await waitFor(() => stays.state() === 'live', 15_000, 'the other wall to be live');
		// And stays ended: nothing knocks or reports any more.
		const reported = gone.seen.states.length;
		await new Promise((r) => setTimeout(r, 1_500));
		expect(gone.seen.states.length).toBe(reported);
		expect(gone.seen.states.slice(-2)).toEqual(['reconnecting', 'ended']);
		stays.stop();
	}, 60_000);
});
