import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { projectPlan } from '../../src/lib/domain/board-projection';
import { patchEntry, putEntry, readRawPlan, removeEntry } from '../../src/lib/realtime/board-doc';
import { listAudit } from '../../src/lib/server/auth/audit.queries';
import { loadDayAssignments } from '../../src/lib/server/dispatch/board.queries';
import { uuidv7 } from '../../src/lib/server/ids';
import { boardFixtures, callStatus, setCallStatus } from '../support/board-fixtures';
import { boardClient, synced, waitFor, type BoardClient } from '../support/realtime-clients';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

const DAY = '2026-12-03';
const ROOM = `board:${DAY}`;
let fresh: FreshDatabase;
let server: ServerProcess;
let fx: Awaited<ReturnType<typeof boardFixtures>>;
let cookieA = '';
let cookieB = '';
let userA = '';
const clients: BoardClient[] = [];

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 3, calls: 8 });
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	const a = await createTestUser(fresh.db, 'dispatcher');
	userA = a.id;
	cookieA = await loginCookie(server.url, a.email);
	cookieB = await loginCookie(server.url, (await createTestUser(fresh.db, 'dispatcher')).email);
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
	await fresh?.close();
});

function client(cookie: string): BoardClient {
	const c = boardClient(server.url, ROOM, { cookie });
	clients.push(c);
	return c;
}

const at = (hhmm: string) => `${DAY}T${hhmm}:00+01:00`;

async function rows() {
	return loadDayAssignments(fresh.db, DAY);
}

describe('board projection', () => {
	let a: BoardClient;
	let b: BoardClient;
	const id = uuidv7();

	it('an assignment becomes a row in the same step that stores it, and the call becomes assigned', async () => {
		a = client(cookieA);
		b = client(cookieB);
		await Promise.all([synced(a), synced(b)]);
		putEntry(a.doc, 'assignment', id, { callId: fx.callIds[0], technicianId: fx.techIds[0], start: at('09:00'), end: at('10:30'), status: 'planned' });
		await waitFor(() => b.doc.getMap('assignments').has(id), 5000, 'B to see the assignment');
		const projected = await rows();
		expect(projected).toEqual([
			{ id, day: DAY, callId: fx.callIds[0], technicianId: fx.techIds[0], startsAt: '2026-12-03T08:00:00.000Z', endsAt: '2026-12-03T09:30:00.000Z', status: 'planned', note: null }
		]);
		expect(await callStatus(fresh.db, fx.callIds[0])).toBe('assigned');
	});

	it('moving and resizing updates the row; removing deletes it and the call goes back to new', async () => {
		patchEntry(b.doc, 'assignment', id, { start: at('11:00'), end: at('12:15') });
		await waitFor(() => (a.doc.getMap('assignments').get(id) as Y.Map<string>)?.get('start') === at('11:00'), 5000, 'A to see the move');
		await new Promise((r) => setTimeout(r, 100));
		expect((await rows())[0]).toMatchObject({ startsAt: '2026-12-03T10:00:00.000Z', endsAt: '2026-12-03T11:15:00.000Z' });
		removeEntry(a.doc, 'assignment', id);
		await waitFor(() => !b.doc.getMap('assignments').has(id), 5000, 'B to see the removal');
		await new Promise((r) => setTimeout(r, 100));
		expect(await rows()).toEqual([]);
		expect(await callStatus(fresh.db, fx.callIds[0])).toBe('new');
	});

	it('an assignment to a cancelled call is reverted for everyone, never projected, and audited', async () => {
		await setCallStatus(fresh.db, fx.callIds[1], 'cancelled');
		const bad = uuidv7();
		putEntry(a.doc, 'assignment', bad, { callId: fx.callIds[1], technicianId: fx.techIds[1], start: at('14:00'), end: at('15:00'), status: 'planned' });
		await waitFor(() => !a.doc.getMap('assignments').has(bad), 5000, "the server to revert A's edit");
		expect(b.doc.getMap('assignments').has(bad)).toBe(false);
		expect((await rows()).find((r) => r.id === bad)).toBeUndefined();
		const audits = await listAudit(fresh.db, { action: 'board.revert' });
		expect(audits.find((x) => x.subject === `${ROOM}/assignment/${bad}`)).toMatchObject({ actorUserId: userA, details: { reason: 'closed-call' } });
	});

	it.each([
		['end before start', { start: at('16:00'), end: at('15:00') }],
		['outside the day', { start: at('23:00'), end: '2026-12-04T01:00:00+01:00' }],
		['garbage time', { start: 'domani', end: at('10:00') }]
	])('a valid assignment edited into %s is restored to its last valid state', async (_name, fields) => {
		const good = uuidv7();
		putEntry(a.doc, 'assignment', good, { callId: fx.callIds[2], technicianId: fx.techIds[2], start: at('08:00'), end: at('09:00'), status: 'planned' });
		await waitFor(() => b.doc.getMap('assignments').has(good), 5000, 'B to see it');
		await new Promise((r) => setTimeout(r, 100));
		patchEntry(b.doc, 'assignment', good, fields);
		await waitFor(() => (b.doc.getMap('assignments').get(good) as Y.Map<string>).get('start') === at('08:00'), 5000, 'the server to restore it');
		const entry = (a.doc.getMap('assignments').get(good) as Y.Map<string>).toJSON();
		expect(entry).toMatchObject({ start: at('08:00'), end: at('09:00') });
		expect((await rows()).find((r) => r.id === good)).toMatchObject({ startsAt: '2026-12-03T07:00:00.000Z' });
		removeEntry(a.doc, 'assignment', good);
		await waitFor(() => !b.doc.getMap('assignments').has(good), 5000, 'cleanup');
	});

	it('the read-model API and the conflicts API agree with the plan; technicians are refused', async () => {
		const x = uuidv7();
		const y = uuidv7();
		putEntry(a.doc, 'assignment', x, { callId: fx.callIds[3], technicianId: fx.techIds[0], start: at('13:00'), end: at('14:00'), status: 'planned' });
		putEntry(a.doc, 'assignment', y, { callId: fx.callIds[4], technicianId: fx.techIds[0], start: at('13:30'), end: at('15:00'), status: 'planned' });
		await waitFor(() => b.doc.getMap('assignments').has(y), 5000, 'B to see both');
		await new Promise((r) => setTimeout(r, 150));
		const list = await (await fetch(`${server.url}/api/board/${DAY}/assignments`, { headers: { cookie: cookieA } })).json();
		expect(list.filter((r: { id: string }) => r.id === x || r.id === y)).toHaveLength(2);
		const conflicts = await (await fetch(`${server.url}/api/board/${DAY}/conflicts`, { headers: { cookie: cookieA } })).json();
		expect(conflicts.filter((c: { kind: string }) => c.kind === 'overlap').map((c: { assignmentId: string }) => c.assignmentId).sort()).toEqual([x, y].sort());
		expect(conflicts[0].message).toMatch(/sovrappone/);
		const bad = await fetch(`${server.url}/api/board/2026-02-30/conflicts`, { headers: { cookie: cookieA } });
		expect(bad.status).toBe(400);
		const techs = await (await fetch(`${server.url}/api/technicians`, { headers: { cookie: cookieA } })).json();
		expect(techs.map((t: { id: string }) => t.id).sort()).toEqual([...fx.techIds].sort());
		const techUser = await createTestUser(fresh.db, 'technician');
		const techCookie = await loginCookie(server.url, techUser.email);
		expect((await fetch(`${server.url}/api/board/${DAY}/assignments`, { headers: { cookie: techCookie } })).status).toBe(403);
		removeEntry(a.doc, 'assignment', x);
		removeEntry(a.doc, 'assignment', y);
		await waitFor(() => !b.doc.getMap('assignments').has(y), 5000, 'cleanup');
	});

	it('after random concurrent edits by three dispatchers, all docs converge and the rows equal project(doc)', async () => {
		const c = client(cookieA);
		await synced(c);
		const docs = [a, b, c];
		let seed = 42;
		const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const ids = Array.from({ length: 12 }, () => uuidv7());
		const callIds = fx.callIds.filter((_, i) => i !== 1); // not the cancelled one
		for (let step = 0; step < 120; step++) {
			const who = docs[Math.floor(rnd() * docs.length)];
			const aid = ids[Math.floor(rnd() * ids.length)];
			const op = rnd();
			const hour = 7 + Math.floor(rnd() * 12);
			const start = at(`${String(hour).padStart(2, '0')}:${rnd() < 0.5 ? '00' : '30'}`);
			const end = at(`${String(hour + 1).padStart(2, '0')}:00`);
			if (op < 0.5) putEntry(who.doc, 'assignment', aid, { callId: callIds[Math.floor(rnd() * callIds.length)], technicianId: fx.techIds[Math.floor(rnd() * 3)], start, end, status: 'planned' });
			else if (op < 0.8) patchEntry(who.doc, 'assignment', aid, { start, end });
			else removeEntry(who.doc, 'assignment', aid);
			if (rnd() < 0.3) await new Promise((r) => setTimeout(r, Math.floor(rnd() * 15)));
		}
		// Map iteration order may differ between replicas: compare a canonical form.
		const canonical = (doc: Y.Doc) => JSON.stringify(projectPlan(DAY, readRawPlan(doc)));
		await waitFor(() => canonical(a.doc) === canonical(b.doc) && canonical(a.doc) === canonical(c.doc), 10_000, 'convergence');
		await new Promise((r) => setTimeout(r, 500));
		const expected = projectPlan(DAY, readRawPlan(a.doc));
		expect(expected.invalid).toEqual([]);
		expect(await rows()).toEqual(expected.assignments);
		const statuses = await fresh.db.execute<{ id: string; status: string }>(sql`select id, status from calls`);
		for (const s of statuses) {
			const planned = expected.assignments.some((x) => x.callId === s.id);
			if (s.id === fx.callIds[1]) continue;
			expect(s.status, `call ${s.id}`).toBe(planned ? 'assigned' : 'new');
		}
	});
});
