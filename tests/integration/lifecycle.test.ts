import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server-process';
import { boardClient, liveClient, connectOutcome, synced } from '../support/realtime-clients';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(entry: string, env: Record<string, string>, signalAfterMs?: number): Promise<{ code: number | null; output: string; ms: number }> {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn(process.execPath, [entry], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (d) => {
			output += d;
			if (signalAfterMs !== undefined && output.includes('worker process ready')) setTimeout(() => child.kill('SIGTERM'), signalAfterMs);
		});
		child.stderr.on('data', (d) => (output += d));
		child.on('exit', (code) => resolve({ code, output, ms: Date.now() - started }));
	});
}

let fresh: FreshDatabase;
beforeAll(async () => {
	fresh = await freshDatabase();
});
afterAll(async () => {
	await fresh.close();
});

describe('configuration', () => {
	it.each([
		['PORT', 'not-a-port'],
		['DATABASE_URL', 'mysql://nope'],
		['ALLOWED_ORIGINS', 'not a url']
	])('a bad %s stops the web process with its name and no stack trace', async (name, value) => {
		const result = await run('dist/server.js', { [name]: value });
		expect(result.code).toBe(78);
		expect(result.output).toContain(name);
		expect(result.output).not.toMatch(/\n\s+at /);
	});

	it('the worker refuses bad configuration the same way', async () => {
		const result = await run('dist/worker.js', { REDIS_URL: 'http://x' });
		expect(result.code).toBe(78);
		expect(result.output).toContain('REDIS_URL');
	});
});

describe('shutdown on SIGTERM', () => {
	it('the web process drains sockets and connections in order and exits 0 well within 10 s', async () => {
		const server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix, LOG_LEVEL: 'info' });
		const user = await createTestUser(fresh.db, 'dispatcher');
		const cookie = await loginCookie(server.url, user.email);
		const board = boardClient(server.url, 'board:2026-12-01', { cookie });
		const live = liveClient(server.url, { cookie });
		await Promise.all([synced(board), connectOutcome(live)]);
		board.doc.getMap('notes').set('a', 1);
		const started = Date.now();
		const code = await server.stop();
		const elapsed = Date.now() - started;
		board.destroy();
		live.close();
		expect(code).toBe(0);
		expect(elapsed).toBeLessThan(10_000);
		const steps = [...server.output().matchAll(/"step":"([^"]+)"/g)].map((m) => m[1]);
		expect(steps).toEqual(['stop accepting connections', 'close sockets', 'finish open requests', 'close PostgreSQL', 'close the mail queue', 'close Redis']);
	});

	it('the worker closes its queues and exits 0', async () => {
		const result = await run('dist/worker.js', { DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix }, 100);
		expect(result.code).toBe(0);
		const steps = [...result.output.matchAll(/"step":"([^"]+)"/g)].map((m) => m[1]);
		expect(steps).toEqual(['close workers', 'close PostgreSQL', 'close Redis']);
	});
});
