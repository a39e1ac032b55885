import { expect, test } from '@playwright/test';
import { logIn } from './support/login';

// The customer's and the site's pages: the details card switches to its edit form (a bad value keeps
// the form open with the message), and contacts are added, edited and deleted on both pages.

test('customer and site cards edit, fail, save; contacts add, edit, delete on both pages', async ({ page }) => {
	// Three page loads and a dozen saves: more than the default budget on a busy machine.
	test.setTimeout(60_000);
	await logIn(page, 'dispatcher@quadro.test');
	const list = (await (await page.request.get('/api/customers?pageSize=20')).json()).items as Array<{ id: string; siteCount: number; vatNumber: string | null }>;
	// From the end of the page: other tests take the first customers.
	const customer = [...list].reverse().find((c) => c.siteCount > 0 && c.vatNumber)!;
	const sites = (await (await page.request.get(`/api/customers/${customer.id}/sites`)).json()).items as Array<{ id: string }>;
	const siteId = sites[0].id;
	const token = 'V' + Math.random().toString(36).slice(2, 7);

	await page.goto(`/customers/${customer.id}`);
	await page.locator('body[data-hydrated]').waitFor();
	const edit = page.getByRole('button', { name: 'Modifica dati' });
	await expect(edit).toHaveAttribute('aria-expanded', 'false');
	await expect(page.locator('#facts-h')).toHaveText('Dati del cliente');
	await expect(page.locator('section[aria-labelledby="facts-h"] dl.facts')).toBeVisible();
	await edit.click();
	await expect(edit).toHaveAttribute('aria-expanded', 'true');
	const form = page.locator('#edit-customer');
	await expect(form).toBeVisible();
	await form.getByRole('button', { name: 'Annulla' }).click();
	await expect(form).toBeHidden();
	await edit.click();
	const vat = form.getByLabel('Partita IVA');
	const original = await vat.inputValue();
	await vat.fill(original.slice(0, 10) + String((Number(original[10]) + 1) % 10));
	await form.getByRole('button', { name: 'Salva modifiche' }).click();
	await expect(page.getByTestId('form-error')).toHaveText(/Partita IVA non valida/);
	await expect(edit).toHaveAttribute('aria-expanded', 'true');
	await vat.fill(original);
	await form.getByRole('button', { name: 'Salva modifiche' }).click();
	await expect(page.getByText('Modifiche salvate.')).toBeVisible();
	await expect(form).toBeHidden();
	await expect(edit).toHaveAttribute('aria-expanded', 'false');
	await expect(page.locator('#sites-h')).toContainText('Sedi');
	await expect(page.locator('#sites-h .badge')).toHaveText(String(customer.siteCount));

	// Contacts on the customer's page.
	await page.getByRole('button', { name: 'Nuovo referente' }).click();
	await page.locator('#new-contact-name').fill(`Cliente ${token}`);
	await page.getByRole('button', { name: 'Aggiungi referente' }).click();
	await expect(page.getByText('Referente salvato.')).toBeVisible();
	const row = page.getByTestId('contact').filter({ hasText: `Cliente ${token}` });
	await expect(row).toBeVisible();
	await row.getByRole('button', { name: 'Modifica' }).click();
	await row.getByLabel('Nome e cognome').fill(`Cliente2 ${token}`);
	await row.getByRole('button', { name: 'Salva' }).click();
	const row2 = page.getByTestId('contact').filter({ hasText: `Cliente2 ${token}` });
	await expect(row2).toBeVisible();
	await row2.getByRole('button', { name: `Elimina il referente Cliente2 ${token}` }).click();
	await expect(page.getByText('Referente eliminato.')).toBeVisible();
	await expect(row2).toHaveCount(0);

	// The site's page.
	await page.goto(`/customers/${customer.id}/sites/${siteId}`);
	await page.locator('body[data-hydrated]').waitFor();
	const siteEdit = page.getByRole('button', { name: 'Modifica sede' });
	await expect(siteEdit).toHaveAttribute('aria-expanded', 'false');
	await siteEdit.click();
	const siteForm = page.locator('#edit-site');
	await siteForm.getByLabel('Note di accesso').fill(`Citofono ${token}`);
	await siteForm.getByRole('button', { name: 'Salva' }).click();
	await expect(page.getByText('Sede salvata.')).toBeVisible();
	await expect(siteForm).toBeHidden();
	await expect(page.locator('section[aria-labelledby="site-h"] .pre').first()).toHaveText(`Citofono ${token}`);

	await page.getByRole('button', { name: 'Nuovo referente' }).click();
	await page.locator(`#new-contact-${siteId}-name`).fill(`Sede ${token}`);
	await page.getByRole('button', { name: 'Aggiungi referente' }).click();
	await expect(page.getByText('Referente salvato.')).toBeVisible();
	const siteRow = page.getByTestId('contact').filter({ hasText: `Sede ${token}` });
	await siteRow.getByRole('button', { name: 'Modifica' }).click();
	await siteRow.getByLabel('Nome e cognome').fill(`Sede2 ${token}`);
	await siteRow.getByRole('button', { name: 'Salva' }).click();
	await expect(page.getByTestId('contact').filter({ hasText: `Sede2 ${token}` })).toBeVisible();
	// The contact stays the site's.
	await page.goto(`/customers/${customer.id}`);
	await page.locator('body[data-hydrated]').waitFor();
	const onCustomer = page.getByTestId('contact').filter({ hasText: `Sede2 ${token}` });
	await expect(onCustomer.locator('.badge')).not.toHaveText('Tutto il cliente');
	await expect(onCustomer.locator('.badge')).toHaveText(/.+/);
	await page.goto(`/customers/${customer.id}/sites/${siteId}`);
	await page.locator('body[data-hydrated]').waitFor();
	const last = page.getByTestId('contact').filter({ hasText: `Sede2 ${token}` });
	await last.getByRole('button', { name: `Elimina il referente Sede2 ${token}` }).click();
	await expect(page.getByText('Referente eliminato.')).toBeVisible();
});
