import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, logIn } from './support/login';

const office = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), d <= 5 ? [['08:30', '12:30'], ['14:00', '18:00']] : []]));

/**
 * createCall needs a default SLA level (due times come from it). The demo seed may not have one
 * yet: then the admin makes a calendar and a default level through the API, as in Settings.
 */
async function ensureDefaultSlaLevel(request: APIRequestContext) {
	const login = await request.post('/api/auth/login', { data: { email: 'admin@quadro.test', password: DEMO_PASSWORD } });
	expect(login.status()).toBe(200);
	const levels = await request.get('/api/sla-levels?pageSize=200');
	expect(levels.status()).toBe(200);
	const { items } = (await levels.json()) as { items: Array<{ isDefault: boolean }> };
	if (items.some((l) => l.isDefault)) return;
	const stamp = Date.now().toString(36).toUpperCase();
	const calendar = await request.post('/api/calendars', { data: { name: `Ufficio chiamate e2e ${stamp}`, weeklyHours: office, cutoffTime: '17:00' } });
	expect(calendar.status()).toBe(201);
	const { id: calendarId } = (await calendar.json()) as { id: string };
	const h = (n: number) => n * 60;
	const level = await request.post('/api/sla-levels', {
		data: {
			code: `CALLS-${stamp}`,
			name: 'Livello base (e2e chiamate)',
			calendarId,
			isDefault: true,
			targets: {
				low: { acknowledgeMinutes: h(8), onsiteMinutes: h(24), resolutionMinutes: h(48) },
				medium: { acknowledgeMinutes: h(4), onsiteMinutes: h(8), resolutionMinutes: h(24) },
				high: { acknowledgeMinutes: h(1), onsiteMinutes: h(4), resolutionMinutes: h(8) }
			}
		}
	});
	expect(level.status(), await level.text()).toBe(201);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a dispatcher opens a call from one search box, finds it in the list, takes charge and cancels it with a reason', async ({ page, browser, request }) => {
	await ensureDefaultSlaLevel(request);
	await logIn(page, 'dispatcher@quadro.test');

	// A demo customer with sites, and a part of its name the search finds it by.
	const customers = await page.request.get('/api/customers?active=true&pageSize=50');
	expect(customers.status()).toBe(200);
	const demo = ((await customers.json()) as { items: Array<{ id: string; businessName: string; siteCount: number; active: boolean }> }).items.find((c) => c.active && c.siteCount > 0);
	expect(demo, 'the demo seed has customers with sites').toBeTruthy();
	const words = demo!.businessName.split(/\s+/).filter((w) => w.length >= 4).sort((a, b) => b.length - a.length);
	let part = demo!.businessName.slice(0, 10);
	for (const word of words) {
		const found = await page.request.get(`/api/calls/search?${new URLSearchParams({ q: word, kinds: 'customer' })}`);
		if (((await found.json()) as { items: Array<{ id: string }> }).items.some((i) => i.id === demo!.id)) {
			part = word;
			break;
		}
	}

	// Another dispatcher screen on the list of this customer's new calls: it must update by itself.
	const other = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'it-IT', timezoneId: 'Europe/Rome' });
	const watcher = await other.newPage();
	await logIn(watcher, 'dispatcher2@quadro.test');
	await watcher.goto(`/calls?customerId=${demo!.id}&status=new`);
	// Shown once the socket is connected.
	await expect(watcher.getByTestId('live')).toHaveText('● Aggiornamento in tempo reale');

	await page.goto('/calls/new');
	await expect(page.getByRole('heading', { level: 1, name: 'Nuova chiamata' })).toBeVisible();
	const search = page.getByRole('combobox', { name: 'Cliente, sede, matricola o città' });
	await search.fill(part.slice(0, -1));
	await search.press(part.slice(-1));
	const listbox = page.getByRole('listbox', { name: 'Cliente, sede, matricola o città' });
	const option = listbox.getByRole('option', { name: new RegExp(`^Cliente\\s*${escapeRe(demo!.businessName)}`) });
	await expect(option).toBeVisible();
	// Keyboard: arrows move the active option, Enter chooses it.
	const options = await listbox.getByRole('option').allTextContents();
	const index = options.findIndex((t) => t.includes(demo!.businessName));
	for (let i = 0; i < index; i++) await search.press('ArrowDown');
	await expect(option).toHaveAttribute('aria-selected', 'true');
	await search.press('Enter');
	await expect(listbox).toBeHidden();
	await expect(page.getByTestId('picked-customer')).toContainText(demo!.businessName);

	// The customer's sites are listed; pick the first.
	const siteChoices = page.getByTestId('site-choices');
	await expect(siteChoices.getByRole('radio').first()).toBeVisible();
	await siteChoices.getByRole('radio').first().check();
	await expect(page.getByLabel('Apparecchiatura', { exact: true })).toBeVisible();

	// A missing description is refused next to the field, and nothing else is lost.
	await page.getByRole('radio', { name: 'Alta' }).check();
	await page.getByRole('button', { name: 'Apri chiamata' }).click();
	await expect(page.getByText('Descrivi il problema (almeno 3 caratteri).')).toBeVisible();
	await expect(page.getByLabel('Descrizione del problema')).toHaveAttribute('aria-invalid', 'true');

	await page.getByLabel('Descrizione del problema').fill('Stampante ferma con errore SC542, e2e chiamate');
	await page.getByLabel('Nome del referente').fill('Sig.ra Verdi');
	await page.getByLabel('Telefono del referente').fill('02 1234567');
	await page.getByRole('button', { name: 'Apri chiamata' }).click();

	const created = page.getByTestId('call-created');
	await expect(created).toBeVisible();
	const title = (await created.getByRole('heading').textContent()) ?? '';
	const number = /(\d{4}\/\d{6})/.exec(title)?.[1];
	expect(number, title).toBeTruthy();
	// Due times in Italian format with the weekday: "mer 09/12/2026, 09:30".
	const italian = /^\s*[a-zì]{3} \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}\s*$/;
	await expect(page.getByTestId('created-due-ack')).toHaveText(italian);
	await expect(page.getByTestId('created-due-onsite')).toHaveText(italian);
	await expect(page.getByTestId('created-due-resolution')).toHaveText(italian);
	// The form is ready for the next call.
	await expect(page.getByRole('combobox', { name: 'Cliente, sede, matricola o città' })).toHaveValue('');

	// The other screen shows the new call without reloading (Socket.IO call:changed).
	await expect(watcher.locator(`[data-number="${number}"]`)).toBeVisible();

	// The list: filter by the number, export what is shown.
	await page.goto('/calls');
	// Typed before hydration, the text would be reset by it (seen under CI load: an empty search).
	await page.locator('body[data-hydrated]').waitFor();
	await page.getByLabel('Cerca', { exact: true }).fill(number!);
	await page.getByRole('button', { name: 'Cerca' }).click();
	await expect(page).toHaveURL(new RegExp(`q=${escapeRe(encodeURIComponent(number!))}`));
	const row = page.locator(`[data-number="${number}"]`);
	await expect(row).toBeVisible();
	await expect(row).toContainText(demo!.businessName);
	await expect(row).toContainText('Alta');
	await expect(row).toContainText('Nuova');
	await expect(page.getByTestId('call-row')).toHaveCount(1);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
	const csv = await readFile((await download.path())!, 'utf8');
	expect(csv.charCodeAt(0)).toBe(0xfeff);
	const lines = csv.slice(1).trim().split('\r\n');
	expect(lines).toHaveLength(2);
	expect(lines[0].split(';')[0]).toBe('numero');
	expect(lines[1].startsWith(`${number};${demo!.businessName};`)).toBe(true);

	// The detail: take charge, then cancel with a reason.
	// Open the detail from the row's link by address: a click right after a download can be swallowed.
	const href = await row.getByRole('link', { name: number! }).getAttribute('href');
	expect(href).toMatch(/^\/calls\/[0-9a-f-]{36}$/);
	await page.goto(href!);
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByRole('heading', { level: 1, name: `Chiamata ${number}` })).toBeVisible();
	// The contact's number as typed, dialled in international form.
	await expect(page.getByRole('link', { name: '02 1234567' })).toHaveAttribute('href', 'tel:+39021234567');
	await expect(page.getByTestId('acknowledged')).toHaveText('Non ancora presa in carico');
	await page.getByRole('button', { name: 'Prendi in carico' }).click();
	await expect(page.getByTestId('call-notice')).toHaveText('Chiamata presa in carico.');
	await expect(page.getByTestId('acknowledged')).toHaveText(/[a-zì]{3} \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}\s*·\s*\S/);
	await expect(page.getByRole('button', { name: 'Prendi in carico' })).toHaveCount(0);
	// Only the moves the lifecycle allows a dispatcher from "new" are offered.
	await expect(page.getByRole('button', { name: 'Chiudi' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Metti in attesa' })).toBeVisible();

	await page.getByRole('button', { name: 'Annulla chiamata' }).click();
	const dialog = page.getByRole('dialog', { name: 'Annulla chiamata' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Conferma' }).click();
	await expect(dialog.getByText('Indica il motivo.')).toBeVisible();
	await dialog.getByLabel('Motivo').fill('Il cliente ha risolto da solo');
	await dialog.getByRole('button', { name: 'Conferma' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('call-notice')).toHaveText('Stato cambiato in «Annullata».');
	await expect(page.locator('.head [data-status]')).toHaveText('Annullata');

	const history = page.getByTestId('history-row');
	await expect(history).toHaveCount(2);
	await expect(history.nth(0)).toContainText('Nuova');
	await expect(history.nth(1)).toContainText('Annullata');
	await expect(history.nth(1)).toContainText('Il cliente ha risolto da solo');
	await expect(history.nth(1)).toContainText(/\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}/);
	// A cancelled call can only be reopened.
	await expect(page.getByRole('button', { name: 'Annulla chiamata' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Riapri' })).toBeVisible();

	// The other screen's list (new calls only) drops it by itself.
	await expect(watcher.locator(`[data-number="${number}"]`)).toHaveCount(0);
	await other.close();
});
