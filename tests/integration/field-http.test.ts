import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putEntry } from '../../src/lib/realtime/board-doc';
import { uuidv7 } from '../../src/lib/server/ids';
import { boardFixtures } from '../support/board-fixtures';
import { boardClient, synced, waitFor, type BoardClient } from '../support/realtime-clients';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

// The technician app's HTTP surface on the real server: permissions, 400s naming the field,
// replays answered with the first answer, the unit history, and a live notice when the board
// gives the technician a job.

let fresh: FreshDatabase;
let server: ServerProcess;
let fx: Awaited<ReturnType<typeof boardFixtures>>;
let techCookie = '';
let otherCookie = '';
let dispatcherCookie = '';
let techUserId = '';
const unitId = uuidv7();
const board: BoardClient[] = [];

function today(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

async function call(cookie: string, path: string, init: RequestInit = {}) {
	const res = await fetch(`${server.url}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', origin: server.url, ...(init.headers ?? {}) } });
	return { status: res.status, headers: res.headers, body: await res.json().catch(() => null) };
}

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 2, calls: 4 });
	// A unit with a meter and two readings, on the first call.
	const modelId = uuidv7();
	const meterId = uuidv7();
	await fresh.db.execute(sql`insert into meter_types (code, name_it, name_en, unit_it, unit_en) values ('bw_pages', 'Copie B/N', 'B/W pages', 'copie', 'pages') on conflict do nothing`);
	await fresh.db.execute(sql`insert into equipment_models (id, brand, model, category, meter_types) values (${modelId}, 'Kyocera', 'TASKalfa 2553ci', 'copier_colour', '{bw_pages}')`);
	await fresh.db.execute(sql`insert into equipment (id, model_id, brand, serial_number, serial_key, site_id) values (${unitId}, ${modelId}, 'Kyocera', 'KY-123-456', 'KY123456', ${fx.siteId})`);
	await fresh.db.execute(sql`insert into meters (id, equipment_id, meter_type) values (${meterId}, ${unitId}, 'bw_pages')`);
	await fresh.db.execute(sql`insert into meter_readings (id, meter_id, value, read_at, source) values (${uuidv7()}, ${meterId}, 10500, now() - interval '30 days', 'remote'), (${uuidv7()}, ${meterId}, 12800, now() - interval '1 day', 'remote')`);
	await fresh.db.execute(sql`update calls set equipment_id = ${unitId} where id in (${fx.callIds[0]}, ${fx.callIds[1]})`);
	const tech = await createTestUser(fresh.db, 'technician');
	const other = await createTestUser(fresh.db, 'technician');
	techUserId = tech.id;
	await fresh.db.execute(sql`update technicians set user_id = ${tech.id} where id = ${fx.techIds[0]}`);
	await fresh.db.execute(sql`update technicians set user_id = ${other.id} where id = ${fx.techIds[1]}`);
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	techCookie = await loginCookie(server.url, tech.email);
	otherCookie = await loginCookie(server.url, other.email);
	dispatcherCookie = await loginCookie(server.url, (await createTestUser(fresh.db, 'dispatcher')).email);
});
afterAll(async () => {
	for (const b of board) b.destroy();
	await server?.stop();
	await fresh?.close();
});

describe('technician app over HTTP', () => {
	let assignmentId = '';

	it('a board assignment reaches the technician live and shows in the day', async () => {
		const { liveClient, connectOutcome } = await import('../support/realtime-clients');
		const socket = liveClient(server.url, { cookie: techCookie, origin: server.url });
		const heard: Array<{ change: string; callId: string }> = [];
		socket.on('assignment:changed', (p) => heard.push(p));
		expect(await connectOutcome(socket)).toBe('connected');
		const b = boardClient(server.url, `board:${today()}`, { cookie: dispatcherCookie, origin: server.url });
		board.push(b);
		await synced(b);
		assignmentId = uuidv7();
		putEntry(b.doc, 'assignment', assignmentId, { callId: fx.callIds[0], technicianId: fx.techIds[0], start: `${today()}T09:00:00+01:00`, end: `${today()}T10:00:00+01:00`, status: 'planned' });
		await waitFor(() => heard.length > 0, 5000, 'the technician to hear of the assignment');
		expect(heard[0]).toMatchObject({ change: 'added', callId: fx.callIds[0] });
		socket.close();
		const day = await call(techCookie, '/api/field/day');
		expect(day.status).toBe(200);
		expect(day.body.jobs[0]).toMatchObject({ assignmentId, unit: { serial: 'KY-123-456' } });
	});

	it('answers a replayed request with the first answer and applies it once', async () => {
		const body = JSON.stringify({ clientId: `replay-${uuidv7()}`, deviceAt: new Date().toISOString() });
		const first = await call(techCookie, `/api/field/assignments/${assignmentId}/accept`, { method: 'POST', body });
		expect(first.status).toBe(200);
		expect(first.headers.get('x-replayed')).toBeNull();
		const again = await call(techCookie, `/api/field/assignments/${assignmentId}/accept`, { method: 'POST', body });
		expect(again.status).toBe(200);
		expect(again.headers.get('x-replayed')).toBe('1');
		expect(again.body).toEqual(first.body);
		const rows = await fresh.db.execute(sql`select 1 from call_status_history where call_id = ${fx.callIds[0]} and to_status = 'confirmed'`);
		expect(rows.length).toBe(1);
		await waitFor(() => (b0().doc.getMap('assignments').get(assignmentId) as { get(k: string): unknown })?.get('status') === 'confirmed', 5000, 'the board to show confirmed');
	});

	it('the office cancelling a call reaches its technician at once', async () => {
		const { liveClient, connectOutcome } = await import('../support/realtime-clients');
		const socket = liveClient(server.url, { cookie: techCookie, origin: server.url });
		const heard: Array<{ change: string; callId: string; assignmentId: string }> = [];
		socket.on('assignment:changed', (p) => heard.push(p));
		expect(await connectOutcome(socket)).toBe('connected');
		const otherSocket = liveClient(server.url, { cookie: otherCookie, origin: server.url });
		const otherHeard: string[] = [];
		otherSocket.on('assignment:changed', (p) => otherHeard.push(p.change));
		expect(await connectOutcome(otherSocket)).toBe('connected');
		const cancelledAssignment = uuidv7();
		putEntry(b0().doc, 'assignment', cancelledAssignment, { callId: fx.callIds[2], technicianId: fx.techIds[0], start: `${today()}T15:00:00+01:00`, end: `${today()}T16:00:00+01:00`, status: 'planned' });
		await waitFor(() => heard.some((h) => h.callId === fx.callIds[2] && h.change === 'added'), 5000, 'the technician to hear of the new job');
		const noReason = await call(dispatcherCookie, `/api/calls/${fx.callIds[2]}/status`, { method: 'POST', body: JSON.stringify({ status: 'cancelled' }) });
		expect(noReason).toMatchObject({ status: 400, body: { field: 'reason' } });
		const cancelled = await call(dispatcherCookie, `/api/calls/${fx.callIds[2]}/status`, { method: 'POST', body: JSON.stringify({ status: 'cancelled', reason: 'Il cliente ha risolto da solo' }) });
		expect(cancelled.status).toBe(200);
		await waitFor(() => heard.some((h) => h.change === 'cancelled'), 5000, 'the technician to hear of the cancellation');
		expect(heard.filter((h) => h.change === 'cancelled')).toEqual([expect.objectContaining({ callId: fx.callIds[2], assignmentId: cancelledAssignment, day: today() })]);
		// The other technician, who holds nothing of this call, hears nothing of it (announcements
		// travel in order through one Redis channel, so theirs would have arrived by now).
		expect(otherHeard).toEqual([]);
		socket.close();
		otherSocket.close();
	});

	it('moving an assignment to another technician tells the office maps (call:planned), not only status changes', async () => {
		const { liveClient, connectOutcome } = await import('../support/realtime-clients');
		const office = liveClient(server.url, { cookie: dispatcherCookie, origin: server.url });
		const planned: string[][] = [];
		const statusOf: Array<{ id: string; status: string }> = [];
		office.on('call:planned', (p) => planned.push(p.ids));
		office.on('call:changed', (p) => statusOf.push({ id: p.id, status: p.status }));
		expect(await connectOutcome(office)).toBe('connected');
		const id = uuidv7();
		const entry = { callId: fx.callIds[3], technicianId: fx.techIds[0], start: `${today()}T11:00:00+01:00`, end: `${today()}T12:00:00+01:00`, status: 'planned' as const };
		putEntry(b0().doc, 'assignment', id, entry);
		// Assigning changes the call's status: that is a call:changed, and no call:planned for it.
		await waitFor(() => statusOf.some((c) => c.id === fx.callIds[3]), 5000, 'the office to hear the call was assigned');
		expect(planned.flat()).not.toContain(fx.callIds[3]);
		// Giving it to the other technician keeps the status: only the plan changed.
		putEntry(b0().doc, 'assignment', id, { ...entry, technicianId: fx.techIds[1] });
		await waitFor(() => planned.flat().includes(fx.callIds[3]), 5000, 'the office to hear the plan changed');
		expect(statusOf.filter((c) => c.id === fx.callIds[3])).toHaveLength(1);
		office.close();
	});

	it('names the field of bad input', async () => {
		const noClient = await call(techCookie, `/api/field/calls/${fx.callIds[0]}/status`, { method: 'POST', body: JSON.stringify({ status: 'travelling' }) });
		expect(noClient).toMatchObject({ status: 400, body: { field: 'clientId' } });
		const badStatus = await call(techCookie, `/api/field/calls/${fx.callIds[0]}/status`, { method: 'POST', body: JSON.stringify({ clientId: `c-${uuidv7()}`, status: 'flying' }) });
		expect(badStatus).toMatchObject({ status: 400, body: { field: 'status' } });
		const badJson = await call(techCookie, `/api/field/calls/${fx.callIds[0]}/status`, { method: 'POST', body: '{' });
		expect(badJson).toMatchObject({ status: 400, body: { field: 'body' } });
		const badDay = await call(techCookie, '/api/field/day?date=2026-13-01');
		expect(badDay).toMatchObject({ status: 400, body: { field: 'date' } });
		const noReason = await call(techCookie, `/api/field/assignments/${assignmentId}/decline`, { method: 'POST', body: JSON.stringify({ clientId: `c-${uuidv7()}` }) });
		expect(noReason).toMatchObject({ status: 400, body: { field: 'reason' } });
	});

	it('shows the unit history to its technician only', async () => {
		const history = await call(techCookie, `/api/field/units/${unitId}/history`);
		expect(history.status).toBe(200);
		expect(history.body.unit).toMatchObject({ serial: 'KY-123-456', brand: 'Kyocera' });
		expect(history.body.readings.map((r: { value: number }) => r.value)).toEqual([12800, 10500]);
		expect(history.body.lastCalls.map((c: { id: string }) => c.id).sort()).toEqual([fx.callIds[0], fx.callIds[1]].sort());
		expect((await call(otherCookie, `/api/field/units/${unitId}/history`)).status).toBe(403);
		const job = await call(techCookie, `/api/field/calls/${fx.callIds[0]}`);
		expect(job.body.unitHistory.lastCalls.map((c: { id: string }) => c.id)).toEqual([fx.callIds[1]]);
	});

	it('keeps technicians to their own work and office users out', async () => {
		expect((await call(otherCookie, `/api/field/calls/${fx.callIds[0]}`)).status).toBe(404);
		expect((await call(otherCookie, `/api/field/assignments/${assignmentId}/accept`, { method: 'POST', body: JSON.stringify({ clientId: `c-${uuidv7()}` }) })).body).toMatchObject({ field: 'call.reassigned' });
		expect((await call(dispatcherCookie, '/api/field/day')).status).toBe(403);
		expect((await call(dispatcherCookie, '/api/field/free-calls')).status).toBe(403);
		expect((await call(techCookie, '/api/calls')).status).toBe(403);
		expect((await call(techCookie, `/api/board/${today()}/assignments`)).status).toBe(403);
		void techUserId;
	});
});

function b0(): BoardClient {
	return board[0];
}
