import { expect, test } from '@playwright/test';
import { DEMO_LOGINS } from '../../src/lib/server/seed/demo-constants';
import { logIn } from './support/login';

test('an admin creates a dispatcher, who can then log in; a short password is refused visibly', async ({ page, browser }) => {
	await logIn(page, 'admin@quadro.test');
	await page.goto('/admin/users');
	await expect(page.getByRole('heading', { name: /Utenti/ })).toBeVisible();
	// Every demo login plus the language-test user (prepare-database.ts); no test adds users before this one runs.
	await expect(page.getByTestId('user-row')).toHaveCount(DEMO_LOGINS.length + 1);

	const email = `nuovo.${Date.now()}@quadro.test`;
	await page.getByRole('button', { name: 'Nuovo utente' }).click();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Nome').fill('Giulia Nuova');
	await page.getByLabel('Ruolo').selectOption('dispatcher');
	await page.getByLabel('Password iniziale').fill('corta');
	// The browser's own minlength check would stop the form: remove it to see the server's message.
	await page.getByLabel('Password iniziale').evaluate((el) => el.removeAttribute('minlength'));
	await page.getByRole('button', { name: 'Crea utente' }).click();
	await expect(page.getByTestId('form-error')).toHaveText('La password deve avere almeno 10 caratteri.');

	await page.getByLabel('Password iniziale').fill('una-password-lunga');
	await page.getByRole('button', { name: 'Crea utente' }).click();
	await expect(page.getByRole('status')).toHaveText('Utente creato.');
	await expect(page.locator(`[data-email="${email}"]`)).toContainText('Giulia Nuova');

	const other = await browser.newContext();
	const page2 = await other.newPage();
	await logIn(page2, email, 'una-password-lunga');
	await expect(page2).toHaveURL(/\/board$/);

	// Deactivating ends the new user's session at once.
	await page.locator(`[data-email="${email}"]`).getByRole('button', { name: 'Disattiva' }).click();
	await expect(page.locator(`[data-email="${email}"]`)).toContainText('Disattivato');
	await page2.goto('/board');
	await expect(page2).toHaveURL(/\/login/);
	await other.close();
});
