import { expect, test, type Page } from '@playwright/test';
import { block, card, createCall, dispatcherPage, futureDay, lane, openBoard, planWithKeyboard, technicians, xOf } from './support/board-helpers';

// What board.spec.ts does not cover: pointer drags seen live by a colleague while they happen,
// pointer resize, the agenda's pointer and keyboard edits and its team-day view, the queue's
// "planned on" and SLA filter, and the Suggest panel (issue 5). Each test has its own day.

async function center(page: Page, selector: ReturnType<Page['locator']>): Promise<{ x: number; y: number }> {
	const box = (await selector.boundingBox())!;
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('pointer drag: B sees A dragging as it happens, then the drop, a pointer resize and the drag back', async ({ browser }) => {
	const day = futureDay(8);
	const a = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const b = await dispatcherPage(browser, 'dispatcher2@quadro.test');
	const call = await createCall(a, { estimatedMinutes: 60 });
	const tech = (await technicians(a))[0];
	await openBoard(a, day);
	await openBoard(b, day);

	// A presses on the card and moves over the lane at 11:00, without releasing. The queue shows
	// only this call first: calls of tests running in parallel re-sort it and could move the card.
	await a.getByLabel('Filtra chiamate', { exact: true }).fill(call.number);
	await expect(a.locator('[data-testid="queue-card"]')).toHaveCount(1);
	const from = await center(a, card(a, call.id));
	const track = lane(a, tech.id).locator('.track');
	const box = (await track.boundingBox())!;
	const to = { x: box.x + (await xOf(track, 11 * 60)), y: box.y + 15 };
	await a.mouse.move(from.x, from.y);
	await a.mouse.down();
	await a.mouse.move(to.x, to.y);
	// Chromium sends dragover as the pointer moves: nudge until the preview follows.
	await expect
		.poll(async () => {
			await a.mouse.move(to.x + 1, to.y + 1);
			await a.mouse.move(to.x, to.y);
			return a.getByTestId('drop-preview').textContent();
		})
		.toContain('11:00');
	// B sees A's drag on that lane while A still holds the button.
	const ghost = lane(b, tech.id).getByTestId('peer-ghost');
	await expect(ghost).toContainText(call.number);
	await expect(ghost).toContainText('11:00');
	await a.mouse.up();
	await expect(a.getByTestId('board-announce')).toContainText(`Pianificata: ${call.number}`);
	await expect(lane(a, tech.id).locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toHaveAttribute('data-start', '11:00');
	await expect(lane(b, tech.id).locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toHaveAttribute('data-start', '11:00');
	await expect(ghost).toHaveCount(0);

	// Pointer resize: drag the right edge to 12:30; keyboard resize (Shift+ArrowRight) adds 15 minutes.
	const edge = block(a, call.id).locator('.resize');
	const e = await center(a, edge);
	await a.mouse.move(e.x, e.y);
	await a.mouse.down();
	await a.mouse.move(box.x + (await xOf(track, 12 * 60 + 30)), e.y, { steps: 6 });
	await a.mouse.up();
	await expect(block(b, call.id)).toHaveAttribute('data-end', '12:30');
	await block(a, call.id).focus();
	await a.keyboard.press('Shift+ArrowRight');
	await expect(block(b, call.id)).toHaveAttribute('data-end', '12:45');

	// Pointer drag back to the queue unassigns it for both.
	await block(a, call.id).dragTo(a.getByTestId('queue'));
	await expect(block(b, call.id)).toHaveCount(0);
	await expect(card(b, call.id)).toBeVisible();
	await a.context().close();
	await b.context().close();
});

test('agenda: pointer and keyboard edits in the week and in the team day are the board edits', async ({ browser }) => {
	// Two browsers editing one live day: more than the default budget on a two-core machine.
	test.slow();
	const day = futureDay(9);
	const a = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const b = await dispatcherPage(browser, 'dispatcher2@quadro.test');
	const techs = await technicians(a);
	const byTeam = new Map<string, typeof techs>();
	for (const t of techs) byTeam.set(t.team ?? '', [...(byTeam.get(t.team ?? '') ?? []), t]);
	const [team, members] = [...byTeam.entries()].find(([, list]) => list.length >= 2)!;
	const call = await createCall(a, { estimatedMinutes: 60 });
	await openBoard(a, day);
	await planWithKeyboard(a, call.id, members[0].id);
	await expect(block(a, call.id)).toHaveAttribute('data-start', '08:00');

	// Week view of the technician: drag the job one hour down, then its bottom edge 30 minutes down.
	await b.goto(`/agenda?week=${day}&technician=${members[0].id}`);
	await b.locator('body[data-hydrated]').waitFor();
	await expect(b.getByTestId('agenda-status')).toHaveText('in linea');
	const item = b.locator(`[data-testid="agenda-day"][data-day="${day}"] [data-testid="agenda-assignment"][data-call-id="${call.id}"]`);
	await expect(item).toHaveAttribute('data-start', '08:00');
	const hour = ((await b.locator(`[data-testid="agenda-day"][data-day="${day}"] .col`).boundingBox())!.height) / 13;
	let p = await center(b, item);
	await b.mouse.move(p.x, p.y);
	await b.mouse.down();
	await b.mouse.move(p.x, p.y + hour, { steps: 6 });
	// A sees B's drag on the board while B holds the job.
	await expect(lane(a, members[0].id).getByTestId('peer-ghost')).toContainText('09:00');
	await b.mouse.up();
	await expect(block(a, call.id)).toHaveAttribute('data-start', '09:00');
	const edge = item.getByTestId('agenda-resize');
	p = await center(b, edge);
	await b.mouse.move(p.x, p.y);
	await b.mouse.down();
	await b.mouse.move(p.x, p.y + hour / 2, { steps: 4 });
	await b.mouse.up();
	await expect(block(a, call.id)).toHaveAttribute('data-end', '10:30');
	// Keyboard: Shift+ArrowUp shortens by 15 minutes.
	await item.focus();
	await b.keyboard.press('Shift+ArrowUp');
	await expect(block(a, call.id)).toHaveAttribute('data-end', '10:15');
	await expect(block(a, call.id)).toHaveAttribute('data-start', '09:00');
	await expect(item).toHaveAttribute('data-start', '09:00');

	// Team day view: one column per technician of the team; drag the job to the next column.
	await b.goto(`/agenda?view=team&date=${day}&team=${encodeURIComponent(team)}`);
	await b.locator('body[data-hydrated]').waitFor();
	await expect(b.getByTestId('agenda-status')).toHaveText('in linea');
	const columns = b.getByTestId('agenda-team').getByTestId('agenda-day');
	await expect(columns).toHaveCount(members.length);
	const ids = await columns.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.technicianId!));
	const [first, second] = [ids.indexOf(members[0].id), ids.indexOf(members[0].id) + 1 < ids.length ? ids.indexOf(members[0].id) + 1 : ids.indexOf(members[0].id) - 1];
	const teamItem = (techId: string) => b.locator(`[data-testid="agenda-day"][data-technician-id="${techId}"] [data-testid="agenda-assignment"][data-call-id="${call.id}"]`);
	await expect(teamItem(ids[first])).toHaveAttribute('data-start', '09:00');
	p = await center(b, teamItem(ids[first]));
	const target = await center(b, columns.nth(second));
	await b.mouse.move(p.x, p.y);
	await b.mouse.down();
	await b.mouse.move(target.x, p.y, { steps: 8 });
	await b.mouse.up();
	await expect(lane(a, ids[second]).locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toHaveAttribute('data-start', '09:00');
	// Keyboard: back to the first technician with the arrow towards its column.
	await teamItem(ids[second]).focus();
	await b.keyboard.press(first < second ? 'ArrowLeft' : 'ArrowRight');
	await expect(lane(a, ids[first]).locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toBeVisible();

	// An absence added in the team view for the second technician is drawn on the board.
	await b.getByLabel('Tecnico', { exact: true }).selectOption(ids[second]);
	await b.getByLabel('Dalle', { exact: true }).fill('14:00');
	await b.getByLabel('Alle', { exact: true }).fill('16:00');
	await b.getByLabel('Motivo', { exact: true }).selectOption('sick');
	await b.getByRole('button', { name: 'Aggiungi assenza' }).click();
	await expect(lane(a, ids[second]).getByTestId('absence')).toContainText('malattia');
	await a.context().close();
	await b.context().close();
});

test('queue: a call planned on another day says so instead of passing for unplanned; SLA filter', async ({ browser }) => {
	const day = futureDay(10);
	const other = futureDay(11);
	const a = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const call = await createCall(a, { estimatedMinutes: 60 });
	const tech = (await technicians(a))[0];
	await openBoard(a, other);
	await planWithKeyboard(a, call.id, tech.id);
	await openBoard(a, day);
	await expect(card(a, call.id)).toHaveCount(0);
	await a.getByLabel('Mostra', { exact: true }).selectOption('elsewhere');
	const planned = new Intl.DateTimeFormat('it-IT', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${other}T12:00:00Z`));
	await expect(card(a, call.id).getByTestId('planned-on')).toHaveText(`Pianificata il ${planned}`);
	// A fresh high-priority call is not overdue yet: the "overdue" filter hides it, "due soon"/all keep their own.
	const fresh = await createCall(a, { priority: 'high' });
	await expect(card(a, fresh.id)).toBeVisible();
	await a.getByLabel('SLA', { exact: true }).selectOption('overdue');
	await expect(card(a, fresh.id)).toHaveCount(0);
	await a.getByLabel('SLA', { exact: true }).selectOption('');
	await expect(card(a, fresh.id)).toBeVisible();

	// Area filter: one technician covers the province of the calls' site (arranged through the
	// admin API); choosing that area leaves only the lanes of technicians covering it, and the
	// queue keeps the calls whose site lies in it.
	const admin = await dispatcherPage(browser, 'admin@quadro.test');
	const province = (await (await admin.request.get(`/api/calls/${fresh.id}`)).json()).site.province as string;
	const provinces = (await (await admin.request.get('/api/areas?kind=province')).json()) as Array<{ id: string; code: string; name: string }>;
	const area = provinces.find((p) => p.code === province)!;
	const everyone = await technicians(admin);
	const chosen = everyone[everyone.length - 1];
	const t = await (await admin.request.get(`/api/technicians/${chosen.id}`)).json();
	const put = await admin.request.put(`/api/technicians/${chosen.id}`, { data: { ...t, areaIds: [...new Set([...(t.areas as string[]), area.id])] } });
	expect(put.status(), await put.text()).toBe(200);
	const covering = (await technicians(admin)).filter((x) => (x as unknown as { areas: string[] }).areas.includes(area.id)).map((x) => x.id);
	await admin.context().close();
	await openBoard(a, day);
	await a.getByLabel('Zona', { exact: true }).selectOption(area.id);
	await expect(a.getByTestId('lane')).toHaveCount(covering.length);
	await expect(lane(a, chosen.id)).toBeVisible();
	await expect(card(a, fresh.id)).toBeVisible();
	await a.getByLabel('Zona', { exact: true }).selectOption('');
	await expect(a.getByTestId('lane')).toHaveCount(everyone.length);
	await a.context().close();
});

test('suggest: a dispatcher picks an urgent call, reads the reasons, assigns the first; the other board shows it', async ({ browser }) => {
	// Two browsers editing one live day: more than the default budget on a two-core machine.
	test.slow();
	const day = futureDay(12);
	const a = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const b = await dispatcherPage(browser, 'dispatcher2@quadro.test');
	const call = await createCall(a, { priority: 'high', estimatedMinutes: 60 });
	// Arrangement through the admin API: the nearest technicians work every day 07:00-19:00, so
	// each has a free window on the test's day whatever the demo shifts are.
	const admin = await dispatcherPage(browser, 'admin@quadro.test');
	const near = await admin.request.get(`/api/calls/${call.id}/candidates?limit=5&order=distance`);
	expect(near.status(), await near.text()).toBe(200);
	for (const c of (await near.json()) as Array<{ technicianId: string }>) {
		const t = await (await admin.request.get(`/api/technicians/${c.technicianId}`)).json();
		const shifts = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end: '19:00' }));
		const put = await admin.request.put(`/api/technicians/${c.technicianId}`, { data: { ...t, areaIds: t.areas, shifts } });
		expect(put.status(), await put.text()).toBe(200);
	}
	await admin.context().close();
	await openBoard(a, day);
	await openBoard(b, day);
	await card(a, call.id).click();
	await a.getByTestId('suggest-button').click();
	const panel = a.getByTestId('suggest-panel');
	await expect(panel).toBeVisible();
	const first = panel.getByTestId('suggestion').first();
	await expect(first).toBeVisible();
	await expect(first.getByTestId('suggestion-reasons')).toContainText(/km/);
	const techId = (await first.getAttribute('data-technician-id'))!;
	const label = (await first.getByTestId('suggestion-assign').textContent())!;
	expect(label, await panel.innerText()).toMatch(/alle \d{2}:\d{2}/);
	const at = /alle (\d{2}:\d{2})/.exec(label)![1];
	await first.getByTestId('suggestion-assign').click();
	await expect(panel).toHaveCount(0);
	// The assignment is a Yjs edit: both boards show it on the suggested technician's lane, at the proposed time.
	await expect(lane(a, techId).locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toHaveAttribute('data-start', at);
	await expect(lane(b, techId).locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toHaveAttribute('data-start', at);
	await expect(lane(b, techId).locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toHaveAttribute('data-end', `${String(Number(at.slice(0, 2)) + 1).padStart(2, '0')}${at.slice(2)}`);

	// Keyboard: U on a queue card asks for the nearest free now; Escape closes the panel.
	const second = await createCall(a, { priority: 'high' });
	await card(a, second.id).focus();
	await a.keyboard.press('u');
	await expect(a.getByTestId('suggest-panel')).toContainText('Il più vicino libero ora');
	await expect(a.getByTestId('suggest-panel').getByTestId('suggestion').first()).toBeVisible();
	await a.keyboard.press('Escape');
	await expect(a.getByTestId('suggest-panel')).toHaveCount(0);
	await expect(card(a, second.id)).toBeFocused();
	await a.context().close();
	await b.context().close();
});
