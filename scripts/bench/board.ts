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
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { adminConnection, dropDatabase, withDatabase } from '../lib/databases';
import { applyMigrations } from '../lib/migrate';
import { putEntry } from '../../src/lib/realtime/board-doc';
import { seededRandom, slot } from './board-edits';
import type { ChildMessage, ClientsDone, ClientsReady, ClientsSent, ParentMessage } from './board-clients-protocol';
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
/** Client processes: real dispatchers sit in separate browsers, not in one event loop. */
const PROCESSES = Math.max(1, Number(process.env.BENCH_CLIENT_PROCESSES ?? 5));

const { rand } = seededRandom(0xb0a2d);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
	const srv = createServer();
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
	const port = (srv.address() as { port: number }).port;
	await new Promise((r) => srv.close(r));
	return port;
}

// ---------------------------------------------------------------- measurements
/** Edit-to-arrival times, paired after the run from what the client processes recorded. */
type Latencies = { deliveries: number[]; allArrived: number[]; sentCount: number; incomplete: number };

/** Pairs each edit with its arrivals at every other client. */
function pairLatencies(edits: Map<number, Array<{ key: number; t: number }>>, receivers: Array<{ id: number; seen: Float64Array }>, mode: 'yjs' | 'baseline'): Latencies {
	type Edit = { sender: number; t: number; arrivals: number; max: number };
	const bySender = new Map<number, Edit[]>();
	const byKey = new Map<number, Edit>();
	let sentCount = 0;
	for (const [sender, list] of edits) {
		const mine = list.map(({ key, t }) => ({ sender, t, arrivals: 0, max: 0, key }));
		bySender.set(sender, mine);
		for (const e of mine) byKey.set(e.key, e);
		sentCount += list.length;
	}
	const deliveries: number[] = [];
	const arrive = (e: Edit, t: number) => {
		const ms = t - e.t;
		deliveries.push(ms);
		e.arrivals++;
		e.max = Math.max(e.max, ms);
	};
	for (const { id, seen } of receivers) {
		if (mode === 'baseline') {
			for (let i = 0; i < seen.length; i += 2) {
				const e = byKey.get(seen[i]);
				if (e && e.sender !== id) arrive(e, seen[i + 1]);
			}
			continue;
		}
		// Yjs: an update says how far (end clock) it brings each sender; every edit of that sender
		// ending at or before it has arrived.
		const cursor = new Map<number, number>();
		for (let i = 0; i < seen.length; i += 3) {
			const [sender, to, t] = [seen[i], seen[i + 1], seen[i + 2]];
			const list = bySender.get(sender);
			if (!list || sender === id) continue;
			let c = cursor.get(sender) ?? 0;
			while (c < list.length && (list[c] as Edit & { key: number }).key <= to) arrive(list[c++], t);
			cursor.set(sender, c);
		}
	}
	const allArrived: number[] = [];
	let incomplete = 0;
	for (const list of bySender.values())
		for (const e of list) {
			if (e.arrivals >= receivers.length - 1) allArrived.push(e.max);
			else incomplete++;
		}
	return { deliveries, allArrived, sentCount, incomplete };
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
				const fields = { callId: callIds[i], technicianId: techIds[i % TECHNICIANS], ...slot(DAY, rand), status: 'planned' as const };
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

// ---------------------------------------------------------------- client processes
type ClientsResult = { lat: Latencies; clientCpuSeconds: number; clientLoopP99: number; clientGcTotalMs: number; clientGcMaxMs: number; stateVectors: Array<Uint8Array | null>; serverBefore: ProcSample; serverAfter: ProcSample };

/**
 * Runs the clients in PROCESSES child processes (board-clients.ts), as real dispatchers sit in
 * separate browsers, and pairs what they recorded.
 */
async function runClients(mode: 'yjs' | 'baseline', url: string, serverPid: number, tokens: string[], assignmentIds: string[], techIds: string[], seconds: number): Promise<ClientsResult> {
	const perProcess = Math.ceil(CLIENTS / PROCESSES);
	const children = Array.from({ length: Math.ceil(CLIENTS / perProcess) }, () =>
		fork(fileURLToPath(new URL('./board-clients.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
	);
	const next = (child: ChildProcess, type: ChildMessage['type']) =>
		new Promise<ChildMessage>((resolve, reject) => {
			const onExit = () => reject(new Error(`client process exited before '${type}'`));
			child.once('exit', onExit);
			child.once('message', (m: ChildMessage) => {
				child.off('exit', onExit);
				if (m.type === type) resolve(m);
				else reject(new Error(`expected '${type}', got '${m.type}'`));
			});
		});
	try {
		const ready = await Promise.all(
			children.map((child, p) => {
				const firstIndex = p * perProcess;
				const count = Math.min(perProcess, CLIENTS - firstIndex);
				const answer = next(child, 'ready');
				child.send({ type: 'init', mode, url, docName: DOC, day: DAY, tokens: tokens.slice(firstIndex, firstIndex + count), count, firstIndex, assignmentIds, techIds, seed: 0xb0a2d + p } satisfies ParentMessage);
				return answer as Promise<ClientsReady>;
			})
		);
		await sleep(1000);
		const serverBefore = procSample(serverPid);
		const startAt = performance.timeOrigin + performance.now() + 200;
		const progress = setInterval(() => process.stdout.write(`  ${mode}: ${Math.max(0, Math.round((performance.timeOrigin + performance.now() - startAt) / 1000))} s\r`), 2000);
		const sent = (await Promise.all(
			children.map((child, p) => {
				const answer = next(child, 'sent');
				child.send({ type: 'go', startAt, seconds, editsPerSecond: EDITS_PER_SECOND, totalClients: CLIENTS, firstIndex: p * perProcess } satisfies ParentMessage);
				return answer as Promise<ClientsSent>;
			})
		)).flatMap((m) => m.sent);
		clearInterval(progress);
		const edits = new Map<number, Array<{ key: number; t: number }>>();
		for (const [id, pairs] of sent) {
			const list: Array<{ key: number; t: number }> = [];
			for (let i = 0; i < pairs.length; i += 2) list.push({ key: pairs[i], t: pairs[i + 1] });
			edits.set(id, list);
		}
		const target: Array<[number, number]> =
			mode === 'yjs' ? [...edits].filter(([, l]) => l.length > 0).map(([id, l]) => [id, l[l.length - 1].key]) : [[-1, [...edits.values()].reduce((n, l) => n + l.length, 0)]];
		const done = (await Promise.all(
			children.map((child) => {
				const answer = next(child, 'done');
				child.send({ type: 'drain', target, timeoutMs: DRAIN_MS } satisfies ParentMessage);
				return answer as Promise<ClientsDone>;
			})
		));
		const serverAfter = procSample(serverPid);
		const receivers = ready.flatMap((r, p) => r.clientIds.map((id, i) => ({ id, seen: done[p].seen[i] })));
		return {
			lat: pairLatencies(edits, receivers, mode),
			clientCpuSeconds: done.reduce((s, d) => s + d.cpuSeconds, 0),
			clientLoopP99: Math.max(...done.map((d) => d.loopP99Ms)),
			clientGcTotalMs: done.reduce((s, d) => s + d.gcTotalMs, 0),
			clientGcMaxMs: Math.max(...done.map((d) => d.gcMaxMs)),
			stateVectors: done.flatMap((d) => d.stateVectors),
			serverBefore,
			serverAfter
		};
	} finally {
		for (const child of children) if (child.connected) child.send({ type: 'exit' } satisfies ParentMessage);
		await Promise.all(children.map((child) => (child.exitCode !== null ? undefined : Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000).then(() => void child.kill('SIGKILL'))]))));
	}
}

// ---------------------------------------------------------------- Quadro (Yjs)
type YjsResult = { lat: Latencies; clientCpuSeconds: number; clientLoopP99: number; clientGcTotalMs: number; clientGcMaxMs: number; cpuSeconds: number; rssMb: number; peakRssMb: number; docBytes: number; log: { rows: number; bytes: number; snapshotBytes: number }; converged: boolean };

async function runYjs(tokens: string[], assignmentIds: string[], techIds: string[]): Promise<YjsResult> {
	const { child, url } = await startQuadro();
	try {
		const r = await runClients('yjs', url, child.pid!, tokens, assignmentIds, techIds, SECONDS);
		const first = Buffer.from(r.stateVectors[0]!);
		const converged = r.stateVectors.every((v) => v !== null && first.equals(Buffer.from(v)));
		await sleep(1000); // a compaction triggered by the last edits finishes
		const log = await logStats(db(), DOC);
		const docBytes = await docSize(url, tokens[0]);
		return {
			lat: r.lat,
			clientCpuSeconds: r.clientCpuSeconds,
			clientLoopP99: r.clientLoopP99,
			clientGcTotalMs: r.clientGcTotalMs,
			clientGcMaxMs: r.clientGcMaxMs,
			cpuSeconds: r.serverAfter.cpuSeconds - r.serverBefore.cpuSeconds,
			rssMb: r.serverAfter.rssMb,
			peakRssMb: r.serverAfter.peakRssMb,
			docBytes,
			log,
			converged
		};
	} finally {
		await stop(child);
	}
}

/** The day doc's size as a new client receives it (encodeStateAsUpdate after sync). */
async function docSize(url: string, token: string): Promise<number> {
	const headers = { cookie: `quadro_session=${token}` };
	const Ws = class extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers });
		}
	};
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/yjs', DOC, doc, { WebSocketPolyfill: Ws as never, disableBc: true });
	const deadline = Date.now() + 30_000;
	while (!provider.synced && Date.now() < deadline) await sleep(50);
	const bytes = Y.encodeStateAsUpdate(doc).byteLength;
	provider.destroy();
	return bytes;
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
	try {
		await new Promise<void>((resolve, reject) => {
			child.once('message', () => resolve());
			child.once('exit', () => reject(new Error('baseline server exited')));
		});
		const r = await runClients('baseline', `http://127.0.0.1:${port}`, child.pid!, [], assignmentIds, techIds, BASELINE_SECONDS);
		return {
			lat: r.lat,
			cpuSeconds: r.serverAfter.cpuSeconds - r.serverBefore.cpuSeconds,
			rssMb: r.serverAfter.rssMb,
			peakRssMb: r.serverAfter.peakRssMb,
			messageBytes: JSON.stringify({ editId: 0, plan }).length
		};
	} finally {
		await stop(child);
		rmSync(dir, { recursive: true, force: true });
	}
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
			row(`clients (${PROCESSES} processes) CPU / worst loop p99`, `${y.clientCpuSeconds.toFixed(1)} s / ${y.clientLoopP99.toFixed(0)} ms`, '-'),
			row('clients GC pauses total / longest', `${(y.clientGcTotalMs / 1000).toFixed(1)} s / ${y.clientGcMaxMs.toFixed(0)} ms`, '-'),
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
