import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../src/lib/server/config';
import { GreatCircleTravelTimes, OsrmTravelTimes, travelTimes } from '../../src/lib/server/routing';

// A tiny OSRM stand-in that speaks the /table response format; each test sets how it answers.
let server: Server;
let base = '';
let answer: (url: URL) => { status: number; body: unknown; delayMs?: number } = () => ({ status: 500, body: {} });
const requests: URL[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		requests.push(url);
		const { status, body, delayMs } = answer(url);
		setTimeout(() => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		}, delayMs ?? 0);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	process.env.LOG_LEVEL = 'silent';
	resetConfig();
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	delete process.env.OSRM_URL;
	resetConfig();
});

const SITE = { lat: 45.4642, lng: 9.19 };
const ORIGINS = [
	{ lat: 45.5, lng: 9.2 },
	{ lat: 45.07, lng: 7.69 }
];

describe('OSRM travel times', () => {
	it('asks /table once with the site as the destination and reads durations in minutes (rounded up)', async () => {
		answer = (url) => {
			const n = url.pathname.split('/').pop()!.split(';').length - 1;
			return { status: 200, body: { code: 'Ok', durations: Array.from({ length: n }, (_, i) => [i === 0 ? 541 : 7260]) } };
		};
		requests.length = 0;
		expect(await new OsrmTravelTimes(base).minutesTo(ORIGINS, SITE)).toEqual([10, 121]);
		expect(requests).toHaveLength(1);
		expect(requests[0].pathname).toBe('/table/v1/driving/9.190000,45.464200;9.200000,45.500000;7.690000,45.070000');
		expect(requests[0].searchParams.get('sources')).toBe('1;2');
		expect(requests[0].searchParams.get('destinations')).toBe('0');
		expect(requests[0].searchParams.get('annotations')).toBe('duration');
	});

	it('a pair the router cannot route (null) falls back to the great-circle estimate', async () => {
		answer = () => ({ status: 200, body: { code: 'Ok', durations: [[300], [null]] } });
		const estimate = await new GreatCircleTravelTimes().minutesTo(ORIGINS, SITE);
		expect(await new OsrmTravelTimes(base).minutesTo(ORIGINS, SITE)).toEqual([5, estimate[1]]);
	});

	it('an error answer, a refusal or a timeout falls back to the estimate for all', async () => {
		const estimate = await new GreatCircleTravelTimes().minutesTo(ORIGINS, SITE);
		answer = () => ({ status: 400, body: { code: 'InvalidQuery', message: 'bad' } });
		expect(await new OsrmTravelTimes(base).minutesTo(ORIGINS, SITE)).toEqual(estimate);
		answer = () => ({ status: 200, body: { code: 'Ok', durations: [[60], [60]] }, delayMs: 400 });
		expect(await new OsrmTravelTimes(base, 100).minutesTo(ORIGINS, SITE)).toEqual(estimate);
		expect(await new OsrmTravelTimes('http://127.0.0.1:1').minutesTo(ORIGINS, SITE)).toEqual(estimate);
	});

	it('no origins, no request', async () => {
		requests.length = 0;
		expect(await new OsrmTravelTimes(base).minutesTo([], SITE)).toEqual([]);
		expect(requests).toHaveLength(0);
	});

	it('OSRM_URL in the configuration selects the OSRM implementation', () => {
		delete process.env.OSRM_URL;
		resetConfig();
		expect(travelTimes().name).toBe('great-circle');
		process.env.OSRM_URL = base;
		resetConfig();
		expect(travelTimes().name).toBe('osrm');
	});
});
