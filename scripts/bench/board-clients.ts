/**
 * A share of the dispatcher clients of `npm run bench:board`, run as a child process of
 * scripts/bench/board.ts. Real dispatchers sit in separate browsers; fifty clients in one Node
 * process share one event loop, so a stall there delayed every delivery it was about to record and
 * the harness measured itself. Each process records only raw facts: when each of its edits was sent
 * and when each of its clients saw what; the parent pairs them after the run.
 *
 * Timestamps are `performance.timeOrigin + performance.now()`: wall-clock milliseconds with
 * sub-millisecond resolution, comparable between processes on one machine.
 *
 * Two modes, one harness: `yjs` (y-websocket clients of the real Quadro server) and `baseline`
 * (Socket.IO clients of the naive whole-plan server in board-baseline-server.ts).
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { io as ioClient, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { patchEntry } from '../../src/lib/realtime/board-doc';
import { resizedEnd, seededRandom, slot } from './board-edits';
import type { ClientsDone, ClientsInit, ClientsReady, ClientsSent, ParentMessage } from './board-clients-protocol';

const wallNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let init: ClientsInit;
let rand: () => number;
let pick: <T>(list: readonly T[]) => T;

/** A growable list of numbers, handed to the parent as one Float64Array. */
class Numbers {
	private data = new Float64Array(1024);
	private length = 0;
	push(...values: number[]): void {
		if (this.length + values.length > this.data.length) {
			const bigger = new Float64Array(this.data.length * 2 + values.length);
			bigger.set(this.data);
			this.data = bigger;
		}
		for (const v of values) this.data[this.length++] = v;
	}
	toArray(): Float64Array {
		return this.data.slice(0, this.length);
	}
}

type Client = {
	/** The Yjs clientID (yjs) or the client's global index (baseline). */
	id: number;
	/** (id, t) per edit sent: id = end clock (yjs) or edit number (baseline). */
	sent: Numbers;
	/** Yjs: (sender clientID, clock reached, t) per update seen; baseline: (edit number, t). */
	seen: Numbers;
	edit: () => void;
	/** True once this client holds everything in `target`. */
	caughtUp: (target: Map<number, number>) => boolean;
	stateVector: () => Uint8Array | null;
	close: () => void;
};

function send(message: ClientsReady | ClientsSent | ClientsDone): void {
	process.send!(message);
}

async function yjsClient(token: string): Promise<Client> {
	const headers = { cookie: `quadro_session=${token}` };
	const Ws = class extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers });
		}
	};
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(init.url.replace(/^http/, 'ws') + '/yjs', init.docName, doc, { WebSocketPolyfill: Ws as never, disableBc: true });
	const sent = new Numbers();
	const seen = new Numbers();
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== provider) return;
		const t = wallNow();
		for (const [client, to] of Y.parseUpdateMeta(update).to) seen.push(client, to, t);
	});
	const deadline = Date.now() + 60_000;
	while (!provider.synced) {
		if (Date.now() > deadline) throw new Error('client did not sync');
		await sleep(50);
	}
	return {
		id: doc.clientID,
		sent,
		seen,
		edit() {
			const id = pick(init.assignmentIds);
			// One Yjs transaction per edit, as the board's BoardClient makes it.
			doc.transact(() => {
				if (rand() < 0.7) patchEntry(doc, 'assignment', id, { ...slot(init.day, rand), technicianId: pick(init.techIds) });
				else patchEntry(doc, 'assignment', id, { end: resizedEnd(doc, init.day, id, rand) });
			});
			sent.push(Y.getState(doc.store, doc.clientID), wallNow());
		},
		caughtUp: (target) => [...target].every(([client, clock]) => Y.getState(doc.store, client) >= clock),
		stateVector: () => Y.encodeStateVector(doc),
		close: () => provider.destroy()
	};
}

async function baselineClient(index: number): Promise<Client> {
	const socket: Socket = ioClient(init.url, { transports: ['websocket'], forceNew: true, reconnection: false });
	const sent = new Numbers();
	const seen = new Numbers();
	let received = 0;
	let n = 0;
	socket.on('plan', (message: { editId: number | null }) => {
		if (message.editId === null) return;
		received++;
		seen.push(message.editId, wallNow());
	});
	await new Promise<void>((r) => (socket.connected ? r() : socket.once('connect', () => r())));
	return {
		id: index,
		sent,
		seen,
		edit() {
			// Edit numbers are unique across processes: the client's global index in the high part.
			const editId = index * 1_000_000 + n++;
			sent.push(editId, wallNow());
			socket.emit('edit', { editId, id: pick(init.assignmentIds), technicianId: pick(init.techIds), ...slot(init.day, rand) });
		},
		caughtUp: (target) => received >= (target.get(-1) ?? 0),
		stateVector: () => null,
		close: () => void socket.close()
	};
}

let clients: Client[] = [];
const loop = monitorEventLoopDelay({ resolution: 10 });
let cpuAtStart: NodeJS.CpuUsage;
/** Garbage-collection pauses during the run: a pause delays every arrival this process records. */
const gc = { measuring: false, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
	if (!gc.measuring) return;
	for (const entry of list.getEntries()) {
		gc.totalMs += entry.duration;
		gc.maxMs = Math.max(gc.maxMs, entry.duration);
	}
}).observe({ entryTypes: ['gc'] });

process.on('message', async (message: ParentMessage) => {
	if (message.type === 'init') {
		init = message;
		({ rand, pick } = seededRandom(message.seed));
		clients = [];
		for (let i = 0; i < message.count; i++) {
			const global = message.firstIndex + i;
			clients.push(message.mode === 'yjs' ? await yjsClient(message.tokens[i]) : await baselineClient(global));
		}
		send({ type: 'ready', clientIds: clients.map((c) => c.id) });
	} else if (message.type === 'go') {
		loop.enable();
		gc.measuring = true;
		cpuAtStart = process.cpuUsage();
		const period = 1000 / message.editsPerSecond;
		const stopAt = message.startAt + message.seconds * 1000;
		await Promise.all(
			clients.map(async (client, i) => {
				// Spread the clients' ticks over the period instead of firing all at once.
				let next = message.startAt + ((message.firstIndex + i) * period) / message.totalClients;
				while (next < stopAt) {
					await sleep(Math.max(0, next - wallNow()));
					client.edit();
					next += period;
				}
			})
		);
		send({ type: 'sent', sent: clients.map((c) => [c.id, c.sent.toArray()]) });
	} else if (message.type === 'drain') {
		const target = new Map(message.target);
		const until = Date.now() + message.timeoutMs;
		while (!clients.every((c) => c.caughtUp(target)) && Date.now() < until) await sleep(20);
		loop.disable();
		const cpu = process.cpuUsage(cpuAtStart);
		send({
			type: 'done',
			seen: clients.map((c) => c.seen.toArray()),
			stateVectors: clients.map((c) => c.stateVector()),
			cpuSeconds: (cpu.user + cpu.system) / 1e6,
			loopP99Ms: loop.percentile(99) / 1e6,
			gcTotalMs: gc.totalMs,
			gcMaxMs: gc.maxMs
		});
	} else if (message.type === 'exit') {
		for (const c of clients) c.close();
		setTimeout(() => process.exit(0), 100);
	}
});
