import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeReportMailQueue } from '../../src/lib/server/reports/report-mail.queue';
import { pdfText } from '../support/pdf-text';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { reportBody, reportWorld } from './reports.fixtures';
import { freshDatabase, type FreshDatabase } from './support/database';

// The report endpoints through the real server (dist/server.js): the permission table's
// /api/calls/*/reports rule, ownership, idempotent replays and the PDF download.

let fresh: FreshDatabase;
let server: ServerProcess;
let world: Awaited<ReturnType<typeof reportWorld>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
	fresh = await freshDatabase();
	world = await reportWorld(fresh.db);
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	const supervisor = await createTestUser(fresh.db, 'supervisor');
	const dispatcher = await createTestUser(fresh.db, 'dispatcher');
	cookies.mario = await loginCookie(server.url, world.techs[0].email);
	cookies.luca = await loginCookie(server.url, world.techs[1].email);
	cookies.supervisor = await loginCookie(server.url, supervisor.email);
	cookies.dispatcher = await loginCookie(server.url, dispatcher.email);
});
afterAll(async () => {
	await server?.stop();
	await closeReportMailQueue();
	await fresh?.close();
});

async function call(who: string, path: string, init: RequestInit = {}) {
	const res = await fetch(server.url + path, { ...init, headers: { cookie: cookies[who], 'content-type': 'application/json', ...(init.headers ?? {}) } });
	const type = res.headers.get('content-type') ?? '';
	return { status: res.status, type, body: type.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer()) };
}

describe('POST /api/calls/:id/reports', () => {
	it('a technician submits once (a replay answers the same), others are refused, office roles read, the PDF downloads', async () => {
		const target = await world.callOnSite(world.techs[0]);
		const body = JSON.stringify(reportBody());
		const first = await call('mario', `/api/calls/${target.id}/reports`, { method: 'POST', body });
		expect(first.status).toBe(201);
		const replay = await call('mario', `/api/calls/${target.id}/reports`, { method: 'POST', body });
		expect(replay).toEqual(first);

		expect((await call('luca', `/api/calls/${target.id}/reports`, { method: 'POST', body: JSON.stringify(reportBody()) })).status).toBe(403);
		expect((await call('luca', `/api/calls/${target.id}/reports`)).status).toBe(403);
		expect((await call('supervisor', `/api/calls/${target.id}/reports`, { method: 'POST', body: JSON.stringify(reportBody()) })).status).toBe(403);
		// The technician still cannot reach the rest of /api/calls.
		expect((await call('mario', `/api/calls/${target.id}`)).status).toBe(403);

		const list = await call('supervisor', `/api/calls/${target.id}/reports`);
		expect(list.status).toBe(200);
		const [version] = list.body as Array<{ id: string; pdfUrl: string; version: number }>;
		expect(version).toMatchObject({ id: (first.body as { id: string }).id, version: 1 });
		const pdf = await call('mario', version.pdfUrl);
		expect(pdf.status).toBe(200);
		expect(pdf.type).toBe('application/pdf');
		expect((await pdfText(pdf.body as Uint8Array)).text).toContain(target.number);
		expect((await call('luca', version.pdfUrl)).status).toBe(403);
	});

	it('bad input is a 400 naming the field; a refused reading also says why', async () => {
		const target = await world.callOnSite(world.techs[0]);
		const bad = await call('mario', `/api/calls/${target.id}/reports`, { method: 'POST', body: JSON.stringify(reportBody({ labourMinutes: 'tanti' })) });
		expect(bad).toMatchObject({ status: 400, body: { error: 'validation', field: 'labourMinutes' } });
		const malformed = await call('mario', `/api/calls/${target.id}/reports`, { method: 'POST', body: '{' });
		expect(malformed).toMatchObject({ status: 400, body: { field: 'body' } });
		const reading = await call('mario', `/api/calls/${target.id}/reports`, { method: 'POST', body: JSON.stringify(reportBody({ readings: [{ meterType: 'mono', value: 3 }] })) });
		// The unit's latest reading is the one the first test's report recorded.
		expect(reading).toMatchObject({ status: 400, body: { field: 'readings.0.value', refusal: { reason: 'lower_than_previous', params: { previousValue: 12_345 } } } });
		expect((await call('mario', `/api/calls/00000000-0000-7000-8000-000000000000/reports`)).status).toBe(403);
	});

	it('a call the office cancelled meanwhile is a 409 naming the case, so the phone can say it in words', async () => {
		const target = await world.callOnSite(world.techs[0], 'confirmed');
		const cancel = await call('dispatcher', `/api/calls/${target.id}/status`, { method: 'POST', body: JSON.stringify({ status: 'cancelled', reason: 'Il cliente ha risolto da solo' }) });
		expect(cancel.status).toBe(200);
		const refused = await call('mario', `/api/calls/${target.id}/reports`, { method: 'POST', headers: { 'x-outbox': '1' }, body: JSON.stringify(reportBody()) });
		expect(refused).toEqual({ status: 409, type: expect.stringContaining('json'), body: { error: 'conflict', field: 'call.cancelled', message: 'the office cancelled this call' } });
	});

	it('the mail settings page is for admins only', async () => {
		const res = await fetch(`${server.url}/settings/mail`, { headers: { cookie: cookies.mario }, redirect: 'manual' });
		expect(res.status).toBe(403);
	});
});
