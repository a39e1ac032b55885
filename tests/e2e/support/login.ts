import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'quadro-demo';

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.locator('body[data-hydrated]').waitFor();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: /^(Accedi|Log in)$/ }).click();
	await expect(page).not.toHaveURL(/\/login/);
}
