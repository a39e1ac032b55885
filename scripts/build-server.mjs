// Bundles the production entries (web server and worker) into dist/ as plain JavaScript:
// Node 20 cannot run TypeScript. Packages stay external so the process loads one copy of each
// (a second Yjs copy breaks Yjs), and build/handler.js is loaded at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
	entryPoints: { server: 'server/index.ts', worker: 'workers/index.ts' },
	absWorkingDir: root,
	outdir: 'dist',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	alias: { $lib: './src/lib' },
	logLevel: 'warning'
});
console.log('built dist/server.js and dist/worker.js');
