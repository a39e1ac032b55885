import { expect, test, type Page } from '@playwright/test';
import { createCall, dispatcherPage } from './support/board-helpers';

/**
 * The calls list refreshes itself when any call changes. Those refreshes must never undo what the
 * dispatcher is doing: text typed in the search box, or the search just sent.
 */

/** Records what the page's sockets receive; call before the page opens its socket. */
function socketFrames(page: Page): { has: (text: string) => boolean } {
	const frames: string[] = [];
	page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => void frames.push(String(payload))));
	return { has: (text) => frames.some((f) => f.includes('call:changed') && f.includes(text)) };
}

test('text typed in the search right after the list opens survives a live refresh', async ({ browser }) => {
	const page = await dispatcherPage(browser, 'dispatcher@quadro.test');
	await page.goto('/calls');
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('live')).toBeVisible();
	const total = page.getByTestId('calls-total');
	const before = await total.textContent();

	const search = page.getByLabel('Cerca', { exact: true });
	await search.fill('2026/');
	await page.getByRole('checkbox', { name: 'Nuova' }).check();
	// Another dispatcher opens a call: this list refreshes (its total changes)...
	await createCall(page);
	await expect(total).not.toHaveText(before!);
	// ...and what was typed and ticked is still there.
	await expect(search).toHaveValue('2026/');
	await expect(page.getByRole('checkbox', { name: 'Nuova' })).toBeChecked();
	await page.getByRole('button', { name: 'Cerca' }).click();
	await expect(page).toHaveURL(/q=2026%2F&status=new/);
	await page.context().close();
});

test('a search sent while a call changes is not cancelled by the refresh, which follows it', async ({ browser }) => {
	const page = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const mine = await createCall(page, { description: 'Ricerca durante un aggiornamento e2e' });
	const frames = socketFrames(page);
	await page.goto('/calls');
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('live')).toBeVisible();

	// The search's data is held back until another call's change has reached this page.
	let arrived!: () => void;
	const searchArrived = new Promise<void>((resolve) => (arrived = resolve));
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	let held = 0;
	await page.route(/\/calls\/__data\.json\?.*q=/, async (route) => {
		if (held++ === 0) {
			arrived();
			await released;
		}
		await route.continue();
	});

	await page.getByLabel('Cerca', { exact: true }).fill(mine.number);
	await page.getByRole('button', { name: 'Cerca' }).click();
	await searchArrived;
	const other = await createCall(page);
	await expect.poll(() => frames.has(other.id)).toBe(true);
	// The list's refresh runs 150 ms after an announcement: let it try to run now.
	await page.waitForTimeout(500);
	const refreshAfter = page.waitForRequest(/\/calls\/__data\.json\?.*q=/);
	release();

	await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(mine.number)}`));
	await expect(page.getByTestId('call-row')).toHaveCount(1);
	await expect(page.locator(`[data-number="${mine.number}"]`)).toBeVisible();
	// The refresh was not dropped either: it ran on the new page.
	await refreshAfter;
	await expect(page.getByLabel('Cerca', { exact: true })).toHaveValue(mine.number);
	await page.context().close();
});
