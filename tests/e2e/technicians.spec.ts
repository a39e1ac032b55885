import { expect, test } from '@playwright/test';
import { logIn } from './support/login';

test('an admin edits a technician’s shift and skill; a bad shift is refused next to the field; a technician cannot open the page', async ({ page, browser }) => {
	await logIn(page, 'admin@quadro.test');
	await page.goto('/admin/technicians');
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByRole('heading', { name: /Tecnici/ })).toBeVisible();
	await page.getByRole('row', { name: /T05/ }).getByRole('link').click();
	await expect(page).toHaveURL(/\/admin\/technicians\/[0-9a-f-]{36}$/);
	await page.locator('body[data-hydrated]').waitFor();

	// Monday afternoon ends at 16:00 instead of 17:30; lifts at level 2.
	await page.getByLabel('Lunedì Alle').nth(1).fill('16:00');
	await page.getByLabel('Livello di Ascensori e montacarichi').selectOption('2');
	await page.getByRole('button', { name: 'Salva' }).click();
	await expect(page.getByRole('status')).toHaveText('Tecnico salvato.');

	await page.reload();
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByLabel('Lunedì Alle').nth(1)).toHaveValue('16:00');
	await expect(page.getByLabel('Livello di Ascensori e montacarichi')).toHaveValue('2');

	// A Tuesday segment ending before it starts: the error shows on that row, nothing is saved.
	await page.getByLabel('Martedì Alle').first().fill('07:00');
	await page.getByRole('button', { name: 'Salva' }).click();
	await expect(page.getByTestId('shift-2-0')).toContainText("L'ora di fine deve essere dopo l'inizio.");
	await expect(page.getByLabel('Martedì Alle').first()).toHaveAttribute('aria-invalid', 'true');

	const other = await browser.newContext();
	const tech = await other.newPage();
	await logIn(tech, 'tecnico01@quadro.test');
	const response = await tech.goto('/admin/technicians');
	expect(response?.status()).toBe(403);
	await expect(tech.getByRole('heading', { name: 'Accesso negato' })).toBeVisible();
	await other.close();
});
