import { expect, test } from '@playwright/test';
import { partitaIvaCheckDigit } from '../../src/lib/domain/italian-tax-ids';
import { logIn } from './support/login';

/** A valid P.IVA no demo customer has (the demo's office codes are province numbers, never 999). */
function uniqueVat(): string {
	const first10 = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0') + '999';
	return first10 + partitaIvaCheckDigit(first10);
}

test('a dispatcher creates a customer, places its site on the map by typing the comune, and finds it again', async ({ page }) => {
	const token = 'Q' + Math.random().toString(36).slice(2, 7).toUpperCase();
	const name = `Officine ${token} Srl`;
	const vat = uniqueVat();
	await logIn(page, 'dispatcher@quadro.test');

	await page.goto('/customers');
	await expect(page.getByRole('heading', { name: /Clienti/ })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Nuovo cliente' })).toHaveAttribute('href', '/customers/new');
	// A full load, then typing only once the page is interactive: hydration must not reset what was typed.
	await page.goto('/customers/new');
	await page.locator('body[data-hydrated]').waitFor();

	// A wrong check digit is refused next to the field, in Italian.
	await page.getByLabel('Ragione sociale').fill(name);
	await expect(page.getByLabel('Ragione sociale')).toHaveValue(name);
	await page.getByLabel('Partita IVA').fill(vat.slice(0, 10) + String((Number(vat[10]) + 1) % 10));
	await page.getByLabel('Indirizzo di fatturazione').fill('Via Borgo Palazzo 12');
	await page.getByRole('button', { name: 'Crea cliente' }).click();
	await expect(page.getByTestId('form-error')).toHaveText(/Partita IVA non valida/);

	await page.getByLabel('Partita IVA').fill(vat);
	await page.getByLabel('Codice destinatario SDI').fill('M5UXCR1');
	const billingComune = page.getByRole('combobox', { name: 'Comune' });
	await billingComune.fill('bergam');
	await expect(page.getByRole('option', { name: /^Bergamo \(BG\)/ })).toBeVisible();
	await billingComune.press('Enter');
	await expect(billingComune).toHaveValue('Bergamo (BG)');
	await page.getByRole('button', { name: 'Crea cliente' }).click();

	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('Cliente creato');
	await expect(page.locator('dd').filter({ hasText: '24121 Bergamo (BG)' })).toBeVisible();

	// A site, with the comune chosen by typing and the keyboard only.
	await page.getByRole('link', { name: 'Nuova sede' }).click();
	await page.getByLabel('Nome della sede').fill('Magazzino Seriate');
	await page.getByLabel('Indirizzo', { exact: true }).fill('Via Italia 5');
	const comune = page.getByRole('combobox', { name: 'Comune' });
	await comune.pressSequentially('seria', { delay: 40 });
	await expect(comune).toHaveAttribute('aria-expanded', 'true');
	const option = page.getByRole('option', { name: /^Seriate \(BG\)/ });
	await expect(option).toHaveAttribute('aria-selected', 'true');
	await comune.press('Enter');
	await expect(comune).toHaveValue('Seriate (BG)');
	await expect(comune).toHaveAttribute('aria-expanded', 'false');

	// The site is placed at the comune, on the map; then dragged to the door.
	const map = page.getByTestId('site-map');
	await expect(map).toHaveAttribute('data-ready', 'true');
	await expect(map).toHaveAttribute('data-regions', '20');
	await expect(page.getByLabel('Latitudine')).toHaveValue('45.6853');
	await expect(page.getByLabel('Longitudine')).toHaveValue('9.7249');
	await expect(map.getByText('© ISTAT, openpolis (CC BY 4.0)')).toBeVisible();
	await page.waitForTimeout(400); // the view's short pan to the marker
	const box = (await map.boundingBox())!;
	const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
	await page.mouse.move(centre.x, centre.y);
	await page.mouse.down();
	await page.mouse.move(centre.x + 30, centre.y - 20, { steps: 5 });
	await page.mouse.up();
	await expect(page.getByLabel('Latitudine')).not.toHaveValue('45.6853');
	const lat = Number(await page.getByLabel('Latitudine').inputValue());
	const lng = Number(await page.getByLabel('Longitudine').inputValue());
	expect(lat).toBeGreaterThan(45.6853);
	expect(lng).toBeGreaterThan(9.7249);
	await expect(map).toHaveAttribute('data-lat', String(lat));

	// Keyboard users type the coordinates instead.
	await page.getByLabel('Latitudine').fill('45,6861');
	await expect(map).toHaveAttribute('data-lat', '45.6861');
	await page.getByLabel('Orari di apertura').fill('lun-ven 8:00-17:00');
	await page.getByRole('button', { name: 'Crea sede' }).click();

	await expect(page.getByRole('status')).toContainText('Sede creata');
	const row = page.getByTestId('site-row').filter({ hasText: 'Magazzino Seriate' });
	await expect(row).toContainText('Seriate (BG)');
	const sitesMap = page.getByTestId('sites-map');
	await expect(sitesMap).toHaveAttribute('data-ready', 'true');
	await expect(sitesMap).toHaveAttribute('data-markers', '1');

	await row.getByRole('link', { name: 'Magazzino Seriate' }).click();
	await expect(page.getByText(`45.686100, ${lng.toFixed(6)}`)).toBeVisible();
	await expect(page.getByText('lun-ven 8:00-17:00')).toBeVisible();

	// Found again by name and by P.IVA, with server-side search.
	await page.goto('/customers');
	await page.getByLabel('Cerca per ragione sociale, partita IVA, codice o città').fill(token.toLowerCase());
	await page.getByRole('button', { name: 'Cerca' }).click();
	await expect(page).toHaveURL(new RegExp(`q=${token.toLowerCase()}`));
	await expect(page.getByTestId('customer-row')).toHaveCount(1);
	await expect(page.getByTestId('customer-row')).toContainText(vat);

	await page.getByLabel('Cerca per ragione sociale, partita IVA, codice o città').fill(vat);
	await page.getByLabel('Provincia').selectOption('BG');
	await page.getByRole('button', { name: 'Cerca' }).click();
	await expect(page.getByTestId('customer-row')).toHaveCount(1);
	await page.getByRole('link', { name }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});
