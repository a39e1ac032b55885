import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

export type ServerProcess = {
	url: string;
	port: number;
	output: () => string;
	/** SIGTERM and wait for a clean exit; resolves with the exit code. */
	stop(): Promise<number | null>;
	/** SIGKILL: a crash, nothing drained. */
	kill(): Promise<void>;
};

/** Starts the production server (dist/server.js, built by `npm run build`) as a real process. */
export async function startServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
	const p = port ?? (await freePort());
	const child: ChildProcess = spawn(process.execPath, ['dist/server.js'], {
		cwd: ROOT,
		env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(p), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout?.on('data', (d) => (out += d));
	child.stderr?.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const url = `http://127.0.0.1:${p}`;
	const deadline = Date.now() + 20_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${out}`);
		try {
			const res = await fetch(`${url}/healthz`);
			if (res.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`server did not start in time:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		port: p,
		output: () => out,
		async stop() {
			if (child.exitCode !== null) return child.exitCode;
			child.kill('SIGTERM');
			return exited;
		},
		async kill() {
			if (child.exitCode !== null) return;
			child.kill('SIGKILL');
			await exited;
		}
	};
}
