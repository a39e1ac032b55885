import { expect, test, type Page } from '@playwright/test';
import { card, createCall, dispatcherPage, futureDay, openBoard } from './support/board-helpers';

/** A demo customer with a site whose open items are overdue (the seed marks every seventh), and one without. */
async function unpaidAndPaidCustomers(page: Page) {
	const customers = ((await (await page.request.get('/api/customers?pageSize=40')).json()).items as Array<{ id: string }>).map((c) => c.id);
	const { unpaid } = (await (await page.request.get(`/api/receivables/unpaid?customers=${customers.join(',')}`)).json()) as { unpaid: string[] };
	const withSite = async (id: string) => {
		const res = await (await page.request.get(`/api/customers/${id}/sites`)).json();
		const sites = (Array.isArray(res) ? res : res.items) as Array<{ id: string }>;
		return sites.length ? { customerId: id, siteId: sites[0].id } : null;
	};
	const find = async (ids: string[]) => {
		for (const id of ids) {
			const found = await withSite(id);
			if (found) return found;
		}
		throw new Error('no such customer with a site in the seed');
	};
	return { unpaid: await find(unpaid), paid: await find(customers.filter((id) => !unpaid.includes(id))) };
}

test('the queue marks calls of customers with overdue receivables as "Insoluti", in words', async ({ browser }) => {
	const page = await dispatcherPage(browser, 'dispatcher@quadro.test');
	const { unpaid, paid } = await unpaidAndPaidCustomers(page);
	const late = await createCall(page, { ...unpaid, description: 'Guasto cliente con insoluti' });
	const fine = await createCall(page, { ...paid, description: 'Guasto cliente in regola' });

	await openBoard(page, futureDay(12));
	await expect(card(page, late.id).getByTestId('unpaid-badge')).toHaveText(/Insoluti/);
	await expect(card(page, fine.id)).toBeVisible();
	await expect(card(page, fine.id).getByTestId('unpaid-badge')).toHaveCount(0);
});
