import { expect, type Browser, type Page } from '@playwright/test';
import { logIn } from './login';

/** A logged-in page of its own context (its own cookies), hydrated. */
export async function pageAs(browser: Browser, email: string, viewport = { width: 1500, height: 950 }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	await logIn(page, email).catch(() => logIn(page, email));
	return page;
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
	await expect(page.getByTestId('live-map')).toHaveAttribute('data-live', 'live');
}

/** Creates a wall screen through the admin page and returns its URL (shown once). */
export async function createWallScreen(admin: Page, name: string): Promise<string> {
	await admin.goto('/admin/wall-screens');
	await admin.locator('body[data-hydrated]').waitFor();
	await admin.locator('#wall-name').fill(name);
	await admin.getByRole('button', { name: 'Crea schermo' }).click();
	const url = await admin.getByTestId('wall-url').inputValue();
	expect(url).toMatch(/\/wall\/[a-z2-7]{32}$/);
	return new URL(url).pathname;
}

export function romeDay(offsetDays = 0): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}
