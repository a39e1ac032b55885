import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import postgres from 'postgres';
import { logIn } from './support/login';
import { pageAs } from './support/map-helpers';

/**
 * Contract invoicing in the browser. Other specs run at the same time on the same database, so
 * every test bills contracts of its own (made through the API) and finds its drafts by the ids
 * the server gives back, never by position in the list.
 */

const databaseUrl = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro_test_e2e';
const BACK_OFFICE = 'amministrazione@quadro.test';

/** A Rome calendar day `offset` days from today (YYYY-MM-DD). */
function romeDay(offset = 0): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offset * 86_400_000));
}

const italian = (iso: string) => iso.split('-').reverse().join('/');

let buyerId: string | null = null;
/**
 * A demo customer that can receive an electronic invoice (partita IVA, SDI code, full address),
 * read straight from the e2e database: customers are another screen's business. From the end
 * of the list, where other specs do not edit.
 */
async function invoiceableCustomer(): Promise<string> {
	if (buyerId) return buyerId;
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	try {
		const [row] = await sql<{ id: string }[]>`
			select id from customers
			where active and vat_number is not null and sdi_code is not null and sdi_code <> '0000000'
				and address <> '' and cap is not null and comune_name is not null and province is not null
			order by code desc limit 1`;
		return (buyerId = row.id);
	} finally {
		await sql.end();
	}
}

/** An active monthly contract billed in advance from the 1st of this month: one fee of 1.234,50 € is due today. */
async function activeContract(page: Page): Promise<{ id: string; number: string }> {
	const customerId = await invoiceableCustomer();
	const levels = await (await page.request.get('/api/sla-levels')).json();
	const slaLevelId = ((levels.items ?? levels) as Array<{ id: string }>)[0].id;
	const created = await page.request.post('/api/contracts', {
		data: { customerId, slaLevelId, periodicity: 'monthly', billingTiming: 'advance', feePerPeriodCents: 123_450, startsOn: `${romeDay().slice(0, 8)}01`, termMonths: 12 }
	});
	expect(created.status(), await created.text()).toBe(201);
	const contract = (await created.json()) as { id: string; number: string };
	const activated = await page.request.post(`/api/contracts/${contract.id}/activate`, { data: {} });
	expect(activated.status(), await activated.text()).toBe(200);
	return contract;
}

/** Prepares the drafts of one contract through the API; the answer names them. */
async function draftOf(page: Page, contractId: string): Promise<string> {
	const res = await page.request.post('/api/invoices/prepare', { data: { contractId } });
	expect(res.status(), await res.text()).toBe(200);
	const { invoices } = (await res.json()) as { invoices: Array<{ id: string; contractId: string }> };
	expect(invoices).toHaveLength(1);
	return invoices[0].id;
}

test('the back office prepares today\'s invoices, checks a draft in Italian formats, issues it and downloads its FatturaPA file', async ({ page }) => {
	test.setTimeout(90_000);
	await logIn(page, BACK_OFFICE);
	await expect(page).toHaveURL(/\/billing$/);
	await expect(page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Fatturazione' })).toBeVisible();
	const contract = await activeContract(page);

	// Prepare everything due today from the page: the date defaults to today.
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByLabel('Fatture dovute al')).toHaveValue(romeDay());
	// Held back a moment, so the running state can be seen whatever the speed of the machine.
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route((url) => url.pathname === '/billing' && url.search.startsWith('?/prepare'), async (route) => {
		await held;
		await route.continue();
	});
	await page.getByRole('button', { name: 'Prepara fatture' }).click();
	await expect(page.getByRole('button', { name: 'Preparazione in corso…' })).toBeDisabled();
	release();
	await expect(page.getByTestId('prepare-result')).toContainText(/\d+ bozz[ae] preparat[ae]\./, { timeout: 60_000 });
	await expect(page.getByRole('button', { name: 'Prepara fatture' })).toBeEnabled();

	// This contract's draft, found through the list's contract filter.
	await page.goto(`/billing?contractId=${contract.id}&status=draft`);
	const row = page.getByTestId('invoice-row');
	await expect(row).toHaveCount(1);
	await expect(row).toContainText(contract.number);
	await expect(row).toContainText(/1\.?234,50\s€/);
	await row.getByRole('link', { name: 'Bozza' }).click();
	await expect(page).toHaveURL(/\/billing\/[0-9a-f-]{36}$/);
	const invoiceUrl = page.url();

	await expect(page.getByTestId('invoice-title')).toContainText('Bozza di fattura');
	await expect(page.getByTestId('contract-link')).toHaveText(contract.number);
	await expect(page.getByTestId('problems')).toHaveCount(0);
	const line = page.getByTestId('invoice-line');
	await expect(line).toHaveCount(1);
	await expect(line).toContainText(`Canone mensile contratto ${contract.number}`);
	await expect(line).toContainText(/1\.?234,50\s€/);
	await expect(page.getByTestId('taxable')).toHaveText(/^1\.?234,50\s€$/);
	await expect(page.getByTestId('vat-row')).toContainText(/IVA 22% su 1\.?234,50\s€\s*271,59\s€/);
	await expect(page.getByTestId('total')).toHaveText(/^1\.?506,09\s€$/);

	// Issue it today, after the confirming step.
	await page.locator('body[data-hydrated]').waitFor();
	await page.getByText('Emetti fattura', { exact: true }).click();
	await expect(page.getByLabel('Data di emissione')).toHaveValue(romeDay());
	await page.getByRole('button', { name: 'Conferma ed emetti' }).click();
	await expect(page.getByTestId('issued')).toContainText(/Fattura emessa con numero \d{4}\/\d{6}\./);
	const number = (await page.getByTestId('issued').textContent())!.match(/\d{4}\/\d{6}/)![0];
	await expect(page.getByTestId('invoice-title')).toHaveText(`Fattura ${number} del ${italian(romeDay())}`);
	await expect(page.getByRole('button', { name: 'Conferma ed emetti' })).toHaveCount(0);
	expect(page.url()).toBe(invoiceUrl);

	// The FatturaPA file comes down as an attachment, in the private-parties format, with the number.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Scarica FatturaPA (XML)' }).click()]);
	expect(download.suggestedFilename()).toMatch(/^IT\d{11}_\w{5}\.xml$/);
	const xml = await readFile((await download.path())!, 'utf8');
	expect(xml).toContain('<FormatoTrasmissione>FPR12</FormatoTrasmissione>');
	expect(xml).toContain(number);

	// Back on the list it is an issued invoice with its number.
	await page.goto(`/billing?contractId=${contract.id}&status=issued`);
	await expect(page.getByTestId('invoice-row')).toHaveCount(1);
	await expect(page.getByTestId('invoice-row').getByRole('link', { name: number })).toBeVisible();

	// The contract's page leads to its invoices.
	await page.goto(`/contracts/${contract.id}`);
	await page.getByRole('link', { name: 'Fatture del contratto' }).click();
	await expect(page).toHaveURL(new RegExp(`/billing\\?contractId=${contract.id}$`));
	await expect(page.getByTestId('invoice-row').getByRole('link', { name: number })).toBeVisible();
});

test('issuing with a date before the last issued invoice is refused next to the date, in Italian; the draft can then be deleted', async ({ browser }) => {
	// Last year's last day: always in the past and always with an earlier day in its year
	// (today's would have none on 1 January).
	const year = Number(romeDay().slice(0, 4)) - 1;
	const lastDay = `${year}-12-31`;
	const dayBefore = `${year}-12-30`;
	const page = await pageAs(browser, BACK_OFFICE);
	const first = await draftOf(page, (await activeContract(page)).id);
	const second = await draftOf(page, (await activeContract(page)).id);
	const issued = await page.request.post(`/api/invoices/${first}/issue`, { data: { issueDate: lastDay } });
	expect(issued.status(), await issued.text()).toBe(200);

	await page.goto(`/billing/${second}`);
	await page.locator('body[data-hydrated]').waitFor();
	await page.getByText('Emetti fattura', { exact: true }).click();
	const date = page.getByLabel('Data di emissione');
	await date.fill(dayBefore);
	await page.getByRole('button', { name: 'Conferma ed emetti' }).click();
	const error = page.getByTestId('issue-date-error');
	await expect(error).toHaveText(`La data non può precedere il ${italian(lastDay)}, data dell'ultima fattura emessa nel ${year}.`);
	await expect(date).toHaveAttribute('aria-invalid', 'true');
	await expect(date).toHaveAttribute('aria-describedby', /issue-date-error/);
	await expect(date).toHaveValue(dayBefore);
	await expect(page.getByTestId('invoice-title')).toContainText('Bozza di fattura');

	// Deleting the draft asks first, then goes back to the list.
	await page.getByText('Elimina bozza', { exact: true }).click();
	await page.getByRole('button', { name: 'Sì, elimina la bozza' }).click();
	await expect(page).toHaveURL(/\/billing\?deleted=1$/);
	await expect(page.getByRole('status')).toContainText('Bozza eliminata');
	expect((await page.request.get(`/api/invoices/${second}`)).status()).toBe(404);
	await page.context().close();
});

test('an admin saving the company details with a bad partita IVA sees the error next to the field and keeps what was typed', async ({ browser }) => {
	const page = await pageAs(browser, 'admin@quadro.test');
	await page.goto('/settings');
	await page.getByRole('link', { name: "Dati dell'azienda" }).click();
	await expect(page).toHaveURL(/\/settings\/company$/);
	await page.locator('body[data-hydrated]').waitFor();
	const vat = page.getByLabel('Partita IVA');
	const phone = page.getByLabel('Telefono');
	const saved = { vat: await vat.inputValue(), phone: await phone.inputValue() };
	await expect(page.getByLabel('Regime fiscale')).toHaveValue('RF01');
	await expect(page.getByLabel('Regime fiscale').locator('option', { hasText: 'RF19 Regime forfettario' })).toHaveCount(1);

	await vat.fill('12345678901');
	await phone.fill('02 1111111');
	await page.getByRole('button', { name: "Salva dati dell'azienda" }).click();
	const error = page.locator('#vatNumber-error');
	await expect(error).toHaveText("Partita IVA non valida: servono 11 cifre e l'ultima è una cifra di controllo.");
	await expect(vat).toHaveAttribute('aria-invalid', 'true');
	await expect(vat).toHaveAttribute('aria-describedby', 'vatNumber-error');
	await expect(vat).toHaveValue('12345678901');
	await expect(phone).toHaveValue('02 1111111');
	await expect(phone).not.toHaveAttribute('aria-invalid', 'true');
	const stored = await (await page.request.get('/api/company-profile')).json();
	expect(stored.profile.vatNumber).toBe(saved.vat);

	// Put back what was there: it saves (the billing tests running alongside read these details).
	await vat.fill(saved.vat);
	await phone.fill(saved.phone);
	await page.getByRole('button', { name: "Salva dati dell'azienda" }).click();
	await expect(page.getByTestId('company-saved')).toHaveText("Dati dell'azienda salvati.");
	await expect(error).toHaveCount(0);
	await page.context().close();
});

test('a dispatcher has no billing menu and is refused the page and the API; a supervisor reads the list without preparing', async ({ browser }) => {
	const dispatcher = await pageAs(browser, 'dispatcher@quadro.test');
	await dispatcher.goto('/calls');
	await expect(dispatcher.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Chiamate' })).toBeVisible();
	await expect(dispatcher.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Fatturazione' })).toHaveCount(0);
	const refused = await dispatcher.goto('/billing');
	expect(refused?.status()).toBe(403);
	await expect(dispatcher.getByRole('heading', { name: 'Accesso negato' })).toBeVisible();
	expect((await dispatcher.request.get('/api/invoices')).status()).toBe(403);
	expect((await dispatcher.request.post('/api/invoices/prepare', { data: {} })).status()).toBe(403);
	await dispatcher.context().close();

	const supervisor = await pageAs(browser, 'supervisor@quadro.test');
	const shown = await supervisor.goto('/billing');
	expect(shown?.status()).toBe(200);
	await expect(supervisor.getByRole('heading', { name: /^Fatturazione/, level: 1 })).toBeVisible();
	await expect(supervisor.getByText('Sola consultazione')).toBeVisible();
	// Supervisors read invoices (margins): the menu leads there.
	await expect(supervisor.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Fatturazione' })).toBeVisible();
	await expect(supervisor.getByRole('button', { name: 'Prepara fatture' })).toHaveCount(0);
	await expect(supervisor.getByLabel('Fatture dovute al')).toHaveCount(0);
	await expect(supervisor.getByRole('navigation', { name: 'Stato' }).getByRole('link', { name: 'Bozze' })).toBeVisible();
	expect((await supervisor.request.post('/api/invoices/prepare', { data: {} })).status()).toBe(403);
	await supervisor.context().close();
});
