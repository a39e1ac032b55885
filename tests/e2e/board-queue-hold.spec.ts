import { expect, test } from '@playwright/test';
import { card, createCall, dispatcherPage, futureDay, openBoard } from './support/board-helpers';

// The live queue holds still while a dispatcher aims at it: a card must not move between the
// pointer reaching it and the button going down, or the wrong call is planned.

test('the queue holds still under the pointer: a call planned meanwhile keeps its place, a new one waits at the end', async ({ browser }) => {
	const day = futureDay(15);
	const a = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const token = `Fermo${Math.random().toString(36).slice(2, 7)}`;
	await createCall(a, { description: `${token} uno` });
	await createCall(a, { description: `${token} due` });
	await openBoard(a, day);
	await a.getByLabel('Filtra chiamate', { exact: true }).fill(token);
	const cards = a.locator('[data-testid="queue-card"]');
	await expect(cards).toHaveCount(2);
	const [upper, lower] = (await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.callId!))) as [string, string];

	// The pointer moves onto the lower card: the list holds.
	const before = (await card(a, lower).boundingBox())!;
	await a.mouse.move(before.x + 30, before.y + 12);
	await a.mouse.move(before.x + 32, before.y + 12);
	await expect(a.getByTestId('queue-list')).toHaveAttribute('data-held', 'true');

	// Meanwhile the call above it is cancelled and a new one arrives (another dispatcher's work).
	const cancel = await a.request.post(`/api/calls/${upper}/status`, { data: { status: 'cancelled', reason: 'Doppione (e2e)' } });
	expect(cancel.status(), await cancel.text()).toBe(200);
	const added = await createCall(a, { description: `${token} tre` });
	// The pointer has not moved: the list waits for it, and shows both changes in place.
	await expect(a.getByTestId('queue-card-gone')).toHaveCount(1);
	await expect(a.getByTestId('queue-card-new')).toHaveCount(1);
	const gone = a.locator(`[data-testid="queue-card-gone"][data-call-id="${upper}"]`);
	await expect(gone).toContainText('Non più in coda');
	await expect(gone).toHaveAttribute('aria-disabled', 'true');
	await expect(gone).toHaveAttribute('draggable', 'false');
	await expect(a.getByTestId('queue-held-note')).toHaveText('Coda ferma finché il puntatore è qui');
	// The card under the pointer has not moved, and the new call is below it.
	expect(await card(a, lower).boundingBox()).toEqual(before);
	expect(await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.callId))).toEqual([lower, added.id]);

	// The pointer leaves: the queue shows its real state at once.
	await a.mouse.move(5, 5);
	await expect(a.getByTestId('queue-list')).toHaveAttribute('data-held', 'false', { timeout: 1500 });
	await expect(a.getByTestId('queue-card-gone')).toHaveCount(0);
	await expect(a.getByTestId('queue-card-new')).toHaveCount(0);
	await expect(a.getByTestId('queue-held-note')).toHaveCount(0);
	await expect(cards).toHaveCount(2);
	expect((await card(a, lower).boundingBox())!.y).toBeLessThan(before.y);

	// Back over the list, a filter typed from the keyboard also ends the hold: the result shows at once.
	const next = (await card(a, lower).boundingBox())!;
	await a.mouse.move(next.x + 30, next.y + 12);
	await a.mouse.move(next.x + 32, next.y + 12);
	await expect(a.getByTestId('queue-list')).toHaveAttribute('data-held', 'true');
	await a.getByLabel('Filtra chiamate', { exact: true }).fill(`${token} tre`);
	await expect(a.getByTestId('queue-list')).toHaveAttribute('data-held', 'false', { timeout: 1500 });
	await expect(cards).toHaveCount(1);
	await a.context().close();
});
