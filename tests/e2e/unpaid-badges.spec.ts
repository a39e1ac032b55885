import { expect, test, type Browser, type Page } from '@playwright/test';
import { dragCallToLane } from './support/board-helpers';
import { callEntry, createCall, openMap, pageAs, romeDay } from './support/map-helpers';

// "Insoluti": a customer with overdue receivables is flagged, in words, wherever its calls show:
// the calls list and a call's page, the customers list, the board's lane cards and the map.

type Customer = { id: string; code: string; businessName: string; siteId: string };

/** Demo customers with a site, split by the derived flag (the seed gives every seventh overdue items). */
async function customersByFlag(page: Page, count: number) {
	const items = (await (await page.request.get('/api/customers?pageSize=100')).json()).items as Array<{ id: string; code: string; businessName: string }>;
	const { unpaid } = (await (await page.request.get(`/api/receivables/unpaid?customers=${items.map((c) => c.id).join(',')}`)).json()) as { unpaid: string[] };
	const withSite = async (c: { id: string; code: string; businessName: string }): Promise<Customer | null> => {
		const res = await (await page.request.get(`/api/customers/${c.id}/sites`)).json();
		const sites = (Array.isArray(res) ? res : res.items) as Array<{ id: string }>;
		return sites.length ? { ...c, siteId: sites[0].id } : null;
	};
	const pick = async (list: typeof items) => {
		const out: Customer[] = [];
		for (const c of list) {
			const found = await withSite(c);
			if (found) out.push(found);
			if (out.length === count) return out;
		}
		throw new Error('not enough customers with a site in the seed');
	};
	// From the end of the list: other tests take the first ones.
	return {
		unpaid: await pick(items.filter((c) => unpaid.includes(c.id)).reverse()),
		paid: await pick(items.filter((c) => !unpaid.includes(c.id)).reverse())
	};
}

const callFor = (page: Page, c: Customer, description: string) => createCall(page, { customerId: c.id, siteId: c.siteId, priority: 'medium', description });

/** Opens a page and waits for its question about unpaid customers to be answered: after that, a missing badge means "not flagged". */
async function openAndAsk(page: Page, url: string) {
	const answered = page.waitForResponse((r) => r.url().includes('/api/receivables/unpaid'));
	await page.goto(url);
	await page.locator('body[data-hydrated]').waitFor();
	await answered;
}

/**
 * A dispatcher and an admin, and a new call of a paid customer nobody else's test uses (`nth`
 * from the end), with `put` to write that customer's open items under a source of its own.
 */
async function liveSetup(browser: Browser, nth: number, description: string) {
	const admin = await pageAs(browser, 'admin@quadro.test');
	const dispatcher = await pageAs(browser, 'dispatcher@quadro.test');
	const customer = (await customersByFlag(admin, nth)).paid[nth - 1];
	const call = await callFor(admin, customer, description);
	const source = `e2e-live-${nth}-${Date.now()}`;
	const put = (items: unknown[]) => admin.request.put('/api/receivables', { data: { source, items } });
	const overdueItem = (documentNumber: string) => ({ customer: customer.id, documentNumber, documentDate: '2020-01-10', dueDate: '2020-02-10', amountCents: 9_900 });
	return { dispatcher, call, put, overdueItem };
}

test('the calls list, a call\'s page and the customers list say "Insoluti" for customers with overdue receivables', async ({ browser }) => {
	// Six page loads: more than the default budget on a busy machine.
	test.setTimeout(60_000);
	const page = await pageAs(browser, 'dispatcher@quadro.test');
	const { unpaid, paid } = await customersByFlag(page, 1);
	const late = await callFor(page, unpaid[0], 'Guasto cliente con insoluti e2e');
	const fine = await callFor(page, paid[0], 'Guasto cliente in regola e2e');

	for (const [call, flagged] of [
		[late, true],
		[fine, false]
	] as const) {
		await openAndAsk(page, `/calls?q=${encodeURIComponent(call.number)}`);
		const badge = page.locator(`[data-testid="call-row"][data-number="${call.number}"]`).getByTestId('unpaid-badge');
		await expect(page.locator(`[data-testid="call-row"][data-number="${call.number}"]`)).toBeVisible();
		if (flagged) await expect(badge).toHaveText('Insoluti');
		else await expect(badge).toHaveCount(0);

		await openAndAsk(page, `/calls/${call.id}`);
		const customer = page.getByTestId('call-customer');
		await expect(customer).toContainText((flagged ? unpaid : paid)[0].businessName);
		if (flagged) {
			await expect(customer.getByTestId('unpaid-badge')).toHaveText('Insoluti');
			await expect(customer.getByTestId('unpaid-badge')).toHaveAttribute('title', 'Il cliente ha partite scadute non saldate');
		} else await expect(customer.getByTestId('unpaid-badge')).toHaveCount(0);
	}

	for (const [customer, flagged] of [
		[unpaid[0], true],
		[paid[0], false]
	] as const) {
		await openAndAsk(page, `/customers?q=${encodeURIComponent(customer.code)}`);
		const row = page.locator('[data-testid="customer-row"]', { hasText: customer.code });
		await expect(row).toBeVisible();
		if (flagged) await expect(row.getByTestId('unpaid-badge')).toHaveText('Insoluti');
		else await expect(row.getByTestId('unpaid-badge')).toHaveCount(0);
	}
});

test('the board\'s lane cards say "Insoluti" for customers with overdue receivables, to a screen reader too', async ({ browser }) => {
	const page = await pageAs(browser, 'dispatcher@quadro.test', { width: 1600, height: 1000 });
	const { unpaid, paid } = await customersByFlag(page, 1);
	const late = await callFor(page, unpaid[0], 'Guasto in corsia con insoluti e2e');
	const fine = await callFor(page, paid[0], 'Guasto in corsia in regola e2e');

	const day = romeDay(14);
	await page.goto(`/board?date=${day}`);
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('connection-status')).toHaveText('in linea');
	const track = page.locator('[data-testid="lane"]').last().locator('.track');
	for (const [call, hour] of [
		[late, 9],
		[fine, 12]
	] as const) {
		await dragCallToLane(page, call, track, hour * 60);
		await expect(page.locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toBeVisible();
	}
	const lateCard = page.locator(`[data-testid="assignment"][data-call-id="${late.id}"]`);
	await expect(lateCard.getByTestId('unpaid-badge')).toHaveText('Insoluti');
	await expect(lateCard).toHaveAttribute('aria-label', /Il cliente ha partite scadute non saldate/);

	// Opened afresh, every card asks in one request: once the late card shows its badge, the other has its answer too.
	await page.reload();
	await page.locator('body[data-hydrated]').waitFor();
	await expect(lateCard.getByTestId('unpaid-badge')).toHaveText('Insoluti');
	const fineCard = page.locator(`[data-testid="assignment"][data-call-id="${fine.id}"]`);
	await expect(fineCard).toBeVisible();
	await expect(fineCard.getByTestId('unpaid-badge')).toHaveCount(0);
	await expect(fineCard).not.toHaveAttribute('aria-label', /partite scadute/);
});

test('an open map recolours a call as soon as receivables change, without waiting for its resync', async ({ browser }) => {
	const admin = await pageAs(browser, 'admin@quadro.test');
	const supervisor = await pageAs(browser, 'supervisor@quadro.test');
	const { paid } = await customersByFlag(admin, 2);
	// The second paid customer from the end: nobody else's test uses it.
	const customer = paid[1];
	const call = await callFor(admin, customer, 'Guasto per le partite aperte dal vivo');
	const source = `e2e-live-${Date.now()}`;
	await openMap(supervisor);
	const entry = callEntry(supervisor, call.number);
	await expect(entry).toHaveAttribute('data-states', /\bunassigned\b/);
	await expect(entry).not.toHaveAttribute('data-states', /\bunpaid\b/);

	// The accounting integration sends an overdue item for the customer...
	const put = (items: unknown[]) => admin.request.put('/api/receivables', { data: { source, items } });
	try {
		const res = await put([{ customer: customer.id, documentNumber: 'FT E2E/1', documentDate: '2020-01-10', dueDate: '2020-02-10', amountCents: 12_000 }]);
		expect(res.status(), await res.text()).toBe(200);
		await expect(entry).toHaveAttribute('data-states', /\bunpaid\b/, { timeout: 5_000 });
	} finally {
		// ...and then nothing more: the flag goes as quickly.
		expect((await put([])).status()).toBe(200);
	}
	await expect(entry).not.toHaveAttribute('data-states', /\bunpaid\b/, { timeout: 5_000 });
});

test('badges on the board and the calls list turn on and off as receivables change, without a reload', async ({ browser }) => {
	test.setTimeout(60_000);
	const { dispatcher, call, put, overdueItem } = await liveSetup(browser, 3, 'Guasto per i contrassegni dal vivo');
	const list = await dispatcher.context().newPage();
	await openAndAsk(list, `/calls?q=${encodeURIComponent(call.number)}`);
	await expect(list.getByTestId('live')).toBeVisible();
	const listBadge = list.locator(`[data-testid="call-row"][data-number="${call.number}"]`).getByTestId('unpaid-badge');
	await openAndAsk(dispatcher, `/board?date=${romeDay(3)}`);
	await expect(dispatcher.locator('.board-page')).toHaveAttribute('data-announcements', 'connected');
	const queueCard = dispatcher.locator(`[data-testid="queue-card"][data-call-id="${call.id}"]`);
	const queueBadge = queueCard.getByTestId('unpaid-badge');
	await expect(queueCard).toBeVisible();
	await expect(queueBadge).toHaveCount(0);
	await expect(listBadge).toHaveCount(0);

	try {
		const res = await put([overdueItem('FT E2E/2')]);
		expect(res.status(), await res.text()).toBe(200);
		await expect(queueBadge).toHaveText('Insoluti', { timeout: 5_000 });
		await expect(listBadge).toHaveText('Insoluti', { timeout: 5_000 });
	} finally {
		expect((await put([])).status()).toBe(200);
	}
	await expect(queueBadge).toHaveCount(0, { timeout: 5_000 });
	await expect(listBadge).toHaveCount(0, { timeout: 5_000 });
});

test('after a lost connection the calls list asks again: a change missed meanwhile shows, and a failed answer turns nothing off', async ({ browser }) => {
	test.setTimeout(60_000);
	const { dispatcher, call, put, overdueItem } = await liveSetup(browser, 4, 'Guasto per i contrassegni dopo la riconnessione');
	await openAndAsk(dispatcher, `/calls?q=${encodeURIComponent(call.number)}`);
	const live = dispatcher.getByTestId('live');
	await expect(live).toBeVisible();
	const badge = dispatcher.locator(`[data-testid="call-row"][data-number="${call.number}"]`).getByTestId('unpaid-badge');
	await expect(badge).toHaveCount(0);

	try {
		// The list is offline while the accounting integration flags the customer: the announcement is lost.
		await dispatcher.context().setOffline(true);
		await expect(live).toHaveCount(0);
		const res = await put([overdueItem('FT E2E/3')]);
		expect(res.status(), await res.text()).toBe(200);
		await dispatcher.context().setOffline(false);
		await expect(live).toBeVisible({ timeout: 15_000 });
		await expect(badge).toHaveText('Insoluti', { timeout: 5_000 });

		// Another loss, and this time the question after it gets no answer: the badge stays.
		await dispatcher.route('**/api/receivables/unpaid*', (route) => route.abort('failed'));
		const asked = dispatcher.waitForRequest((r) => r.url().includes('/api/receivables/unpaid'));
		await dispatcher.context().setOffline(true);
		await expect(live).toHaveCount(0);
		await dispatcher.context().setOffline(false);
		await expect(live).toBeVisible({ timeout: 15_000 });
		await asked;
		await dispatcher.waitForTimeout(500);
		await expect(badge).toHaveText('Insoluti');
		await dispatcher.unroute('**/api/receivables/unpaid*');
	} finally {
		expect((await put([])).status()).toBe(200);
	}
	await expect(badge).toHaveCount(0, { timeout: 5_000 });
});
