/**
 * npm run bench:field — the technician app's load on ONE web process (issue 6, Measures):
 * 500 technicians each reporting a position every 30 s, plus 200 call status changes a minute
 * (POST /api/field/calls/:id/status, the technician's own travelling -> on_site -> on_hold moves),
 * first with positions over Socket.IO ('position:report', timed send -> ack), then the same load
 * with positions over plain HTTP (POST /api/technicians/:id/positions, timed request -> response),
 * in the same run. The server's CPU and memory are sampled from /proc every second.
 *
 * Knobs (environment): BENCH_SECONDS per phase (default 60), BENCH_TECHNICIANS (500),
 * BENCH_INTERVAL_S (30), BENCH_STATUS_PER_MIN (200), BENCH_SPEEDUP (1: the rates; 10 sends
 * ten times as often, to compress time). Needs a build (dist/server.js). Uses a scratch database
 * quadro_test_bench_field, dropped at the end (--keep leaves it).
 * The target (issue 6: ingest p95 < 50 ms) covers the whole ingest: positions over Socket.IO and the
 * status changes beside them in both phases; met= is true only when all three are under it.
 * Ends with: bench field: techs=... socket_p95_ms=... http_p95_ms=... status_p95_ms=... met_positions=... met_status=... met=...
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io as ioClient, type Socket } from 'socket.io-client';
import { dropDatabase, ensureDatabase, withDatabase } from '../lib/databases';
import { applyMigrations } from '../lib/migrate';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const TECHS = Number(process.env.BENCH_TECHNICIANS ?? 500);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_S ?? 30);
const STATUS_PER_MIN = Number(process.env.BENCH_STATUS_PER_MIN ?? 200);
const SPEEDUP = Number(process.env.BENCH_SPEEDUP ?? 1);
const KEEP = process.argv.includes('--keep');
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro';
const SCRATCH = 'quadro_test_bench_field';
const URL_DB = withDatabase(BASE_URL, SCRATCH);
const PREFIX = 'quadro_test_bench_field';
const PORT = Number(process.env.BENCH_PORT ?? 3499);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The app's modules read DATABASE_URL and REDIS_PREFIX once, on first use: point them at the scratch space first.
Object.assign(process.env, { DATABASE_URL: URL_DB, REDIS_PREFIX: PREFIX, LOG_LEVEL: 'silent' });
const { db, closeDatabase } = await import('../../src/lib/server/db/client');
const { closeRedis, redis } = await import('../../src/lib/server/redis');
const schema = await import('../../src/lib/server/db/schema');
const { createSession } = await import('../../src/lib/server/auth/session.service');
const { maintainPositionPartitions } = await import('../../src/lib/server/positions/partitions.service');

type Tech = { userId: string; technicianId: string; cookie: string };
type Job = { callId: string; tech: Tech; next: number };
const FIELD_MOVES = [{ status: 'travelling' }, { status: 'on_site' }, { status: 'on_hold', reason: 'attesa ricambi' }];

const today = new Date().toISOString().slice(0, 10);
const positionsPerPhase = Math.ceil(((TECHS * SECONDS) / INTERVAL_S) * SPEEDUP);
const statusPerPhase = Math.ceil((STATUS_PER_MIN * SECONDS * SPEEDUP) / 60);

// ---------------------------------------------------------------- arrangement (not timed)
async function arrange(): Promise<{ techs: Tech[]; jobsByPhase: Job[][] }> {
	await dropDatabase(URL_DB).catch(() => {});
	await ensureDatabase(URL_DB);
	await applyMigrations(URL_DB);
	const d = db();
	const techs: Tech[] = [];
	const users = Array.from({ length: TECHS }, (_, i) => ({ id: randomUUID(), email: `bench${i}@bench.test`, name: `Bench ${i}`, role: 'technician' as const, passwordHash: 'x', active: true }));
	for (let i = 0; i < users.length; i += 500) await d.insert(schema.users).values(users.slice(i, i + 500));
	const rows = users.map((u, i) => ({ id: randomUUID(), userId: u.id, code: `B${i}`, name: u.name, homeBase: { lng: 9.19 + (i % 50) * 0.01, lat: 45.46 + Math.floor(i / 50) * 0.01 } }));
	for (let i = 0; i < rows.length; i += 500) await d.insert(schema.technicians).values(rows.slice(i, i + 500));
	for (const [i, u] of users.entries()) {
		const { token } = await createSession({ id: u.id, role: 'technician' }, {}, new Date(), d);
		techs.push({ userId: u.id, technicianId: rows[i].id, cookie: `quadro_session=${token}` });
	}
	// Calls assigned to technicians today: each takes three status moves, so a phase needs a third as many.
	const customerId = randomUUID();
	const siteId = randomUUID();
	await d.insert(schema.customers).values({ id: customerId, code: 'BENCH', businessName: 'Bench Srl', address: 'Via Bench 1' });
	await d.insert(schema.sites).values({ id: siteId, customerId, name: 'Sede', address: 'Via Bench 1', comuneIstat: '015146', comuneName: 'Milano', province: 'MI', regionCode: '03', location: { lng: 9.19, lat: 45.46 } });
	const perPhase = Math.ceil(statusPerPhase / FIELD_MOVES.length) + 5;
	const jobsByPhase: Job[][] = [[], []];
	let seq = 0;
	for (const phase of [0, 1]) {
		const calls = [];
		const assignments = [];
		for (let i = 0; i < perPhase; i++) {
			const tech = techs[(seq * 7) % techs.length];
			const callId = randomUUID();
			seq++;
			calls.push({ id: callId, number: `2026/B${String(seq).padStart(6, '0')}`, year: 2026, seq: 900_000 + seq, customerId, siteId, priority: 'medium' as const, type: 'breakdown' as const, status: 'assigned' as const, description: 'bench' });
			const start = new Date(`${today}T08:00:00Z`);
			assignments.push({ id: randomUUID(), day: today, callId, technicianId: tech.technicianId, startsAt: start, endsAt: new Date(start.getTime() + 3_600_000), status: 'planned' as const });
			jobsByPhase[phase].push({ callId, tech, next: 0 });
		}
		await d.insert(schema.calls).values(calls as never);
		await d.insert(schema.assignments).values(assignments);
	}
	await maintainPositionPartitions();
	return { techs, jobsByPhase };
}

// ---------------------------------------------------------------- server and its resource use
function startServer(): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['dist/server.js'], {
		cwd: ROOT,
		env: { ...process.env, DATABASE_URL: URL_DB, REDIS_PREFIX: PREFIX, LOG_LEVEL: 'warn', PORT: String(PORT), HOST: '127.0.0.1', NODE_ENV: 'production' },
		stdio: ['ignore', process.env.BENCH_VERBOSE ? 'inherit' : 'ignore', 'inherit']
	});
	return new Promise((resolve, reject) => {
		const deadline = Date.now() + 30_000;
		const poll = async () => {
			if (child.exitCode !== null) return reject(new Error('server exited'));
			try {
				if ((await fetch(`http://127.0.0.1:${PORT}/readyz`)).ok) return resolve(child);
			} catch {
				/* not yet */
			}
			if (Date.now() > deadline) return reject(new Error('server did not start'));
			setTimeout(poll, 200);
		};
		void poll();
	});
}

const TICKS = 100; // USER_HZ on Linux
function cpuTicks(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return Number(fields[11]) + Number(fields[12]); // utime + stime
}
function rssMb(pid: number): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
	return Number(line.replace(/\D+/g, '')) / 1024;
}

class Sampler {
	private timer: NodeJS.Timeout | null = null;
	private startTicks = 0;
	private startAt = 0;
	rss: number[] = [];
	constructor(private pid: number) {}
	start() {
		this.startTicks = cpuTicks(this.pid);
		this.startAt = performance.now();
		this.timer = setInterval(() => this.rss.push(rssMb(this.pid)), 1000);
	}
	/** Average CPU of the server over the phase, % of one core. */
	stop(): { cpuPct: number; rssMaxMb: number; rssEndMb: number } {
		if (this.timer) clearInterval(this.timer);
		const seconds = (performance.now() - this.startAt) / 1000;
		const cpuPct = ((cpuTicks(this.pid) - this.startTicks) / TICKS / seconds) * 100;
		const end = rssMb(this.pid);
		return { cpuPct, rssMaxMb: Math.max(end, ...this.rss), rssEndMb: end };
	}
}

// ---------------------------------------------------------------- load
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
type Stats = { n: number; errors: number; p50: number; p95: number; p99: number; max: number };
function stats(samples: number[], errors: number): Stats {
	const s = [...samples].sort((a, b) => a - b);
	return { n: s.length, errors, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

function fixFor(i: number, k: number) {
	return { lat: 45.46 + Math.sin(i + k / 10) * 0.05, lng: 9.19 + Math.cos(i + k / 10) * 0.05, accuracy: 10, heading: (i * 37 + k) % 360, speed: 8, recordedAt: new Date().toISOString() };
}

/** Runs one phase: positions through `send` on every technician's schedule, status changes beside them. */
async function phase(
	label: string,
	techs: Tech[],
	jobs: Job[],
	send: (i: number, k: number) => Promise<boolean>
): Promise<{ positions: Stats; status: Stats; statusKind: string }> {
	const base = `http://127.0.0.1:${PORT}`;
	const posLatency: number[] = [];
	const statusLatency: number[] = [];
	let posErrors = 0;
	let statusErrors = 0;
	const intervalMs = (INTERVAL_S * 1000) / SPEEDUP;
	const statusGapMs = 60_000 / (STATUS_PER_MIN * SPEEDUP);
	const endAt = performance.now() + SECONDS * 1000;
	const pending: Promise<unknown>[] = [];
	const timers: NodeJS.Timeout[] = [];

	// Each technician starts at a random offset inside the interval, as phones do.
	techs.forEach((_, i) => {
		let k = 0;
		const fire = () => {
			if (performance.now() >= endAt) return;
			const started = performance.now();
			pending.push(
				send(i, k++).then(
					(ok) => (ok ? posLatency.push(performance.now() - started) : posErrors++),
					() => posErrors++
				)
			);
			timers.push(setTimeout(fire, intervalMs));
		};
		timers.push(setTimeout(fire, Math.random() * intervalMs));
	});

	let j = 0;
	const statusTick = () => {
		if (performance.now() >= endAt) return;
		const job = jobs.find((x, idx) => idx >= j && x.next < FIELD_MOVES.length);
		if (job) {
			const move = FIELD_MOVES[job.next++];
			if (job.next >= FIELD_MOVES.length) j++;
			const started = performance.now();
			pending.push(
				fetch(`${base}/api/field/calls/${job.callId}/status`, {
					method: 'POST',
					headers: { cookie: job.tech.cookie, 'content-type': 'application/json' },
					body: JSON.stringify({ ...move, clientId: randomUUID(), deviceAt: new Date().toISOString() })
				}).then(
					async (res) => {
						await res.arrayBuffer();
						if (res.ok) statusLatency.push(performance.now() - started);
						else {
							statusErrors++;
							if (statusErrors <= 3) console.warn(`  status ${res.status} for ${move.status}`);
						}
					},
					() => statusErrors++
				)
			);
		}
		timers.push(setTimeout(statusTick, statusGapMs));
	};
	timers.push(setTimeout(statusTick, statusGapMs / 2));

	await new Promise((r) => setTimeout(r, SECONDS * 1000 + 50));
	for (const t of timers) clearTimeout(t);
	await Promise.allSettled(pending);
	console.log(`  ${label}: ${posLatency.length} positions, ${statusLatency.length} status changes`);
	return { positions: stats(posLatency, posErrors), status: stats(statusLatency, statusErrors), statusKind: 'POST /api/field/calls/:id/status' };
}

// ---------------------------------------------------------------- main
const sockets: Socket[] = [];
let server: ChildProcess | null = null;
try {
	console.log(`bench field: ${TECHS} technicians, a position every ${INTERVAL_S / SPEEDUP} s each, ${STATUS_PER_MIN * SPEEDUP} status changes/min, ${SECONDS} s per phase`);
	const { techs, jobsByPhase } = await arrange();
	server = await startServer();
	const pid = server.pid!;
	const base = `http://127.0.0.1:${PORT}`;

	// Phase 1: Socket.IO.
	for (const t of techs) {
		sockets.push(ioClient(`${base}/live`, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: t.cookie, origin: base }, reconnection: false, forceNew: true }));
	}
	await Promise.all(sockets.map((s) => new Promise<void>((resolve, reject) => (s.connected ? resolve() : (s.once('connect', () => resolve()), s.once('connect_error', reject))))));
	await new Promise((r) => setTimeout(r, 1000));
	let sampler = new Sampler(pid);
	sampler.start();
	// Beside the load, a 'ping' (acked with no work) five times a second on random sockets: its
	// latency is what the transport and this shared machine cost before any ingest work.
	const pingLatency: number[] = [];
	let pingErrors = 0;
	const pinger = setInterval(() => {
		const started = performance.now();
		sockets[Math.floor(Math.random() * sockets.length)]
			.timeout(10_000)
			.emitWithAck('ping')
			.then(
				() => pingLatency.push(performance.now() - started),
				() => pingErrors++
			);
	}, 200);
	const socketPhase = await phase('socket.io', techs, jobsByPhase[0], async (i, k) => {
		const ack = (await sockets[i].timeout(10_000).emitWithAck('position:report', fixFor(i, k))) as { ok: boolean; error?: string };
		return ack.ok;
	});
	clearInterval(pinger);
	const socketRes = sampler.stop();
	const pings = stats(pingLatency, pingErrors);
	for (const s of sockets) s.close();
	await new Promise((r) => setTimeout(r, 1000));

	// Phase 2: plain HTTP POSTs, same schedule.
	sampler = new Sampler(pid);
	sampler.start();
	const httpPhase = await phase('http', techs, jobsByPhase[1], async (i, k) => {
		const res = await fetch(`${base}/api/technicians/${techs[i].technicianId}/positions`, {
			method: 'POST',
			headers: { cookie: techs[i].cookie, 'content-type': 'application/json' },
			body: JSON.stringify(fixFor(i, k))
		});
		await res.arrayBuffer();
		return res.status === 201;
	});
	const httpRes = sampler.stop();

	const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
	const row = (name: string, s: Stats, r: { cpuPct: number; rssMaxMb: number }) =>
		`| ${name.padEnd(34)} | ${String(s.n).padStart(6)} | ${String(s.errors).padStart(4)} | ${fmt(s.p50).padStart(6)} | ${fmt(s.p95).padStart(6)} | ${fmt(s.p99).padStart(6)} | ${fmt(s.max).padStart(7)} | ${fmt(r.cpuPct).padStart(6)} | ${fmt(r.rssMaxMb).padStart(7)} |`;
	console.log('');
	console.log(`| ${'load (one web process)'.padEnd(34)} | ${'n'.padStart(6)} | ${'err'.padStart(4)} | ${'p50 ms'.padStart(6)} | ${'p95 ms'.padStart(6)} | ${'p99 ms'.padStart(6)} | ${'max ms'.padStart(7)} | ${'CPU %'.padStart(6)} | ${'RSS MB'.padStart(7)} |`);
	console.log(`|${'-'.repeat(36)}|--------|------|--------|--------|--------|---------|--------|---------|`);
	console.log(row('positions via Socket.IO (ack)', socketPhase.positions, socketRes));
	console.log(row('  status changes beside them', socketPhase.status, socketRes));
	console.log(row('  ping beside them (no work, floor)', pings, socketRes));
	console.log(row('positions via HTTP POST (baseline)', httpPhase.positions, httpRes));
	console.log(row('  status changes beside them', httpPhase.status, httpRes));
	console.log(`(expected per phase: ${positionsPerPhase} positions, ${statusPerPhase} status changes; CPU is the server's, % of one core, averaged over the phase; the load generator shares the machine)`);
	const ratio = httpPhase.positions.p95 / socketPhase.positions.p95;
	const TARGET_MS = 50;
	const metPositions = socketPhase.positions.p95 < TARGET_MS;
	const metStatus = socketPhase.status.p95 < TARGET_MS && httpPhase.status.p95 < TARGET_MS;
	console.log(
		`target ingest p95 < ${TARGET_MS} ms: positions (Socket.IO) ${fmt(socketPhase.positions.p95)} ms ${metPositions ? 'met' : 'NOT met'}; status changes ${fmt(socketPhase.status.p95)} / ${fmt(httpPhase.status.p95)} ms (beside Socket.IO / HTTP positions) ${metStatus ? 'met' : 'NOT met'}`
	);
	console.log(
		`bench field: techs=${TECHS} seconds=${SECONDS} speedup=${SPEEDUP} socket_p50_ms=${fmt(socketPhase.positions.p50)} socket_p95_ms=${fmt(socketPhase.positions.p95)} http_p50_ms=${fmt(httpPhase.positions.p50)} http_p95_ms=${fmt(httpPhase.positions.p95)} status_p50_ms=${fmt(socketPhase.status.p50)} status_p95_ms=${fmt(socketPhase.status.p95)} status_http_phase_p95_ms=${fmt(httpPhase.status.p95)} ping_p95_ms=${fmt(pings.p95)} errors=${socketPhase.positions.errors + httpPhase.positions.errors + socketPhase.status.errors + httpPhase.status.errors} cpu_socket_pct=${fmt(socketRes.cpuPct)} cpu_http_pct=${fmt(httpRes.cpuPct)} rss_max_mb=${fmt(Math.max(socketRes.rssMaxMb, httpRes.rssMaxMb))} http_over_socket_p95=${ratio.toFixed(2)} target_p95_ms=${TARGET_MS} met_positions=${metPositions} met_status=${metStatus} met=${metPositions && metStatus}`
	);
} finally {
	for (const s of sockets) s.close();
	if (server && server.exitCode === null) {
		server.kill('SIGTERM');
		await new Promise((r) => server!.once('exit', r));
	}
	const keys = await redis().keys(`${PREFIX}:*`);
	if (keys.length) await redis().del(...keys);
	await closeRedis();
	await closeDatabase();
	if (!KEEP) await dropDatabase(URL_DB);
}
