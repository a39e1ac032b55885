import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3211);
const baseURL = `http://127.0.0.1:${PORT}`;
const databaseUrl = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro_test_e2e';

// Debian's Chromium (installed by `npm test` when missing): Playwright's own browser download is
// not available on our machines. Flags keep it from phoning home in a closed network.
const launchOptions = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
};

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	// Generous for a 2-core machine running the server, the worker and up to four browsers at once:
	// the two-dispatcher board tests take 20-30 s there. A hang still fails; a slow run does not.
	timeout: 60_000,
	expect: { timeout: 10_000 },
	workers: 2,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: 'test-reports/e2e.json' }]],
	use: {
		baseURL,
		locale: 'it-IT',
		timezoneId: 'Europe/Rome',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions
	},
	projects: [
		{ name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions }, testIgnore: '**/*.phone.spec.ts' },
		{ name: 'phone', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, launchOptions }, testMatch: '**/*.phone.spec.ts' }
	],
	webServer: {
		command: 'npx tsx tests/e2e/support/prepare-database.ts && node dist/server.js',
		url: `${baseURL}/readyz`,
		reuseExistingServer: false,
		timeout: 90_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			DATABASE_URL: databaseUrl,
			REDIS_PREFIX: process.env.E2E_REDIS_PREFIX ?? 'quadro_test_e2e',
			PORT: String(PORT),
			HOST: '127.0.0.1',
			LOG_LEVEL: 'warn',
			NODE_ENV: 'production'
		}
	}
});
