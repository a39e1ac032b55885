import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, logIn } from './support/login';
import { LANGUAGE_TEST_USER } from './support/users';

test('a dispatcher logs in in Italian with the keyboard, sees the shell, switches to English and logs out', async ({ page }) => {
	await page.goto('/board');
	await expect(page).toHaveURL(/\/login\?next=%2Fboard/);
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByRole('heading', { name: 'Accedi a Quadro' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'it');
	await expect(page.getByTestId('demo-hint')).toContainText('quadro-demo');

	await page.getByLabel('Email').focus();
	await page.keyboard.type(LANGUAGE_TEST_USER);
	await page.keyboard.press('Tab');
	await page.keyboard.type(DEMO_PASSWORD);
	await page.keyboard.press('Enter');

	await expect(page).toHaveURL(/\/board$/);
	const nav = page.getByRole('navigation', { name: 'Navigazione principale' });
	for (const label of ['Pianificazione', 'Chiamate', 'Mappa', 'Agenda', 'Clienti', 'Apparecchiature', 'Contratti']) {
		await expect(nav.getByRole('link', { name: label })).toBeVisible();
	}
	await expect(nav.getByRole('link', { name: 'Utenti' })).toHaveCount(0);
	await expect(page.getByTestId('current-user')).toContainText('Lingua Prova');
	await expect(page.getByRole('heading', { name: /Quadro di smistamento/ })).toBeVisible();

	await page.getByRole('button', { name: /Lingua: English/ }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	const navEn = page.getByRole('navigation', { name: 'Main navigation' });
	await expect(navEn.getByRole('link', { name: 'Board' })).toBeVisible();
	await expect(page.getByRole('heading', { name: /Dispatch board/ })).toBeVisible();

	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await page.goto('/board');
	await expect(page).toHaveURL(/\/login/);
});

test('a wrong password shows a clear message and no hint whether the email exists', async ({ page }) => {
	await page.goto('/login');
	await page.locator('body[data-hydrated]').waitFor();
	await page.getByLabel('Email').fill('dispatcher@quadro.test');
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page.getByTestId('login-error')).toHaveText('Email o password non corretti.');
	await page.getByLabel('Email').fill('nobody@quadro.test');
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Accedi' }).click();
	await expect(page.getByTestId('login-error')).toHaveText('Email o password non corretti.');
});

test('a technician cannot open the admin page', async ({ page }) => {
	await logIn(page, 'tecnico01@quadro.test');
	await expect(page).toHaveURL(/\/t$/);
	const response = await page.goto('/admin/users');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Accesso negato' })).toBeVisible();
	await expect(page.getByText('Mario')).toHaveCount(0);
});

const landings: Array<[string, RegExp, string]> = [
	['admin@quadro.test', /\/board$/, 'Utenti'],
	['dispatcher2@quadro.test', /\/board$/, 'Pianificazione'],
	['supervisor@quadro.test', /\/map$/, 'Report'],
	['tecnico25@quadro.test', /\/t$/, 'La mia giornata']
];
for (const [email, home, navLabel] of landings) {
	test(`demo login ${email} lands on its home`, async ({ page }) => {
		await logIn(page, email);
		await expect(page).toHaveURL(home);
		await expect(page.getByRole('navigation').getByRole('link', { name: navLabel })).toBeVisible();
	});
}
