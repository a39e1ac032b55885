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
	const aimAt = async (dx: number) => a.mouse.move(before.x + 30 + dx, before.y + 12);
	await aimAt(0);
	await aimAt(2);
	await expect(a.getByTestId('queue-list')).toHaveAttribute('data-held', 'true');

	// Meanwhile the call above it is cancelled and a new one arrives (another dispatcher's work).
	const cancel = await a.request.post(`/api/calls/${upper}/status`, { data: { status: 'cancelled', reason: 'Doppione (e2e)' } });
	expect(cancel.status(), await cancel.text()).toBe(200);
	const added = await createCall(a, { description: `${token} tre` });
	// The pointer keeps aiming (small moves) until both changes have reached the page.
	let dx = 0;
	await expect
		.poll(async () => {
			await aimAt((dx = dx ? 0 : 2));
			return [await a.getByTestId('queue-card-gone').count(), await a.getByTestId('queue-card-new').count()];
		})
		.toEqual([1, 1]);
	const gone = a.locator(`[data-testid="queue-card-gone"][data-call-id="${upper}"]`);
	await expect(gone).toContainText('Non più da assegnare');
	await expect(gone).toHaveAttribute('draggable', 'false');
	await expect(a.getByTestId('queue-held-note')).toContainText('La coda resta ferma');
	// The card under the pointer has not moved, and the new call is below it.
	expect(await card(a, lower).boundingBox()).toEqual(before);
	expect(await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.callId))).toEqual([lower, added.id]);

	// The pointer leaves: the queue shows its real state at once.
	await a.mouse.move(5, 5);
	await expect(a.getByTestId('queue-list')).toHaveAttribute('data-held', 'false');
	await expect(a.getByTestId('queue-card-gone')).toHaveCount(0);
	await expect(a.getByTestId('queue-card-new')).toHaveCount(0);
	await expect(a.getByTestId('queue-held-note')).toHaveCount(0);
	await expect(cards).toHaveCount(2);
	expect((await card(a, lower).boundingBox())!.y).toBeLessThan(before.y);

	// A resting pointer is not aiming: after a few seconds without moving, the list updates by itself.
	const next = (await card(a, lower).boundingBox())!;
	await a.mouse.move(next.x + 30, next.y + 12);
	await a.mouse.move(next.x + 32, next.y + 12);
	await expect(a.getByTestId('queue-list')).toHaveAttribute('data-held', 'true');
	await expect(a.getByTestId('queue-list')).toHaveAttribute('data-held', 'false', { timeout: 7000 });
	await a.context().close();
});
