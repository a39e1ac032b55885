import { expect, test } from '@playwright/test';
import { logIn } from './support/login';

test('a technician on a 360 px phone sees My day and a usable menu', async ({ page }) => {
	await logIn(page, 'tecnico02@quadro.test');
	await expect(page).toHaveURL(/\/t$/);
	await expect(page.getByRole('heading', { name: 'La mia giornata' })).toBeVisible();
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(360);
	await page.getByRole('button', { name: 'Menu' }).click();
	await expect(page.getByRole('navigation').getByRole('link', { name: 'La mia giornata' })).toBeVisible();
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Pianificazione' })).toHaveCount(0);
});
