import type { IncomingMessage } from 'node:http';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { projectPlan } from '../../src/lib/domain/board-projection';
import { patchEntry, putEntry, readRawPlan, removeEntry } from '../../src/lib/realtime/board-doc';
import { loadDayBlocks } from '../../src/lib/server/dispatch/board.queries';
import { uuidv7 } from '../../src/lib/server/ids';
import { loadUpdates } from '../../src/lib/server/realtime/yjs.queries';
import { boardFixtures } from '../support/board-fixtures';
import { waitFor } from '../support/realtime-clients';
import { freePort, startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

/*
 * Property test of the board's realtime contract. Six y-websocket clients edit one day at random
 * through a chaos proxy (every message in either direction is delayed independently, so messages
 * are reordered; connections are cut at random), and the server is killed (SIGKILL) and restarted
 * once mid-run. Afterwards: every replica and the stored doc converge, nothing acknowledged was
 * lost, and the projection rows equal project(finalDoc).
 *
 * "Acknowledged" precisely: the server sends a doc update to a client only after it is stored
 * (persist-then-broadcast, and sync replies wait on the same chain), and its sync step 1 state
 * vector is sent after everything it covers is stored. So an update is acknowledged once any
 * client has received it from the server, inside a sync step 2 or an update message, or once a
 * server sync step 1 state vector covered its clock. The proxy applies every such server message
 * to a witness doc and records every such state vector; at the moment of the crash, the doc
 * stored in PostgreSQL must contain all of the witness and cover all of those clocks.
 *
 * Seed: FUZZ_SEED=<n> replays a run; the seed is printed on failure.
 */

const DAY = '2026-12-16';
const ROOM = `board:${DAY}`;
const CLIENTS = 6;
const CHAOS_MS = 14_000;
const RESTART_AT_MS = 6_000;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const rnd = mulberry32(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

let fresh: FreshDatabase;
let server: ServerProcess;
let port = 0;
let env: Record<string, string> = {};
let fx: Awaited<ReturnType<typeof boardFixtures>>;
let cookies: string[] = [];

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 4, calls: 10 });
	env = { DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix };
	port = await freePort();
	server = await startServer(env, port);
	for (let i = 0; i < 3; i++) cookies.push(await loginCookie(server.url, (await createTestUser(fresh.db, 'dispatcher')).email));
}, 60_000);
afterAll(async () => {
	await server?.kill();
	await fresh?.close();
});

/** What the server has acknowledged, as seen on the wire (see the comment at the top). */
class Witness {
	readonly doc = new Y.Doc();
	readonly clocks = new Map<number, number>();
	observe(data: Uint8Array): void {
		const decoder = decoding.createDecoder(data);
		if (decoding.readVarUint(decoder) !== 0) return; // awareness etc.
		const kind = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (kind === 0) {
			for (const [client, clock] of Y.decodeStateVector(payload)) this.clocks.set(client, Math.max(clock, this.clocks.get(client) ?? 0));
		} else {
			Y.applyUpdate(this.doc, payload);
		}
	}
}

type Link = { client: WebSocket; upstream: WebSocket; cut(): void };

/** A WebSocket proxy in front of the server that delays each message independently and can cut links. */
class ChaosProxy {
	readonly links = new Set<Link>();
	private readonly wss: WebSocketServer;
	readonly port: Promise<number>;
	enabled = true;

	constructor(
		private readonly target: () => string,
		private readonly witness: Witness
	) {
		this.wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
		this.port = new Promise((resolve) => this.wss.on('listening', () => resolve((this.wss.address() as { port: number }).port)));
		this.wss.on('connection', (client: WebSocket, req: IncomingMessage) => this.link(client, req));
	}

	private delay(): number {
		return this.enabled ? Math.floor(rnd() * 40) : 0;
	}

	private link(client: WebSocket, req: IncomingMessage): void {
		const cookie = cookies[Number(new URL(req.url ?? '/', 'http://x').searchParams.get('who') ?? 0) % cookies.length];
		const upstream = new WebSocket(this.target() + (req.url ?? ''), { headers: { cookie } });
		const early: Buffer[] = [];
		const cut = () => {
			client.terminate();
			upstream.terminate();
			this.links.delete(link);
		};
		const link: Link = { client, upstream, cut };
		this.links.add(link);
		client.on('message', (data: Buffer) => {
			if (upstream.readyState === WebSocket.CONNECTING) return void early.push(data);
			setTimeout(() => upstream.readyState === WebSocket.OPEN && upstream.send(data), this.delay());
		});
		upstream.on('open', () => early.splice(0).forEach((d) => upstream.send(d)));
		upstream.on('message', (data: Buffer) => {
			// Observed when the server sent it, i.e. after it was stored.
			this.witness.observe(new Uint8Array(data));
			setTimeout(() => client.readyState === WebSocket.OPEN && client.send(data), this.delay());
		});
		client.on('close', cut);
		upstream.on('close', cut);
		client.on('error', cut);
		upstream.on('error', cut);
	}

	cutRandom(): void {
		const all = [...this.links];
		if (all.length > 0) pick(all).cut();
	}

	close(): Promise<void> {
		for (const l of this.links) l.cut();
		return new Promise((r) => this.wss.close(() => r()));
	}
}

const at = (minutes: number) => {
	const h = String(Math.floor(minutes / 60)).padStart(2, '0');
	const m = String(minutes % 60).padStart(2, '0');
	return `${DAY}T${h}:${m}:00+01:00`;
};
// Starts fall in 07:00-12:45 and ends in 13:00-19:45, so concurrent moves and resizes that merge
// field by field (one replica's start, another's end) still give a valid entry.
const randomStart = () => at(7 * 60 + 15 * Math.floor(rnd() * 24));
const randomEnd = () => at(13 * 60 + 15 * Math.floor(rnd() * 28));

function randomEdit(doc: Y.Doc, ids: { assignments: string[]; blocks: string[] }): void {
	const op = rnd();
	const isBlock = rnd() < 0.25;
	const pool = isBlock ? ids.blocks : ids.assignments;
	const kind = isBlock ? 'block' : 'assignment';
	if (op < 0.3 || pool.length === 0) {
		const id = uuidv7();
		pool.push(id);
		if (isBlock) putEntry(doc, 'block', id, { technicianId: pick(fx.techIds), start: randomStart(), end: randomEnd(), reason: pick(['holiday', 'sick', 'training']) });
		else putEntry(doc, 'assignment', id, { callId: pick(fx.callIds), technicianId: pick(fx.techIds), start: randomStart(), end: randomEnd(), status: pick(['planned', 'confirmed'] as const) });
	} else if (op < 0.55) {
		patchEntry(doc, kind, pick(pool), { start: randomStart(), technicianId: pick(fx.techIds) }); // move
	} else if (op < 0.8) {
		patchEntry(doc, kind, pick(pool), { end: randomEnd() }); // resize
	} else {
		removeEntry(doc, kind, pick(pool));
	}
}

const canonical = (doc: Y.Doc) => JSON.stringify(projectPlan(DAY, readRawPlan(doc)));

function storedDoc(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const u of updates) Y.applyUpdate(doc, u);
	return doc;
}

describe('board realtime under chaos', () => {
	it('converges, loses nothing acknowledged, and projects exactly the final doc', async () => {
		const witness = new Witness();
		const proxy = new ChaosProxy(() => `ws://127.0.0.1:${port}`, witness);
		const proxyUrl = `ws://127.0.0.1:${await proxy.port}/yjs`;
		const ids = { assignments: [] as string[], blocks: [] as string[] };
		const replicas = Array.from({ length: CLIENTS }, (_, i) => {
			const doc = new Y.Doc();
			const provider = new WebsocketProvider(proxyUrl, ROOM, doc, {
				WebSocketPolyfill: WebSocket as never,
				disableBc: true,
				maxBackoffTime: 300,
				params: { who: String(i) }
			});
			return { doc, provider };
		});
		try {
			await waitFor(() => replicas.every((r) => r.provider.synced), 10_000, 'first sync');
			const started = Date.now();
			let restarted = false;
			let lostAtCrash: string | null = null;
			let restarting: Promise<void> | null = null;
			let edits = 0;
			let cuts = 0;
			while (Date.now() - started < CHAOS_MS) {
				randomEdit(pick(replicas).doc, ids);
				edits += 1;
				if (rnd() < 0.03) {
					proxy.cutRandom();
					cuts += 1;
				}
				if (!restarted && Date.now() - started > RESTART_AT_MS) {
					restarted = true;
					await server.kill();
					// Crash moment: the stored doc must hold everything the server acknowledged.
					const stored = storedDoc(await loadUpdates(fresh.db, ROOM));
					lostAtCrash = acknowledgedButMissing(witness, stored);
					// Clients keep editing (offline) while it starts again.
					restarting = startServer(env, port).then((s) => void (server = s));
				}
				await new Promise((r) => setTimeout(r, Math.floor(rnd() * 25)));
			}
			await restarting;
			expect(restarted).toBe(true);
			// The run did what it claims: many edits, several cuts, acknowledgements seen before the
			// crash, and the loss check does detect a loss (against an empty doc).
			expect(edits).toBeGreaterThan(200);
			expect(cuts).toBeGreaterThan(3);
			expect(witness.clocks.size).toBeGreaterThan(0);
			expect(acknowledgedButMissing(witness, new Y.Doc())).not.toBeNull();
			expect(lostAtCrash, 'acknowledged updates missing from PostgreSQL at the crash').toBeNull();

			// Calm: no more delays or cuts; everyone resyncs and converges.
			proxy.enabled = false;
			await waitFor(() => replicas.every((r) => r.provider.wsconnected && r.provider.synced), 15_000, 'everyone reconnected');
			const first = replicas[0].doc;
			await waitFor(() => replicas.every((r) => canonical(r.doc) === canonical(first)), 15_000, 'replicas to converge');
			const final = first;
			const expected = projectPlan(DAY, readRawPlan(final));
			expect(expected.invalid, 'no invalid entry survives').toEqual([]);
			expect(expected.assignments.length + expected.blocks.length).toBeGreaterThan(0);

			// The stored doc is the same, and the read model equals project(finalDoc).
			const apiRows = async () =>
				(await fetch(`${server.url}/api/board/${DAY}/assignments`, { headers: { cookie: cookies[0] } })).json() as Promise<
					Array<{ id: string; callId: string; technicianId: string; start: string; end: string; status: string }>
				>;
			const wanted = expected.assignments.map(({ id, callId, technicianId, startsAt, endsAt, status }) => ({ id, callId, technicianId, start: startsAt, end: endsAt, status }));
			const deadline = Date.now() + 10_000;
			let rows = await apiRows();
			while (JSON.stringify(rows) !== JSON.stringify(wanted) && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 200));
				rows = await apiRows();
			}
			if (JSON.stringify(rows) !== JSON.stringify(wanted)) {
				const extra = rows.filter((r) => !wanted.some((w) => JSON.stringify(w) === JSON.stringify(r)));
				const missing = wanted.filter((w) => !rows.some((r) => JSON.stringify(w) === JSON.stringify(r)));
				console.error('projection mismatch', { extra, missing, extraInDoc: extra.map((r) => readRawPlan(final).assignments[r.id] ?? null) });
			}
			expect(rows).toEqual(wanted);
			expect(await loadDayBlocks(fresh.db, DAY)).toEqual(expected.blocks);
			expect(canonical(storedDoc(await loadUpdates(fresh.db, ROOM)))).toBe(canonical(final));
			expect(acknowledgedButMissing(witness, final)).toBeNull();
		} catch (error) {
			console.error(`realtime fuzz failed with FUZZ_SEED=${SEED}`);
			throw error;
		} finally {
			for (const r of replicas) r.provider.destroy();
			await proxy.close();
		}
	}, 60_000);
});

/** Null when `stored` holds everything the witness saw acknowledged; otherwise what is missing. */
function acknowledgedButMissing(witness: Witness, stored: Y.Doc): string | null {
	const have = Y.encodeStateVector(stored);
	const sv = Y.decodeStateVector(have);
	for (const [client, clock] of witness.clocks) if ((sv.get(client) ?? 0) < clock) return `client ${client}: acknowledged up to ${clock}, stored ${sv.get(client) ?? 0}`;
	// Applying the witness to a copy of the stored doc must change nothing (no struct, no delete).
	const probe = new Y.Doc();
	Y.applyUpdate(probe, Y.encodeStateAsUpdate(stored));
	let changed = false;
	probe.on('update', () => (changed = true));
	Y.applyUpdate(probe, Y.encodeStateAsUpdate(witness.doc));
	if (changed || probe.store.pendingStructs) return 'the witness has content the stored doc lacks';
	return null;
}
