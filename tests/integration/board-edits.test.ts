import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { projectPlan } from '../../src/lib/domain/board-projection';
import { patchEntry, putEntry, readRawPlan } from '../../src/lib/realtime/board-doc';
import { listAudit } from '../../src/lib/server/auth/audit.queries';
import { loadDayAssignments } from '../../src/lib/server/dispatch/board.queries';
import { uuidv7 } from '../../src/lib/server/ids';
import { attachRealtime, type Realtime } from '../../src/lib/server/realtime/attach';
import { BoardEditRefused, editBoardDay } from '../../src/lib/server/realtime/board-edits';
import { localRoom } from '../../src/lib/server/realtime/local-rooms';
import { countUpdates } from '../../src/lib/server/realtime/yjs.queries';
import { boardFixtures, callStatus, setCallStatus } from '../support/board-fixtures';
import { boardClient, synced, waitFor, type BoardClient } from '../support/realtime-clients';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

// editBoardDay from a service, in the three situations a service meets: the day's room is open
// in its own process (here: a realtime endpoint attached inside the test process), open only in
// another web process (the built server), or open nowhere.
let fresh: FreshDatabase;
let server: ServerProcess;
let local: { http: Server; realtime: Realtime; url: string };
let fx: Awaited<ReturnType<typeof boardFixtures>>;
let cookie = '';
let editorId = '';
const clients: BoardClient[] = [];

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 2, calls: 6 });
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	cookie = await loginCookie(server.url, (await createTestUser(fresh.db, 'dispatcher')).email);
	editorId = (await createTestUser(fresh.db, 'admin')).id;
	const http = createServer((_req, res) => res.writeHead(404).end());
	const realtime = attachRealtime(http);
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const address = http.address();
	local = { http, realtime, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}, 60_000);
afterAll(async () => {
	for (const c of clients) c.destroy();
	await local?.realtime.close();
	await new Promise((r) => local?.http.close(r));
	await server?.stop();
	await fresh?.close();
});

function client(base: string, day: string): BoardClient {
	const c = boardClient(base, `board:${day}`, { cookie });
	clients.push(c);
	return c;
}

const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+01:00`;
const entry = (c: BoardClient, id: string) => (c.doc.getMap('assignments').get(id) as Y.Map<unknown> | undefined)?.toJSON();
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('editBoardDay', () => {
	it('with the room open in this process: clients here and on another process see it, and it is projected', async () => {
		const day = '2026-12-07';
		const here = client(local.url, day);
		const there = client(server.url, day);
		await Promise.all([synced(here), synced(there)]);
		expect(localRoom(`board:${day}`)).toBeDefined(); // so the edit takes the room's chain
		const id = uuidv7();
		const fields = { callId: fx.callIds[0], technicianId: fx.techIds[0], start: at(day, '09:00'), end: at(day, '10:00'), status: 'planned' as const };
		await editBoardDay(day, (doc) => putEntry(doc, 'assignment', id, fields), editorId);
		await waitFor(() => entry(here, id)?.start === fields.start, 5000, 'the local client to see the edit');
		await waitFor(() => entry(there, id)?.start === fields.start, 5000, 'the other process to see the edit');
		expect((await loadDayAssignments(fresh.db, day)).map((r) => r.id)).toEqual([id]);
		expect(await callStatus(fresh.db, fx.callIds[0])).toBe('assigned');
		expect(await countUpdates(fresh.db, `board:${day}`)).toBe(1);

		// A move by a service edit merges with a dispatcher's concurrent change of another field.
		patchEntry(there.doc, 'assignment', id, { status: 'confirmed' });
		await editBoardDay(day, (doc) => patchEntry(doc, 'assignment', id, { start: at(day, '11:00'), end: at(day, '12:00') }), editorId);
		await waitFor(() => entry(here, id)?.status === 'confirmed' && entry(there, id)?.start === at(day, '11:00'), 5000, 'both changes everywhere');
		await settle();
		expect(await loadDayAssignments(fresh.db, day)).toMatchObject([{ id, status: 'confirmed', startsAt: '2026-12-07T10:00:00.000Z' }]);
	});

	it('with the room open only in another process: its clients see the edit through the fan-out', async () => {
		const day = '2026-12-08';
		const there = client(server.url, day);
		await synced(there);
		expect(localRoom(`board:${day}`)).toBeUndefined();
		const id = uuidv7();
		await editBoardDay(day, (doc) => putEntry(doc, 'assignment', id, { callId: fx.callIds[1], technicianId: fx.techIds[1], start: at(day, '08:00'), end: at(day, '09:30'), status: 'planned' }), null);
		await waitFor(() => entry(there, id)?.callId === fx.callIds[1], 5000, 'the other process to deliver the edit');
		expect((await loadDayAssignments(fresh.db, day)).map((r) => r.id)).toEqual([id]);
		expect(await callStatus(fresh.db, fx.callIds[1])).toBe('assigned');
	});

	it('with no room open anywhere: stored and projected, and there on the next connect', async () => {
		const day = '2026-12-09';
		const id = uuidv7();
		const block = uuidv7();
		await editBoardDay(day, (doc) => {
			putEntry(doc, 'assignment', id, { callId: fx.callIds[2], technicianId: fx.techIds[0], start: at(day, '14:00'), end: at(day, '15:00'), status: 'planned' });
			putEntry(doc, 'block', block, { technicianId: fx.techIds[1], start: at(day, '08:00'), end: at(day, '12:00'), reason: 'training' });
		}, editorId);
		expect((await loadDayAssignments(fresh.db, day)).map((r) => r.id)).toEqual([id]);
		expect(await callStatus(fresh.db, fx.callIds[2])).toBe('assigned');
		const later = client(server.url, day);
		await synced(later);
		expect(entry(later, id)).toMatchObject({ callId: fx.callIds[2], start: at(day, '14:00') });
		expect((later.doc.getMap('blocks').get(block) as Y.Map<unknown>).get('reason')).toBe('training');
		// An edit that changes nothing stores nothing.
		const before = await countUpdates(fresh.db, `board:${day}`);
		await editBoardDay(day, (doc) => patchEntry(doc, 'assignment', id, { start: at(day, '14:00') }), editorId);
		expect(await countUpdates(fresh.db, `board:${day}`)).toBe(before);
	});

	it.each([
		['open in this process', '2026-12-10', 'local'],
		['open nowhere', '2026-12-11', 'none']
	])('refuses an edit that breaks a hard rule, room %s: BoardEditRefused, nothing stored, projected or shown, audited', async (_label, day, where) => {
		const good = uuidv7();
		await editBoardDay(day, (doc) => putEntry(doc, 'assignment', good, { callId: fx.callIds[3], technicianId: fx.techIds[0], start: at(day, '09:00'), end: at(day, '10:00'), status: 'planned' }), editorId);
		const watcher = where === 'local' ? client(local.url, day) : null;
		if (watcher) await synced(watcher);
		await setCallStatus(fresh.db, fx.callIds[4], 'cancelled');
		const bad = uuidv7();
		const logBefore = await countUpdates(fresh.db, `board:${day}`);
		const rowsBefore = await loadDayAssignments(fresh.db, day);
		const refused = await editBoardDay(day, (doc) => {
			// One valid change and one on a cancelled call: all or nothing, so neither happens.
			patchEntry(doc, 'assignment', good, { start: at(day, '10:00'), end: at(day, '11:00') });
			putEntry(doc, 'assignment', bad, { callId: fx.callIds[4], technicianId: fx.techIds[1], start: at(day, '13:00'), end: at(day, '14:00'), status: 'planned' });
		}, editorId).then(
			() => null,
			(e: unknown) => e
		);
		expect(refused).toBeInstanceOf(BoardEditRefused);
		expect((refused as BoardEditRefused).reasons).toEqual([`assignment ${bad}: closed-call`]);
		expect(await countUpdates(fresh.db, `board:${day}`)).toBe(logBefore);
		expect(await loadDayAssignments(fresh.db, day)).toEqual(rowsBefore);
		expect(await callStatus(fresh.db, fx.callIds[4])).toBe('cancelled');
		const audits = await listAudit(fresh.db, { action: 'board.revert' });
		expect(audits.find((a) => a.subject === `board:${day}/assignment/${bad}`)).toMatchObject({ actorUserId: editorId, details: { reason: 'closed-call', via: 'service' } });
		const reader = client(server.url, day);
		await synced(reader);
		await settle();
		for (const c of [reader, ...(watcher ? [watcher] : [])]) {
			expect(entry(c, bad)).toBeUndefined();
			expect(entry(c, good)).toMatchObject({ start: at(day, '09:00') });
		}
		expect(projectPlan(day, readRawPlan(reader.doc)).assignments).toEqual(await loadDayAssignments(fresh.db, day));
		await setCallStatus(fresh.db, fx.callIds[4], 'new');
	});
});
