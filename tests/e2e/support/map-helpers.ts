import { expect, request, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './login';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
const sessions = new Map<string, Promise<StorageState>>();

/**
 * A session per user and worker, made once through the login API: every context built from it
 * starts logged in (the login form has its own tests), which saves seconds per page.
 */
export function sessionOf(email: string): Promise<StorageState> {
	let session = sessions.get(email);
	if (!session) {
		session = (async () => {
			const api = await request.newContext({ baseURL: test.info().project.use.baseURL });
			try {
				const res = await api.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
				expect(res.status(), await res.text()).toBe(200);
				return await api.storageState();
			} finally {
				await api.dispose();
			}
		})();
		session.catch(() => sessions.delete(email));
		sessions.set(email, session);
	}
	return session;
}

/** A context of its own (its own cookies) logged in as `email`. */
export async function contextAs(browser: Browser, email: string, viewport = { width: 1500, height: 950 }): Promise<BrowserContext> {
	return browser.newContext({ viewport, storageState: await sessionOf(email) });
}

/** A blank page of a context of its own logged in as `email`. */
export async function pageAs(browser: Browser, email: string, viewport = { width: 1500, height: 950 }): Promise<Page> {
	return (await contextAs(browser, email, viewport)).newPage();
}

let site: { customerId: string; siteId: string } | null = null;
async function aSite(page: Page) {
	if (site) return site;
	const customers = await (await page.request.get('/api/customers?pageSize=5')).json();
	for (const c of customers.items as Array<{ id: string }>) {
		const res = await (await page.request.get(`/api/customers/${c.id}/sites`)).json();
		const sites = (Array.isArray(res) ? res : res.items) as Array<{ id: string }>;
		if (sites.length) return (site = { customerId: c.id, siteId: sites[0].id });
	}
	throw new Error('no customer with a site in the seed');
}

export type CreatedCall = { id: string; number: string; acknowledgeDue: string | null; onsiteDue: string | null; resolutionDue: string | null };

/** A unit covered by an active contract with an SLA level: calls on it get due times. */
export async function coveredUnit(page: Page): Promise<{ customerId: string; siteId: string; equipmentId: string }> {
	const contracts = (await (await page.request.get('/api/contracts?status=active&pageSize=50')).json()).items as Array<{ id: string; customer: { id: string }; slaLevel: { code: string } | null; coveredUnits: number }>;
	// Only the demo levels: other specs create levels of their own, some without targets for every priority.
	const demoLevels = ['BASE', 'PLUS', 'PREMIUM'];
	for (const c of contracts.filter((x) => x.slaLevel && demoLevels.includes(x.slaLevel.code) && x.coveredUnits > 0)) {
		const units = (await (await page.request.get(`/api/contracts/${c.id}/equipment`)).json()).items as Array<{ equipmentId: string; activeToday: boolean }>;
		const unit = units.find((u) => u.activeToday);
		if (!unit) continue;
		const detail = await (await page.request.get(`/api/equipment/${unit.equipmentId}`)).json();
		return { customerId: c.customer.id, siteId: detail.siteId, equipmentId: unit.equipmentId };
	}
	throw new Error('no covered unit in the seed');
}

export async function createCall(page: Page, extra: Record<string, unknown> = {}): Promise<CreatedCall> {
	const { customerId, siteId } = extra.equipmentId ? { customerId: extra.customerId as string, siteId: extra.siteId as string } : await aSite(page);
	const res = await page.request.post('/api/calls', {
		data: { customerId, siteId, priority: 'high', type: 'breakdown', description: 'Guasto di prova mappa e2e', estimatedMinutes: 60, ...extra }
	});
	expect(res.status(), await res.text()).toBe(201);
	const { id } = (await res.json()) as { id: string };
	const detail = await (await page.request.get(`/api/calls/${id}`)).json();
	const sla = (detail.sla ?? {}) as { responseDue?: string | null; onsiteDue?: string | null; resolutionDue?: string | null };
	return { id, number: detail.number, acknowledgeDue: sla.responseDue ?? null, onsiteDue: sla.onsiteDue ?? null, resolutionDue: sla.resolutionDue ?? null };
}

/** The map's text list entry of a call (the accessible twin of its symbol). */
export const callEntry = (page: Page, number: string) => page.locator(`[data-testid="map-call-list"] [data-call="${number}"]`);

export async function openMap(page: Page) {
	await page.goto('/map');
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('live-map')).toHaveAttribute('data-live', 'live', { timeout: 20_000 });
}

/** Creates a wall screen through the admin page and returns its URL (shown once). */
export async function createWallScreen(admin: Page, name: string, rotation?: { areas: number; seconds: number }): Promise<string> {
	await admin.goto('/admin/wall-screens');
	await admin.locator('body[data-hydrated]').waitFor();
	await admin.locator('#wall-name').fill(name);
	if (rotation) {
		const values = await admin.locator('#wall-areas option').evaluateAll((options, n) => options.slice(0, n).map((o) => (o as HTMLOptionElement).value), rotation.areas);
		expect(values.length, 'the seed has areas to rotate between').toBe(rotation.areas);
		await admin.locator('#wall-areas').selectOption(values);
		await admin.locator('#wall-rotate').fill(String(rotation.seconds));
	}
	await admin.getByRole('button', { name: 'Crea schermo' }).click();
	const url = await admin.getByTestId('wall-url').inputValue();
	expect(url).toMatch(/\/wall\/[a-z2-7]{32}$/);
	return new URL(url).pathname;
}

export function romeDay(offsetDays = 0): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

/** Opens a wall screen in a TV-sized context of its own and waits for it to be live. */
export async function openWall(browser: Browser, path: string, clock?: Date): Promise<{ context: BrowserContext; wall: Page }> {
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const wall = await context.newPage();
	if (clock) await wall.clock.install({ time: clock });
	await wall.goto(path);
	await wall.locator('body[data-hydrated]').waitFor();
	// A loaded CI machine has twice taken over 10 s to connect a wall; the reason of a failed
	// attempt, if any, is on the element and goes into the failure message.
	const map = wall.getByTestId('live-map');
	try {
		await expect(map).toHaveAttribute('data-live', 'live', { timeout: 20_000 });
	} catch (error) {
		throw new Error(`the wall did not connect; last connection error: ${await map.getAttribute('data-live-error')}`, { cause: error });
	}
	return { context, wall };
}
