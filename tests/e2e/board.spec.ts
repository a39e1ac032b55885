import { expect, test } from '@playwright/test';
import { block, card, createCall, dispatcherPage, dragCallToLane, futureDay, lane, openBoard, technicians } from './support/board-helpers';

// The live board: two dispatchers on the same day doc, presence, conflicts, read-only supervisors.
// Each test uses its own future day so the tests do not see each other's plans.

test('two dispatchers: a drag shows up live, presence is visible, concurrent moves converge', async ({ browser }) => {
	// Two browsers editing one live day: more than the default budget on a two-core machine.
	test.slow();
	const day = futureDay(3);
	const a = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const b = await dispatcherPage(browser, 'dispatcher2@quadro.test');
	const first = await createCall(a);
	const second = await createCall(a, { priority: 'low', estimatedMinutes: 90 });
	const tech = (await technicians(a))[0];

	await openBoard(a, day);
	await openBoard(b, day);
	await expect(card(a, first.id)).toBeVisible();
	await expect(card(b, first.id)).toBeVisible();
	// B sees A among the dispatchers on this day.
	await expect(b.getByTestId('presence-avatar')).toHaveCount(1);

	// A drags the first call onto the technician's lane at 10:00.
	await dragCallToLane(a, first, lane(a, tech.id).locator('.track'), 10 * 60);
	await expect(block(a, first.id)).toHaveAttribute('data-start', '10:00');
	await expect(block(a, first.id)).toHaveAttribute('data-end', '11:00');
	await expect(card(a, first.id)).toHaveCount(0);

	// B sees it without reloading: on the same lane, same time, and gone from B's queue.
	await expect(lane(b, tech.id).locator(`[data-testid="assignment"][data-call-id="${first.id}"]`)).toHaveAttribute('data-start', '10:00');
	await expect(card(b, first.id)).toHaveCount(0);

	// Presence: A selects the assignment; B sees it outlined with A's name.
	await block(a, first.id).click();
	await expect(block(b, first.id).locator('.peer-tag')).toBeVisible();
	// A picks the second call with the keyboard (a drag in progress): B sees A's ghost block live.
	await card(a, second.id).focus();
	await a.keyboard.press('Enter');
	await expect(a.getByTestId('drop-preview')).toBeVisible();
	await expect(b.getByTestId('peer-ghost')).toBeVisible();
	await a.keyboard.press('ArrowRight');
	await expect(b.getByTestId('peer-ghost')).toContainText(second.number);
	await a.keyboard.press('Escape');
	await expect(b.getByTestId('peer-ghost')).toHaveCount(0);

	// Both move the same assignment at the same moment, in opposite directions.
	await block(a, first.id).focus();
	await block(b, first.id).focus();
	await Promise.all([a.keyboard.press('ArrowRight'), b.keyboard.press('ArrowLeft')]);
	await Promise.all([a.keyboard.press('ArrowRight'), b.keyboard.press('Shift+ArrowRight')]);
	// Poll both sides together: each keeps changing until every edit has reached both.
	const times = async (p: typeof a) => [await block(p, first.id).getAttribute('data-start'), await block(p, first.id).getAttribute('data-end')].join('-');
	await expect.poll(async () => (await times(a)) === (await times(b)), { timeout: 7000 }).toBe(true);
	// And they stay equal once everything has been delivered.
	await a.waitForTimeout(500);
	const endA = [await block(a, first.id).getAttribute('data-start'), await block(a, first.id).getAttribute('data-end')];
	const endB = [await block(b, first.id).getAttribute('data-start'), await block(b, first.id).getAttribute('data-end')];
	expect(endA).toEqual(endB);
	expect(await a.locator('[data-testid="assignment"]').count()).toBe(await b.locator('[data-testid="assignment"]').count());

	// Drag back to the queue: unassigned for both.
	await block(a, first.id).dragTo(a.getByTestId('queue'));
	await expect(block(a, first.id)).toHaveCount(0);
	await expect(block(b, first.id)).toHaveCount(0);
	await expect(card(b, first.id)).toBeVisible();

	// A call created while the board is open appears in the queue without reloading (Socket.IO).
	const third = await createCall(a, { priority: 'medium' });
	await expect(card(b, third.id)).toBeVisible();
	await a.context().close();
	await b.context().close();
});

test('keyboard planning warns of a missing skill before the drop, the badge explains it, undo touches only my edits', async ({ browser }) => {
	const day = futureDay(4);
	const a = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const b = await dispatcherPage(browser, 'dispatcher2@quadro.test');
	const call = await createCall(a, { requiredSkills: ['lift'], estimatedMinutes: 60 });
	const other = await createCall(b, { priority: 'low' });
	const techs = await technicians(a);
	await openBoard(a, day);
	await openBoard(b, day);

	// Lanes in on-screen order; pick the first technician without the lift skill.
	const order = await a.locator('[data-testid="lane"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.technicianId!));
	const index = order.findIndex((id) => !techs.find((t) => t.id === id)!.skills.some((s) => s.code === 'lift'));
	expect(index).toBeGreaterThanOrEqual(0);
	const techId = order[index];

	await card(a, call.id).focus();
	await a.keyboard.press('Enter');
	for (let i = 0; i < index; i++) await a.keyboard.press('ArrowDown');
	// The conflict the drop would create is shown before dropping.
	await expect(a.getByTestId('drop-conflicts')).toContainText('Competenza mancante: lift');
	await a.keyboard.press('Enter');
	const placed = lane(a, techId).locator(`[data-testid="assignment"][data-call-id="${call.id}"]`);
	await expect(placed).toBeVisible();
	await expect(placed.getByTestId('conflict-badge')).toBeVisible();
	await expect(placed.getByRole('tooltip')).toContainText('Competenza mancante: lift (richiesto livello 1, il tecnico ha 0)', { useInnerText: false });
	await expect(placed).toHaveAttribute('aria-label', /Competenza mancante: lift/);
	// B sees the same explanation.
	await expect(lane(b, techId).locator(`[data-call-id="${call.id}"]`)).toHaveAttribute('aria-label', /Competenza mancante: lift/);

	// B plans another call; A's Ctrl+Z undoes only A's own assignment, Ctrl+Shift+Z brings it back.
	await card(b, other.id).focus();
	await b.keyboard.press('Enter');
	await b.keyboard.press('Enter');
	await expect(block(a, other.id)).toBeVisible();
	await placed.focus();
	await a.keyboard.press('Control+z');
	await expect(block(a, call.id)).toHaveCount(0);
	await expect(block(b, call.id)).toHaveCount(0);
	await expect(block(a, other.id)).toBeVisible();
	await a.keyboard.press('Control+Shift+z');
	await expect(block(b, call.id)).toBeVisible();

	// Keyboard move and delete.
	await block(a, call.id).focus();
	const start = await block(a, call.id).getAttribute('data-start');
	await a.keyboard.press('ArrowRight');
	await expect(block(b, call.id)).not.toHaveAttribute('data-start', start!);
	await a.keyboard.press('Delete');
	await expect(block(b, call.id)).toHaveCount(0);
	await a.context().close();
	await b.context().close();
});

test('a supervisor sees the board read-only', async ({ browser }) => {
	const day = futureDay(5);
	const a = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const call = await createCall(a);
	const tech = (await technicians(a))[0];
	await openBoard(a, day);
	await card(a, call.id).focus();
	await a.keyboard.press('Enter');
	const order = await a.locator('[data-testid="lane"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.technicianId!));
	for (let i = 0; i < order.indexOf(tech.id); i++) await a.keyboard.press('ArrowDown');
	await a.keyboard.press('Enter');
	await expect(block(a, call.id)).toBeVisible();

	const s = await dispatcherPage(browser, 'supervisor@quadro.test');
	await openBoard(s, day);
	await expect(s.getByTestId('readonly-notice')).toBeVisible();
	await expect(block(s, call.id)).toBeVisible();
	await expect(block(s, call.id)).toHaveAttribute('draggable', 'false');
	await expect(s.getByRole('button', { name: 'Annulla' })).toHaveCount(0);
	// Keyboard edits do nothing.
	const start = await block(s, call.id).getAttribute('data-start');
	await block(s, call.id).focus();
	await s.keyboard.press('ArrowRight');
	await s.keyboard.press('Delete');
	await s.waitForTimeout(500);
	await expect(block(s, call.id)).toHaveAttribute('data-start', start!);
	await expect(block(a, call.id)).toHaveAttribute('data-start', start!);
	const queued = s.locator('[data-testid="queue-card"]').first();
	if (await queued.count()) {
		await expect(queued).toHaveAttribute('draggable', 'false');
		await queued.focus();
		await s.keyboard.press('Enter');
		await expect(s.getByTestId('drop-preview')).toHaveCount(0);
	}
	await a.context().close();
	await s.context().close();
});

test('layout at 1920 and 1280 wide (today, with the now line)', async ({ browser }) => {
	const page = await dispatcherPage(browser, 'dispatcher@quadro.test', { width: 1920, height: 1080 });
	const context = page.context();
	const call = await createCall(page, { requiredSkills: ['lift'] });
	await page.goto('/board');
	await expect(page.getByTestId('connection-status')).toHaveText('in linea');
	const techs = await technicians(page);
	const tech = techs.find((t) => !t.skills.some((s) => s.code === 'lift'))!;
	await dragCallToLane(page, call, lane(page, tech.id).locator('.track'), 9 * 60);
	await expect(block(page, call.id)).toBeVisible();
	await page.screenshot({ path: '/tmp/board.png' });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.screenshot({ path: '/tmp/board-1280.png' });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
	await expect(page.getByTestId('queue')).toBeInViewport();
	await expect(page.getByTestId('lanes')).toBeInViewport();
	await context.close();
});

test('the agenda shows the same change, edits the same day doc, and adds absences the board draws', async ({ browser }) => {
	const day = futureDay(6);
	const a = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const b = await dispatcherPage(browser, 'dispatcher2@quadro.test');
	const call = await createCall(a);
	await openBoard(a, day);
	const techId = await a.locator('[data-testid="lane"]').first().getAttribute('data-technician-id');
	await card(a, call.id).focus();
	await a.keyboard.press('Enter');
	await a.keyboard.press('Enter');
	await expect(block(a, call.id)).toHaveAttribute('data-start', '08:00');

	await b.goto(`/agenda?week=${day}&technician=${techId}`);
	await expect(b.getByTestId('agenda-status')).toHaveText('in linea');
	const item = b.locator(`[data-testid="agenda-day"][data-day="${day}"] [data-testid="agenda-assignment"][data-call-id="${call.id}"]`);
	await expect(item).toHaveAttribute('data-start', '08:00');
	// A moves it on the board: the agenda follows live; B moves it in the agenda: the board follows.
	await block(a, call.id).focus();
	await a.keyboard.press('ArrowRight');
	await expect(item).toHaveAttribute('data-start', '08:15');
	await item.focus();
	await b.keyboard.press('ArrowDown');
	await b.keyboard.press('ArrowDown');
	await expect(block(a, call.id)).toHaveAttribute('data-start', '08:45');

	// An absence added in the agenda is drawn on the board's lane and conflicts with the job.
	await b.getByLabel('Giorno', { exact: true }).selectOption(day);
	await b.getByLabel('Dalle', { exact: true }).fill('08:00');
	await b.getByLabel('Alle', { exact: true }).fill('12:00');
	await b.getByLabel('Motivo', { exact: true }).selectOption('training');
	await b.getByRole('button', { name: 'Aggiungi assenza' }).click();
	await expect(lane(a, techId!).getByTestId('absence')).toContainText('formazione');
	await expect(block(a, call.id)).toHaveAttribute('aria-label', /Durante un'assenza del tecnico \(formazione\)/);
	await b.getByRole('button', { name: /Togli l'assenza/ }).click();
	await expect(lane(a, techId!).getByTestId('absence')).toHaveCount(0);
	await a.context().close();
	await b.context().close();
});
