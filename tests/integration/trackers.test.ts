// The OsmAnd / Traccar protocol over the real server: GET and POST (query string, Traccar JSON),
// device ids mapped to technicians, knots to m/s, API key in the header or ?key=.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/lib/server/auth/api-keys.service';
import { technicians } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { currentPositions } from '../../src/lib/server/positions/positions.queries';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
let techId: string;
let key: string;
let readingsKey: string;
const DEVICE = 'VAN-042';

beforeAll(async () => {
	fresh = await freshDatabase();
	const admin = await createTestUser(fresh.db, 'admin');
	techId = uuidv7();
	await fresh.db.insert(technicians).values([
		{ id: techId, code: 'T-TRK1', name: 'Furgone', homeBase: { lng: 9.19, lat: 45.46 }, trackerDeviceId: DEVICE },
		{ id: uuidv7(), code: 'T-TRK2', name: 'Spento', homeBase: { lng: 9.19, lat: 45.46 }, trackerDeviceId: 'VAN-OFF', active: false }
	]);
	key = (await createApiKey(admin, { name: 'Traccar', scopes: ['positions'] })).key;
	readingsKey = (await createApiKey(admin, { name: 'Letture', scopes: ['meter-readings'] })).key;
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

const unix = (secondsAgo: number) => Math.floor(Date.now() / 1000) - secondsAgo;
const get = (query: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api/trackers/osmand?${query}`, { headers });
async function current() {
	const [p] = await currentPositions(fresh.db, [techId]);
	return p;
}

describe('OsmAnd GET', () => {
	it('maps the device id to its technician, converts knots to m/s, reads unix seconds; key as ?key=', async () => {
		const ts = unix(30);
		const res = await get(`id=${DEVICE}&lat=45.07&lon=7.68&timestamp=${ts}&speed=10&bearing=270&accuracy=8&altitude=240&batt=80&key=${key}`);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('');
		const p = await current();
		expect(p).toMatchObject({ lat: 45.07, lng: 7.68, heading: 270, accuracy: 8, source: 'vehicle' });
		expect(p.speed).toBeCloseTo(5.1444, 3);
		expect(p.recordedAt.getTime()).toBe(ts * 1000);
	});

	it('accepts the key as an Authorization header and an ISO timestamp', async () => {
		const iso = new Date(Date.now() - 20_000).toISOString();
		const res = await get(`id=${DEVICE}&lat=45.1&lon=7.7&timestamp=${encodeURIComponent(iso)}`, { authorization: `Bearer ${key}` });
		expect(res.status).toBe(200);
		expect((await current()).recordedAt.toISOString()).toBe(iso);
	});

	it.each([
		['lat', `id=${DEVICE}&lat=95&lon=7.7`],
		['lon', `id=${DEVICE}&lat=45&lon=abc`],
		['lon', `id=${DEVICE}&lat=45`],
		['bearing', `id=${DEVICE}&lat=45&lon=7&bearing=400`],
		['speed', `id=${DEVICE}&lat=45&lon=7&speed=-1`],
		['timestamp', `id=${DEVICE}&lat=45&lon=7&timestamp=${unix(-600)}`],
		['timestamp', `id=${DEVICE}&lat=45&lon=7&timestamp=yesterday`],
		['id', `lat=45&lon=7`],
		['id', `id=VAN-OFF&lat=45&lon=7`]
	])('400 naming %s for %s', async (field, query) => {
		const res = await get(`${query}&key=${key}`);
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ error: 'validation', field });
	});

	it('401 without a valid key, 403 for a key of another scope, 404 for an unknown device', async () => {
		expect((await get(`id=${DEVICE}&lat=45&lon=7`)).status).toBe(401);
		expect((await get(`id=${DEVICE}&lat=45&lon=7&key=qk_wrong`)).status).toBe(401);
		expect((await get(`id=${DEVICE}&lat=45&lon=7&key=${readingsKey}`)).status).toBe(403);
		expect((await get(`id=UNKNOWN&lat=45&lon=7&key=${key}`)).status).toBe(404);
	});
});

describe('OsmAnd POST', () => {
	it('takes the parameters in the query string of a POST, as the Traccar Client sends them', async () => {
		const ts = unix(10);
		const res = await fetch(`${server.url}/api/trackers/osmand?id=${DEVICE}&lat=44.49&lon=11.34&timestamp=${ts}&speed=0&key=${key}`, { method: 'POST' });
		expect(res.status).toBe(200);
		expect(await current()).toMatchObject({ lat: 44.49, lng: 11.34, speed: 0 });
	});

	it("takes the Traccar Client's JSON body (speed already m/s, -1 heading means none)", async () => {
		const iso = new Date(Date.now() - 5000).toISOString();
		const res = await fetch(`${server.url}/api/trackers/osmand`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
			body: JSON.stringify({ device_id: DEVICE, location: { timestamp: iso, coords: { latitude: 43.77, longitude: 11.25, speed: 12.5, heading: -1, accuracy: 5 } } })
		});
		expect(res.status).toBe(200);
		expect(await current()).toMatchObject({ lat: 43.77, lng: 11.25, speed: 12.5, heading: null, accuracy: 5 });
	});

	it('an older fix (a tracker replaying its buffer) does not replace the current position', async () => {
		const before = await current();
		const res = await get(`id=${DEVICE}&lat=40&lon=15&timestamp=${unix(3600)}&key=${key}`);
		expect(res.status).toBe(200);
		expect((await current()).recordedAt.getTime()).toBe(before.recordedAt.getTime());
	});
});
