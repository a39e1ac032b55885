/**
 * npm run bench:board — the live board under load. 50 dispatcher clients (Node, y-websocket
 * protocol) on one day holding 1,000 assignments, each making 2 edits/s (moves and resizes, one Yjs transaction each as the board client makes them) for
 * BENCH_SECONDS (default 60) against the real server (dist/server.js: run `npm run build` first)
 * on a scratch database. Measures the time from an edit to its arrival at every other client
 * (p50/p95/p99 per delivery, and per edit until ALL others have it), server CPU and memory, the
 * doc size and the update log (rows, bytes, snapshot) at the end, with compaction on.
 *
 * Baseline, same run: the naive design, a Socket.IO server that broadcasts the whole plan as JSON
 * on each edit (scripts/bench/board-baseline-server.ts), same clients and edit rate, for
 * BENCH_BASELINE_SECONDS (default min(BENCH_SECONDS, 10): it saturates the machine quickly).
 *
 * Scratch database quadro_test_bench_board (dropped at the end), Redis prefix of its own.
 * Targets: p99 < 100 ms on loopback, doc < 2 MB, log bounded.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as ioClient, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { adminConnection, dropDatabase, withDatabase } from '../lib/databases';
import { applyMigrations } from '../lib/migrate';
import { patchEntry, putEntry } from '../../src/lib/realtime/board-doc';
import { createSession } from '../../src/lib/server/auth/session.service';
import { hashPassword } from '../../src/lib/server/auth/password';
import { resetConfig } from '../../src/lib/server/config';
import { closeDatabase, db } from '../../src/lib/server/db/client';
import { calls, customers, sites, technicians, users } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { closeRedis, redis } from '../../src/lib/server/redis';
import { editBoardDay } from '../../src/lib/server/realtime/board-edits';
import { COMPACT_AFTER_UPDATES } from '../../src/lib/server/realtime/yjs-compaction';
import { logStats } from '../../src/lib/server/realtime/yjs.queries';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAY = '2026-12-01';
const DOC = `board:${DAY}`;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const ASSIGNMENTS = 1000;
const TECHNICIANS = 50;
const EDITS_PER_SECOND = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? Math.min(SECONDS, 10));
const DRAIN_MS = 5000;
const SCRATCH = 'quadro_test_bench_board';
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro';
const DB_URL = withDatabase(BASE_URL, SCRATCH);
const REDIS_PREFIX = `quadro_test_bench_board_${process.pid}`;
const CLK_TCK = 100;
// Each y-websocket provider adds a process 'exit' listener.
process.setMaxListeners(CLIENTS + 20);

let seed = 0xb0a2d;
function rand(): number {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function at(minutes: number): string {
	return `${DAY}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+01:00`;
}
/** A valid slot inside the day: start 07:00-18:00 on the quarter hour, 30-120 minutes long. */
function slot(): { start: string; end: string } {
	const start = 7 * 60 + 15 * Math.floor(rand() * 44);
	return { start: at(start), end: at(start + 30 * (1 + Math.floor(rand() * 4))) };
}

/** A new end 30-120 minutes after the entry's current start (a resize). */
function resizedEnd(doc: Y.Doc, id: string): string {
	const start = String((doc.getMap('assignments').get(id) as Y.Map<unknown>).get('start'));
	const minutes = Number(start.slice(11, 13)) * 60 + Number(start.slice(14, 16));
	return at(minutes + 30 * (1 + Math.floor(rand() * 4)));
}

function sameState(a: Y.Doc, b: Y.Doc): boolean {
	const x = Y.decodeStateVector(Y.encodeStateVector(a));
	const y = Y.decodeStateVector(Y.encodeStateVector(b));
	return x.size === y.size && [...x].every(([client, clock]) => y.get(client) === clock);
}

async function freePort(): Promise<number> {
	const srv = createServer();
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
	const port = (srv.address() as { port: number }).port;
	await new Promise((r) => srv.close(r));
	return port;
}

// ---------------------------------------------------------------- measurements
/** Edit-to-arrival times: per delivery, and per edit until every other client has it. */
class Latencies {
	readonly deliveries: number[] = [];
	readonly allArrived: number[] = [];
	private readonly pending = new Map<string, { t: number; remaining: number; max: number }>();
	sent(key: string, receivers: number): void {
		this.pending.set(key, { t: performance.now(), remaining: receivers, max: 0 });
	}
	arrived(key: string): void {
		const p = this.pending.get(key);
		if (!p) return;
		const ms = performance.now() - p.t;
		this.deliveries.push(ms);
		p.max = Math.max(p.max, ms);
		if (--p.remaining === 0) {
			this.allArrived.push(p.max);
			this.pending.delete(key);
		}
	}
	get sentCount(): number {
		return this.allArrived.length + this.pending.size;
	}
	get incomplete(): number {
		return this.pending.size;
	}
}

function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = Float64Array.from(values).sort();
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

type ProcSample = { cpuSeconds: number; rssMb: number; peakRssMb: number };
function procSample(pid: number): ProcSample {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { cpuSeconds, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------- setup
async function setUp(): Promise<{ tokens: string[]; assignmentIds: string[]; techIds: string[]; plan: Array<Record<string, string>> }> {
	await dropDatabase(DB_URL);
	const admin = adminConnection(BASE_URL);
	try {
		await admin`create database ${admin(SCRATCH)}`;
	} finally {
		await admin.end();
	}
	await applyMigrations(DB_URL);
	Object.assign(process.env, { DATABASE_URL: DB_URL, REDIS_PREFIX, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
	resetConfig();
	await closeDatabase();
	await closeRedis();

	const customerId = uuidv7();
	const siteId = uuidv7();
	await db().insert(customers).values({ id: customerId, code: 'BENCH1', businessName: 'Cliente benchmark Srl', address: 'Via Roma 1' });
	await db().insert(sites).values({ id: siteId, customerId, name: 'Sede', address: 'Via Roma 1', comuneIstat: '015146', comuneName: 'Milano', province: 'MI', regionCode: '03', location: { lng: 9.19, lat: 45.4642 } });
	const techIds = Array.from({ length: TECHNICIANS }, () => uuidv7());
	await db().insert(technicians).values(techIds.map((id, i) => ({ id, code: `BT${i}`, name: `Tecnico ${i}`, homeBase: { lng: 9.2, lat: 45.47 } })));
	const callIds = Array.from({ length: ASSIGNMENTS }, () => uuidv7());
	await db()
		.insert(calls)
		.values(callIds.map((id, i) => ({ id, number: `2026/${String(i + 1).padStart(6, '0')}`, year: 2026, seq: i + 1, customerId, siteId, priority: 'medium' as const, type: 'breakdown' as const, description: `Guasto ${i}` })));
	const passwordHash = await hashPassword('bench-password-not-used');
	const userIds = Array.from({ length: CLIENTS }, () => uuidv7());
	await db().insert(users).values(userIds.map((id, i) => ({ id, email: `dispatcher${i}@bench.local`, name: `Dispatcher ${i}`, role: 'dispatcher' as const, passwordHash, active: true })));
	const tokens: string[] = [];
	for (const id of userIds) tokens.push((await createSession({ id, role: 'dispatcher' })).token);

	// The day's plan, written the way a service would: one server-side edit, stored and projected.
	const assignmentIds = callIds.map(() => uuidv7());
	const plan: Array<Record<string, string>> = [];
	const started = performance.now();
	await editBoardDay(
		DAY,
		(doc) => {
			assignmentIds.forEach((id, i) => {
				const fields = { callId: callIds[i], technicianId: techIds[i % TECHNICIANS], ...slot(), status: 'planned' as const };
				putEntry(doc, 'assignment', id, fields);
				plan.push({ id, ...fields });
			});
		},
		null
	);
	console.log(`seeded ${ASSIGNMENTS} assignments with editBoardDay in ${Math.round(performance.now() - started)} ms`);
	return { tokens, assignmentIds, techIds, plan };
}

async function startQuadro(): Promise<{ child: ChildProcess; url: string }> {
	const port = await freePort();
	const child = spawn(process.execPath, ['dist/server.js'], {
		cwd: ROOT,
		env: { ...process.env, DATABASE_URL: DB_URL, REDIS_PREFIX, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'inherit', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 200; i++) {
		if (child.exitCode !== null) throw new Error('server exited early');
		try {
			if ((await fetch(`${url}/healthz`)).ok) return { child, url };
		} catch {
			/* not yet */
		}
		await sleep(100);
	}
	child.kill('SIGKILL');
	throw new Error('server did not start');
}

function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return Promise.resolve();
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	child.kill('SIGTERM');
	return Promise.race([exited, sleep(15_000).then(() => void child.kill('SIGKILL'))]);
}

// ---------------------------------------------------------------- Quadro (Yjs)
type YjsResult = { lat: Latencies; clientCpuSeconds: number; clientLoopP99: number; cpuSeconds: number; rssMb: number; peakRssMb: number; docBytes: number; log: { rows: number; bytes: number; snapshotBytes: number }; converged: boolean };

async function runYjs(tokens: string[], assignmentIds: string[], techIds: string[]): Promise<YjsResult> {
	const { child, url } = await startQuadro();
	const lat = new Latencies();
	/** Per sender Yjs clientID: its edits as (end clock, key), in order. */
	const sentBy = new Map<number, Array<{ end: number; key: string }>>();
	const clients = tokens.map((token) => {
		const headers = { cookie: `quadro_session=${token}` };
		const Ws = class extends WebSocket {
			constructor(address: string | URL, protocols?: string | string[]) {
				super(address, protocols, { headers });
			}
		};
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/yjs', DOC, doc, { WebSocketPolyfill: Ws as never, disableBc: true });
		/** Per sender: how many of its edits this client has received. */
		const cursor = new Map<number, number>();
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== provider) return;
			for (const [client, to] of Y.parseUpdateMeta(update).to) {
				const list = sentBy.get(client);
				if (!list) continue;
				let i = cursor.get(client) ?? 0;
				while (i < list.length && list[i].end <= to) lat.arrived(list[i++].key);
				cursor.set(client, i);
			}
		});
		return { doc, provider };
	});
	const deadline = Date.now() + 60_000;
	while (!clients.every((c) => c.provider.synced)) {
		if (Date.now() > deadline) throw new Error('clients did not sync');
		await sleep(50);
	}
	await sleep(1000);

	const before = procSample(child.pid!);
	const clientCpu = process.cpuUsage();
	const loop = monitorEventLoopDelay({ resolution: 10 });
	loop.enable();
	const timers = clients.map((c, i) => {
		const edit = () => {
			const id = pick(assignmentIds);
			// One Yjs transaction per edit, as the board's BoardClient makes it (a move sets start, end
			// and technician together); field by field it would be three updates on the wire.
			c.doc.transact(() => {
				if (rand() < 0.7) patchEntry(c.doc, 'assignment', id, { ...slot(), technicianId: pick(techIds) });
				else patchEntry(c.doc, 'assignment', id, { end: resizedEnd(c.doc, id) });
			});
			const end = Y.getState(c.doc.store, c.doc.clientID);
			const key = `${c.doc.clientID}:${end}`;
			const list = sentBy.get(c.doc.clientID) ?? [];
			list.push({ end, key });
			sentBy.set(c.doc.clientID, list);
			lat.sent(key, clients.length - 1);
		};
		// Spread the clients' ticks over the interval instead of firing all at once.
		let interval: NodeJS.Timeout | undefined;
		const start = setTimeout(() => {
			edit();
			interval = setInterval(edit, 1000 / EDITS_PER_SECOND);
		}, (i * 1000) / EDITS_PER_SECOND / clients.length);
		return () => {
			clearTimeout(start);
			clearInterval(interval);
		};
	});
	const progress = setInterval(() => process.stdout.write(`  yjs: ${lat.sentCount} edits, ${lat.deliveries.length} deliveries\r`), 2000);
	await sleep(SECONDS * 1000);
	timers.forEach((t) => t());
	const drainUntil = Date.now() + DRAIN_MS;
	while (lat.incomplete > 0 && Date.now() < drainUntil) await sleep(50);
	clearInterval(progress);
	const after = procSample(child.pid!);
	loop.disable();
	const clientUsage = process.cpuUsage(clientCpu);

	const docBytes = Y.encodeStateAsUpdate(clients[0].doc).byteLength;
	const converged = clients.every((c) => sameState(c.doc, clients[0].doc));
	await sleep(1000); // a compaction triggered by the last edits finishes
	const log = await logStats(db(), DOC);
	for (const c of clients) c.provider.destroy();
	await stop(child);
	return {
		lat,
		clientCpuSeconds: (clientUsage.user + clientUsage.system) / 1e6,
		clientLoopP99: loop.percentile(99) / 1e6,
		cpuSeconds: after.cpuSeconds - before.cpuSeconds,
		rssMb: after.rssMb,
		peakRssMb: after.peakRssMb,
		docBytes,
		log,
		converged
	};
}

// ---------------------------------------------------------------- baseline (whole plan as JSON over Socket.IO)
type BaselineResult = { lat: Latencies; cpuSeconds: number; rssMb: number; peakRssMb: number; messageBytes: number };

async function runBaseline(plan: Array<Record<string, string>>, assignmentIds: string[], techIds: string[]): Promise<BaselineResult> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-board-'));
	const planFile = join(dir, 'plan.json');
	writeFileSync(planFile, JSON.stringify(plan));
	const port = await freePort();
	const child = fork(fileURLToPath(new URL('./board-baseline-server.ts', import.meta.url)), [], {
		execArgv: ['--import', 'tsx'],
		env: { ...process.env, PORT: String(port), PLAN_FILE: planFile },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	await new Promise<void>((resolve, reject) => {
		child.once('message', () => resolve());
		child.once('exit', () => reject(new Error('baseline server exited')));
	});
	const lat = new Latencies();
	let messageBytes = 0;
	const sockets: Socket[] = [];
	for (let i = 0; i < CLIENTS; i++) {
		const socket = ioClient(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
		const mine = new Set<string>();
		socket.on('plan', (message: { editId: string | null; plan: unknown[] }) => {
			if (message.editId === null) {
				messageBytes = JSON.stringify(message).length;
				return;
			}
			if (!mine.has(message.editId)) lat.arrived(message.editId);
		});
		(socket as Socket & { mine: Set<string> }).mine = mine;
		sockets.push(socket);
	}
	await Promise.all(sockets.map((s) => new Promise<void>((r) => (s.connected ? r() : s.once('connect', () => r())))));
	await sleep(1000);
	const before = procSample(child.pid!);
	let n = 0;
	const timers = sockets.map((s, i) => {
		const edit = () => {
			const editId = `e${n++}`;
			(s as Socket & { mine: Set<string> }).mine.add(editId);
			lat.sent(editId, sockets.length - 1);
			s.emit('edit', { editId, id: pick(assignmentIds), technicianId: pick(techIds), ...slot() });
		};
		let interval: NodeJS.Timeout | undefined;
		const start = setTimeout(() => {
			edit();
			interval = setInterval(edit, 1000 / EDITS_PER_SECOND);
		}, (i * 1000) / EDITS_PER_SECOND / sockets.length);
		return () => {
			clearTimeout(start);
			clearInterval(interval);
		};
	});
	const progress = setInterval(() => process.stdout.write(`  baseline: ${lat.sentCount} edits, ${lat.deliveries.length} deliveries\r`), 2000);
	await sleep(BASELINE_SECONDS * 1000);
	timers.forEach((t) => t());
	const drainUntil = Date.now() + DRAIN_MS;
	while (lat.incomplete > 0 && Date.now() < drainUntil) await sleep(50);
	clearInterval(progress);
	const after = procSample(child.pid!);
	for (const s of sockets) s.close();
	await stop(child);
	rmSync(dir, { recursive: true, force: true });
	return { lat, cpuSeconds: after.cpuSeconds - before.cpuSeconds, rssMb: after.rssMb, peakRssMb: after.peakRssMb, messageBytes };
}

// ---------------------------------------------------------------- report
function row(label: string, ...cells: string[]): string {
	return `| ${label.padEnd(44)} | ${cells.map((c) => c.padStart(16)).join(' | ')} |`;
}
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function main(): Promise<void> {
	console.log(`bench:board — ${CLIENTS} clients, ${ASSIGNMENTS} assignments, ${EDITS_PER_SECOND} edits/s each, ${SECONDS} s (baseline ${BASELINE_SECONDS} s)`);
	const { tokens, assignmentIds, techIds, plan } = await setUp();
	try {
		const y = await runYjs(tokens, assignmentIds, techIds);
		console.log('');
		const b = await runBaseline(plan, assignmentIds, techIds);
		console.log('');
		const lines = [
			row('', 'Quadro (Yjs)', 'baseline (JSON)'),
			row('-'.repeat(44), ...['-'.repeat(16), '-'.repeat(16)]),
			row('measured for', `${SECONDS} s`, `${BASELINE_SECONDS} s`),
			row('edits sent', String(y.lat.sentCount), String(b.lat.sentCount)),
			row('edit -> one other client p50', ms(percentile(y.lat.deliveries, 50)), ms(percentile(b.lat.deliveries, 50))),
			row('edit -> one other client p95', ms(percentile(y.lat.deliveries, 95)), ms(percentile(b.lat.deliveries, 95))),
			row('edit -> one other client p99', ms(percentile(y.lat.deliveries, 99)), ms(percentile(b.lat.deliveries, 99))),
			row('edit -> every other client p50', ms(percentile(y.lat.allArrived, 50)), ms(percentile(b.lat.allArrived, 50))),
			row('edit -> every other client p95', ms(percentile(y.lat.allArrived, 95)), ms(percentile(b.lat.allArrived, 95))),
			row('edit -> every other client p99', ms(percentile(y.lat.allArrived, 99)), ms(percentile(b.lat.allArrived, 99))),
			row(`edits not everywhere ${DRAIN_MS / 1000} s after the end`, String(y.lat.incomplete), String(b.lat.incomplete)),
			row('server CPU (s, % of one core)', `${y.cpuSeconds.toFixed(1)} s ${((100 * y.cpuSeconds) / SECONDS).toFixed(0)}%`, `${b.cpuSeconds.toFixed(1)} s ${((100 * b.cpuSeconds) / BASELINE_SECONDS).toFixed(0)}%`),
			row('clients (this process) CPU / event-loop p99', `${y.clientCpuSeconds.toFixed(1)} s / ${y.clientLoopP99.toFixed(0)} ms`, '-'),
			row('machine load average (1 min) at end', loadavg()[0].toFixed(1), '-'),
			row('server RSS at end / peak', `${y.rssMb.toFixed(0)} / ${y.peakRssMb.toFixed(0)} MB`, `${b.rssMb.toFixed(0)} / ${b.peakRssMb.toFixed(0)} MB`),
			row('doc size (encodeStateAsUpdate) / plan JSON', mb(y.docBytes), mb(b.messageBytes)),
			row('update log rows / bytes at end', `${y.log.rows} / ${mb(y.log.bytes)}`, '-'),
			row('snapshot bytes', mb(y.log.snapshotBytes), '-'),
			row('replicas converged', String(y.converged), '-')
		];
		console.log(lines.join('\n'));
		const p99 = percentile(y.lat.allArrived, 99);
		console.log(
			`targets: p99 every-other-client ${ms(p99)} ${p99 < 100 ? 'OK' : 'MISSED'} (< 100 ms); doc ${mb(y.docBytes)} ${y.docBytes < 2 * 1024 * 1024 ? 'OK' : 'MISSED'} (< 2 MB); log ${y.log.rows} rows ${y.log.rows < 2 * COMPACT_AFTER_UPDATES ? 'OK' : 'MISSED'} (bounded: < ${2 * COMPACT_AFTER_UPDATES})`
		);
		console.log(
			`bench board: yjs_p50_ms=${percentile(y.lat.allArrived, 50).toFixed(1)} yjs_p95_ms=${percentile(y.lat.allArrived, 95).toFixed(1)} yjs_p99_ms=${p99.toFixed(1)} baseline_p99_ms=${percentile(b.lat.allArrived, 99).toFixed(1)} doc_bytes=${y.docBytes} log_rows=${y.log.rows}`
		);
	} finally {
		const keys = await redis().keys(`${REDIS_PREFIX}:*`);
		if (keys.length) await redis().del(...keys);
		await closeRedis();
		await closeDatabase();
		await dropDatabase(DB_URL);
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
