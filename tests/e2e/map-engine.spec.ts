import { expect, test, type APIRequest, type APIRequestContext, type Page } from '@playwright/test';
import { partitaIvaCheckDigit } from '../../src/lib/domain/italian-tax-ids';
import { openMap, pageAs } from './support/map-helpers';

// What the map draws, read from the map element: the engine writes its drawn state there
// (data-technicians, data-calls, data-clusters) whenever the features change.

type DrawnTechnician = { id: string; name: string; lng: number; lat: number; status: string; opacity: number; rotation: number | null };
type DrawnCluster = { n: number; worst: string; lng: number; lat: number };

const mapElement = (page: Page) => page.locator('[data-testid="live-map"] [role="application"]');
const drawn = async <T>(page: Page, attribute: string): Promise<T | null> => {
	const value = await mapElement(page).getAttribute(attribute);
	return value ? (JSON.parse(value) as T) : null;
};
const marker = async (page: Page, id: string) => (await drawn<DrawnTechnician[]>(page, 'data-technicians'))?.find((t) => t.id === id) ?? null;

/** The technician's own device, logged in, and the technician's id. */
async function device(requests: APIRequest, baseURL: string, admin: Page) {
	const request = await requests.newContext({ baseURL });
	expect((await request.post('/api/auth/login', { data: { email: 'tecnico15@quadro.test', password: 'quadro-demo' } })).status()).toBe(200);
	const me = await (await request.get('/api/me')).json();
	const techs = (await (await admin.request.get('/api/technicians')).json()) as Array<{ id: string; name: string }>;
	const tech = techs.find((t) => t.name === me.user.name)!;
	expect(tech).toBeTruthy();
	return { request, id: tech.id };
}

async function post(request: APIRequestContext, id: string, p: { lat: number; lng: number; speed: number; heading: number }) {
	const res = await request.post(`/api/technicians/${id}/positions`, { data: { ...p, accuracy: 8, recordedAt: new Date().toISOString() } });
	expect(res.status(), await res.text()).toBe(201);
}

test.describe('technician markers', () => {
	// tecnico15 is this file's own technician: these run one after the other.
	test.describe.configure({ mode: 'serial' });

	test("a technician's drawn marker moves to a posted position, with its heading once it moves", async ({ browser, playwright, baseURL }) => {
		const supervisor = await pageAs(browser, 'supervisor@quadro.test');
		await openMap(supervisor);
		const admin = await pageAs(browser, 'admin@quadro.test');
		const tech = await device(playwright.request, baseURL!, admin);

		await post(tech.request, tech.id, { lat: 45.0703, lng: 7.6869, speed: 0, heading: 90 });
		await expect.poll(() => marker(supervisor, tech.id)).toMatchObject({ lng: 7.6869, lat: 45.0703, opacity: 1, rotation: null });

		// Driving east at 12 m/s: the marker moves and shows where it is heading.
		await post(tech.request, tech.id, { lat: 45.0712, lng: 7.6951, speed: 12, heading: 90 });
		await expect.poll(() => marker(supervisor, tech.id)).toMatchObject({ lng: 7.6951, lat: 45.0712, opacity: 1, rotation: 90 });
		await tech.request.dispose();
	});

	test('a marker whose position is older than the stale period is drawn faded', async ({ browser, playwright, baseURL }) => {
		const supervisor = await pageAs(browser, 'supervisor@quadro.test');
		const { staleMinutes } = (await (await supervisor.request.get('/api/map')).json()) as { staleMinutes: number };
		// The page keeps its own clock: time passes there, nobody posts anything.
		await supervisor.clock.install();
		await openMap(supervisor);
		const admin = await pageAs(browser, 'admin@quadro.test');
		const tech = await device(playwright.request, baseURL!, admin);

		await post(tech.request, tech.id, { lat: 45.0721, lng: 7.7002, speed: 0, heading: 0 });
		await expect.poll(() => marker(supervisor, tech.id)).toMatchObject({ lng: 7.7002, lat: 45.0721, opacity: 1 });
		await supervisor.clock.fastForward((staleMinutes + 1) * 60_000);
		await expect.poll(() => marker(supervisor, tech.id)).toMatchObject({ lng: 7.7002, lat: 45.0721, opacity: 0.35 });
		await tech.request.dispose();
	});
});

test('a cluster is drawn with the count of its calls and the colour of the most urgent', async ({ browser }) => {
	const dispatcher = await pageAs(browser, 'dispatcher@quadro.test');
	// A customer of its own with one site, so the search below shows only this test's calls.
	const token = Math.random().toString(36).slice(2, 8).toUpperCase();
	const first10 = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0') + '999';
	const customer = await dispatcher.request.post('/api/customers', {
		data: { businessName: `Grappolo ${token} Srl`, address: 'Via Croce di Città 1', vatNumber: first10 + partitaIvaCheckDigit(first10), sdiCode: 'M5UXCR1' }
	});
	expect(customer.status(), await customer.text()).toBe(201);
	const customerId = ((await customer.json()) as { id: string }).id;
	const site = await dispatcher.request.post(`/api/customers/${customerId}/sites`, {
		data: { name: `Sede ${token}`, address: 'Via Croce di Città 1', comuneIstat: '007003', location: { lng: 7.3154, lat: 45.7372 } }
	});
	expect(site.status(), await site.text()).toBe(201);
	const siteId = ((await site.json()) as { id: string }).id;
	const ids: string[] = [];
	for (let i = 0; i < 3; i++) {
		const res = await dispatcher.request.post('/api/calls', { data: { customerId, siteId, priority: 'low', type: 'breakdown', description: 'Guasto di prova grappolo e2e', estimatedMinutes: 30 } });
		expect(res.status(), await res.text()).toBe(201);
		ids.push(((await res.json()) as { id: string }).id);
	}
	// Two on hold (in progress, a quiet colour), one still unassigned: the cluster shows the unassigned one.
	for (const id of ids.slice(1)) {
		const res = await dispatcher.request.post(`/api/calls/${id}/status`, { data: { status: 'on_hold', reason: 'Attesa ricambi (e2e)' } });
		expect(res.status(), await res.text()).toBe(200);
	}

	await openMap(dispatcher);
	await dispatcher.getByLabel('Cerca cliente, matricola o numero chiamata').fill(`Grappolo ${token}`);
	await expect.poll(() => drawn(dispatcher, 'data-calls')).toEqual({ unassigned: 1, inProgress: 2 });
	await expect.poll(() => drawn<DrawnCluster[]>(dispatcher, 'data-clusters')).toEqual([{ n: 3, worst: 'unassigned', lng: 7.3154, lat: 45.7372 }]);

	// Zoomed in past the clusters, the same calls are drawn one by one.
	for (let i = 0; i < 5; i++) {
		await dispatcher.locator('.ol-zoom-in').click();
		await dispatcher.waitForTimeout(400); // each click zooms by one in 250 ms
	}
	await expect.poll(() => drawn(dispatcher, 'data-clusters')).toEqual([]);
	await expect.poll(() => drawn(dispatcher, 'data-calls')).toEqual({ unassigned: 1, inProgress: 2 });
});
