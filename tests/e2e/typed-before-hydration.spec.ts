import { expect, test } from '@playwright/test';
import { logIn } from './support/login';

// The service worker would serve the app's scripts from its cache, past the route that holds them.
test.use({ serviceWorkers: 'block' });

/**
 * On a slow phone the page is visible before it is interactive. Text typed then must survive
 * hydration, which writes the server-rendered values back into the fields.
 */
test('text typed before the page hydrates is still there afterwards', async ({ page }) => {
	await logIn(page, 'dispatcher@quadro.test');
	// Hold the app's entry script until the text has been typed into the server-rendered page.
	let release!: () => void;
	const held = new Promise<void>((r) => (release = r));
	await page.route('**/_app/immutable/entry/app.*.js', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto('/calls', { waitUntil: 'domcontentloaded' });
	const search = page.locator('#q');
	await search.fill('Rossi impianti');
	await expect(page.locator('body[data-hydrated]')).toHaveCount(0);
	release();
	await page.locator('body[data-hydrated]').waitFor();
	await expect(search).toHaveValue('Rossi impianti');
	// The page's own handlers heard it: submitting searches for what was typed.
	await search.press('Enter');
	await expect(page).toHaveURL(/[?&]q=Rossi\+impianti/);
});
