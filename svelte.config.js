import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// The custom server (server/index.ts) checks Origin for sockets; forms keep SvelteKit's own CSRF check.
		alias: { $server: 'src/lib/server' }
	}
};

export default config;
