import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { logIn } from './support/login';

const databaseUrl = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro_test_e2e';

/** A demo customer's active site (customers and sites are another screen's business). */
async function demoSite(): Promise<{ code: string; customer: string; site: string }> {
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	try {
		const [row] = await sql<{ code: string; customer: string; site: string }[]>`
			select c.code, c.business_name as customer, s.name as site
			from customers c join sites s on s.customer_id = c.id
			where c.active and s.active order by c.code desc, s.name limit 1`;
		return row;
	} finally {
		await sql.end();
	}
}

test('a dispatcher registers a unit by serial at a demo customer site, then finds it by typing the serial', async ({ page }) => {
	const target = await demoSite();
	const stamp = Date.now().toString(36).toUpperCase();
	const model = `E2E ${stamp}`;
	const serial = `q-${stamp} 77`;
	await logIn(page, 'dispatcher@quadro.test');

	// A model of our own, with a mono meter.
	await page.goto('/equipment/models');
	await page.getByRole('button', { name: 'Nuovo modello' }).click();
	await page.getByLabel('Marca').fill('Olivetti');
	await page.getByLabel('Modello', { exact: true }).fill(model);
	await page.getByLabel('Categoria').selectOption('copier_mono');
	await page.getByLabel('Copie bianco/nero').check();
	await page.getByRole('button', { name: 'Crea', exact: true }).click();
	await expect(page.getByRole('status')).toHaveText(`Modello Olivetti ${model} creato.`);

	// The unit: site chosen by searching the customer, then model, serial and install date.
	await page.goto('/equipment');
	await page.getByRole('link', { name: 'Nuova apparecchiatura' }).click();
	await page.getByLabel('Cerca cliente o sede').fill(target.code);
	await page.getByRole('button', { name: 'Cerca' }).click();
	await page.getByRole('link', { name: `Scegli ${target.customer} ${target.site}` }).click();
	await expect(page.getByTestId('selected-site')).toContainText(target.customer);
	await page.getByLabel('Modello').selectOption({ label: `Olivetti ${model}` });
	await page.getByLabel('Matricola').fill(serial);
	await page.getByLabel('Data installazione').fill('2025-01-15');
	await page.getByRole('button', { name: 'Crea apparecchiatura' }).click();
	await expect(page).toHaveURL(/\/equipment\/[0-9a-f-]{36}\?created=1$/);
	await expect(page.getByRole('status')).toHaveText('Apparecchiatura creata.');
	await expect(page.getByTestId('unit-serial')).toHaveText(serial);
	await expect(page.getByTestId('timeline')).toContainText('Installazione');
	await expect(page.getByRole('link', { name: 'Letture' }).first()).toHaveAttribute('href', /\/readings$/);
	const unitUrl = page.url().replace(/\?created=1$/, '');

	// The same serial again, typed differently, is refused next to the field.
	await page.goto('/equipment/new?siteQuery=' + encodeURIComponent(target.code));
	await page.getByRole('link', { name: `Scegli ${target.customer} ${target.site}` }).click();
	await page.getByLabel('Modello').selectOption({ label: `Olivetti ${model}` });
	await page.getByLabel('Matricola').fill(`Q${stamp}77`);
	await page.getByRole('button', { name: 'Crea apparecchiatura' }).click();
	await expect(page.getByText('Esiste già un\'apparecchiatura di questa marca con questa matricola.')).toBeVisible();

	// The find box jumps straight to the unit, however the serial is typed.
	await page.goto('/equipment');
	await page.getByLabel('Matricola', { exact: true }).fill(`Q-${stamp.toLowerCase()}-77`);
	await page.getByRole('button', { name: 'Trova' }).click();
	await expect(page).toHaveURL(unitUrl);
	await expect(page.getByTestId('unit-serial')).toHaveText(serial);

	// An unknown serial says so, and stays on the list.
	await page.goto('/equipment');
	await page.getByLabel('Matricola', { exact: true }).fill('NONESISTE-999');
	await page.getByRole('button', { name: 'Trova' }).click();
	await expect(page.getByTestId('find-not-found')).toHaveText('Nessuna apparecchiatura con matricola «NONESISTE-999».');
});
