import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** `npm run dev`: the same realtime endpoints as production, attached to Vite's own server. */
function realtimeDevPlugin(): Plugin {
	return {
		name: 'quadro-realtime',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return;
			const mod = await server.ssrLoadModule('/src/lib/server/realtime/attach.ts');
			const realtime = mod.attachRealtime(server.httpServer as HttpServer);
			server.httpServer.on('close', () => void realtime.close());
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit(),
		realtimeDevPlugin()
	],
	optimizeDeps: {
		include: ['yjs', 'y-websocket', 'y-protocols/awareness', 'socket.io-client']
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/integration/support/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
