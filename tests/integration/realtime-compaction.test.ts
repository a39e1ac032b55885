import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { patchEntry, putEntry } from '../../src/lib/realtime/board-doc';
import { db } from '../../src/lib/server/db/client';
import { yjsUpdates } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { runJob } from '../../src/lib/server/jobs/registry';
import { compactDoc, COMPACT_AFTER_UPDATES } from '../../src/lib/server/realtime/yjs-compaction';
import { appendUpdate, countUpdates, loadUpdates, logStats } from '../../src/lib/server/realtime/yjs.queries';
import { boardFixtures } from '../support/board-fixtures';
import { boardClient, synced, waitFor, type BoardClient } from '../support/realtime-clients';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
let fx: Awaited<ReturnType<typeof boardFixtures>>;
let cookie = '';
const clients: BoardClient[] = [];

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 3, calls: 10 });
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	cookie = await loginCookie(server.url, (await createTestUser(fresh.db, 'dispatcher')).email);
}, 60_000);
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server?.stop();
	await fresh?.close();
});

function client(day: string): BoardClient {
	const c = boardClient(server.url, `board:${day}`, { cookie });
	clients.push(c);
	return c;
}

/** The doc rebuilt from what PostgreSQL holds (snapshot + remaining rows), as the server loads it. */
async function storedDoc(docName: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const u of await loadUpdates(fresh.db, docName)) Y.applyUpdate(doc, u);
	return doc;
}

const content = (doc: Y.Doc) => JSON.stringify({ a: sortKeys(doc.getMap('assignments').toJSON()), b: sortKeys(doc.getMap('blocks').toJSON()) });
const sortKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));

/** A source doc whose every transaction is one update, as a client would send them. */
function editor(): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	return { doc, updates };
}

describe('Yjs log compaction', () => {
	it("keeps a busy day's log bounded while dispatchers edit, and the doc reloads identical", async () => {
		const day = '2026-12-14';
		const docName = `board:${day}`;
		const a = client(day);
		await synced(a);
		const ids = Array.from({ length: 20 }, () => uuidv7());
		ids.forEach((id, i) =>
			putEntry(a.doc, 'assignment', id, { callId: fx.callIds[i % 10], technicianId: fx.techIds[i % 3], start: `${day}T08:00:00+01:00`, end: `${day}T09:00:00+01:00`, status: 'planned' })
		);
		// The server stores updates that arrive together as one batch, so pace the edits in small
		// rounds (each round ends up as a few rows) until compaction has run and then some more.
		let maxRows = 0;
		let stats = await logStats(fresh.db, docName);
		let extraRounds = 0;
		for (let round = 0; extraRounds < 30 && round < 1500; round++) {
			for (let i = 0; i < 3; i++) {
				const minute = String((round * 3 + i) % 60).padStart(2, '0');
				patchEntry(a.doc, 'assignment', ids[(round * 3 + i) % ids.length], { start: `${day}T10:${minute}:00+01:00`, end: `${day}T11:${minute}:00+01:00` });
			}
			await new Promise((r) => setTimeout(r, 8));
			if (round % 10 === 0) {
				stats = await logStats(fresh.db, docName);
				maxRows = Math.max(maxRows, stats.rows);
				if (stats.snapshotBytes > 0) extraRounds += 10;
			}
		}
		const expected = content(a.doc);
		const deadline = Date.now() + 10_000;
		while (Date.now() < deadline && content(await storedDoc(docName)) !== expected) await new Promise((r) => setTimeout(r, 100));
		stats = await logStats(fresh.db, docName);
		expect(content(await storedDoc(docName))).toBe(expected);
		expect(stats.snapshotBytes).toBeGreaterThan(0);
		// Bounded: never far past the threshold (one compaction runs while appends continue).
		expect(stats.rows).toBeLessThan(COMPACT_AFTER_UPDATES * 2);
		expect(maxRows).toBeLessThan(COMPACT_AFTER_UPDATES * 2);

		// Reload through the server: everyone leaves, the room unloads, a new client loads snapshot + tail.
		a.destroy();
		await new Promise((r) => setTimeout(r, 300));
		const b = client(day);
		await synced(b);
		expect(content(b.doc)).toBe(expected);
		const rows = await fresh.db.execute<{ id: string }>(sql`select id from assignments where day = ${day} order by id`);
		expect(rows.map((r) => r.id)).toEqual([...ids].sort());
	}, 60_000);

	it('never loses an append that commits during a compaction, even one with a smaller id that commits late', async () => {
		const docName = 'board:2026-12-15';
		const src = editor();
		const entries = Array.from({ length: 10 }, () => uuidv7());
		for (let i = 0; i < 300; i++) {
			const id = entries[i % entries.length];
			if (i < entries.length) putEntry(src.doc, 'assignment', id, { callId: fx.callIds[0], technicianId: fx.techIds[0], start: 'x', end: 'y', status: 'planned' });
			else patchEntry(src.doc, 'assignment', id, { note: `n${i}` });
		}
		const [first, late, rest] = [src.updates.slice(0, 150), src.updates[150], src.updates.slice(151)];
		for (const u of first) await appendUpdate(db(), docName, u, null);

		// A transaction takes its id now and commits only after the compaction below has finished.
		let release!: () => void;
		const held = new Promise<void>((r) => (release = r));
		let inserted!: () => void;
		const hasId = new Promise<void>((r) => (inserted = r));
		const lateTx = db().transaction(async (tx) => {
			await tx.insert(yjsUpdates).values({ docName, update: late, userId: null });
			inserted();
			await held;
		});
		await hasId;
		// Appends racing the compaction, all with ids above the late row's.
		const racing = (async () => {
			for (const u of rest) await appendUpdate(db(), docName, u, null);
		})();
		const compacted = await compactDoc(docName);
		await racing;
		release();
		await lateTx;
		expect(compacted?.merged).toBeGreaterThanOrEqual(150);

		const reloaded = await storedDoc(docName);
		expect(content(reloaded)).toBe(content(src.doc));
		expect(Y.encodeStateVector(reloaded)).toEqual(Y.encodeStateVector(src.doc));

		// The periodic job merges what is left; the doc is still the same and the log is empty.
		// The first test's busy day may still hold more than the job's threshold (its web process
		// compacts at 500 rows), so the job can merge that doc too: count at least this one.
		const job = (await runJob('yjs.compact', {})) as { docs: number };
		expect(job.docs).toBeGreaterThanOrEqual(1);
		expect(await countUpdates(fresh.db, docName)).toBe(0);
		expect(content(await storedDoc(docName))).toBe(content(src.doc));
		// Nothing to do is not an error.
		expect(await compactDoc(docName)).toBeNull();
	});

	it("merges into a live room's doc: rows it lacks reach it as remote, and a room that goes leaves the log alone", async () => {
		const docName = 'board:2026-12-17';
		const src = editor();
		const entries = Array.from({ length: 5 }, () => uuidv7());
		entries.forEach((id) => putEntry(src.doc, 'assignment', id, { callId: fx.callIds[0], technicianId: fx.techIds[0], start: 'x', end: 'y', status: 'planned' }));
		for (let i = 0; i < 20; i++) patchEntry(src.doc, 'assignment', entries[i % entries.length], { note: `n${i}` });
		for (const u of src.updates) await appendUpdate(db(), docName, u, null);
		// The live doc holds all but the last row (stored by another process, not delivered yet),
		// plus an update of a batch still being stored, which is not in the log yet.
		const live = new Y.Doc();
		src.updates.slice(0, -1).forEach((u) => Y.applyUpdate(live, u));
		const pending = editor();
		Y.applyUpdate(pending.doc, Y.encodeStateAsUpdate(live));
		pending.updates.length = 0;
		patchEntry(pending.doc, 'assignment', entries[0], { status: 'confirmed' });
		Y.applyUpdate(live, pending.updates[0]);
		const remote: unknown[] = [];
		live.on('update', (_u: Uint8Array, origin: unknown) => remote.push(origin));

		// A room that unloads during the merge: nothing is written, the log stays for later.
		let calls = 0;
		expect(await compactDoc(docName, () => (calls++ === 0 ? live : null))).toBeNull();
		expect(await countUpdates(fresh.db, docName)).toBe(src.updates.length);

		const compacted = await compactDoc(docName, () => live);
		expect(compacted?.merged).toBe(src.updates.length);
		expect(await countUpdates(fresh.db, docName)).toBe(0);
		expect(remote).toEqual(['remote']);
		// The stored state has every row (the one the room lacked too) and the pending update.
		const stored = await storedDoc(docName);
		expect(content(stored)).toBe(content(live));
		const expected = new Y.Doc();
		[...src.updates, pending.updates[0]].forEach((u) => Y.applyUpdate(expected, u));
		expect(content(stored)).toBe(content(expected));
	});
});
