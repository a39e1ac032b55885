import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { logIn } from './login';

/** Helpers shared by the board and agenda browser tests. */
export type Tech = { id: string; name: string; active: boolean; team: string | null; skills: Array<{ code: string; level: number }> };

export async function dispatcherPage(browser: Browser, email: string, viewport = { width: 1600, height: 1000 }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	// Right after the server starts the login form can be filled before it hydrates: retry once.
	await logIn(page, email).catch(() => logIn(page, email));
	return page;
}

let site: { customerId: string; siteId: string } | null = null;
export async function aSite(page: Page): Promise<{ customerId: string; siteId: string }> {
	if (site) return site;
	const customers = await (await page.request.get('/api/customers?pageSize=5')).json();
	for (const c of customers.items as Array<{ id: string }>) {
		const res = await (await page.request.get(`/api/customers/${c.id}/sites`)).json();
		const sites = (Array.isArray(res) ? res : res.items) as Array<{ id: string }>;
		if (sites.length) return (site = { customerId: c.id, siteId: sites[0].id });
	}
	throw new Error('no customer with a site in the seed');
}

export async function createCall(page: Page, extra: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
	const { customerId, siteId } = await aSite(page);
	const res = await page.request.post('/api/calls', {
		data: { customerId, siteId, priority: 'high', type: 'breakdown', description: 'Guasto di prova e2e', estimatedMinutes: 60, ...extra }
	});
	expect(res.status(), await res.text()).toBe(201);
	return res.json();
}

export async function technicians(page: Page): Promise<Tech[]> {
	return ((await (await page.request.get('/api/technicians')).json()) as Tech[]).filter((t) => t.active);
}

export async function openBoard(page: Page, day: string) {
	await page.goto(`/board?date=${day}`);
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('connection-status')).toHaveText('in linea');
}

/** The x of local time `minutes` (07:00-20:00 window) inside a lane track, from its left edge. */
export async function xOf(track: Locator, minutes: number): Promise<number> {
	const box = (await track.boundingBox())!;
	return ((minutes - 7 * 60) / (13 * 60)) * box.width + 2;
}

export const lane = (page: Page, techId: string) => page.locator(`[data-testid="lane"][data-technician-id="${techId}"]`);
export const block = (page: Page, callId: string) => page.locator(`[data-testid="assignment"][data-call-id="${callId}"]`);
export const card = (page: Page, callId: string) => page.locator(`[data-testid="queue-card"][data-call-id="${callId}"]`);

/** A Rome calendar day `offset` days from today. */
export function futureDay(offset: number): string {
	const d = new Date(Date.now() + offset * 86_400_000);
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/**
 * Drags a call from the queue onto a lane track at local time `minutes`, with the pointer.
 * The queue is first narrowed to this call with its own filter: it is live, and calls that tests
 * running in parallel create, plan or close re-sort it, so without the filter the card can move
 * between the pointer reaching it and the button going down, and another test's call is dragged.
 * The filter is cleared after the drop.
 */
export async function dragCallToLane(page: Page, call: { id: string; number: string }, track: Locator, minutes: number) {
	const filter = page.getByLabel('Filtra chiamate', { exact: true });
	await filter.fill(call.number);
	await expect(page.locator('[data-testid="queue-card"]')).toHaveCount(1);
	await card(page, call.id).dragTo(track, { targetPosition: { x: await xOf(track, minutes), y: 20 } });
	await filter.fill('');
}

/** Lanes in on-screen order. */
export async function laneOrder(page: Page): Promise<string[]> {
	return page.locator('[data-testid="lane"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.technicianId!));
}

/** Plans a call with the keyboard on the technician's lane at the default time (08:00 on a future day). */
export async function planWithKeyboard(page: Page, callId: string, techId: string) {
	await card(page, callId).focus();
	await page.keyboard.press('Enter');
	const order = await laneOrder(page);
	for (let i = 0; i < order.indexOf(techId); i++) await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Enter');
	await expect(lane(page, techId).locator(`[data-testid="assignment"][data-call-id="${callId}"]`)).toBeVisible();
}
