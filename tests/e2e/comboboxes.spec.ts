import { expect, test } from '@playwright/test';
import { logIn } from './support/login';

// The two type-ahead boxes (comune, and the intake's customer/site/unit search) share one
// combobox: both are worked from the keyboard alone.

test('the comune box: the first match is active, arrows scroll the active option into view, End stays in the text, Escape closes', async ({ page }) => {
	await logIn(page, 'dispatcher@quadro.test');
	await page.goto('/customers/new');
	await page.locator('body[data-hydrated]').waitFor();
	const comune = page.getByRole('combobox', { name: 'Comune' });
	await comune.pressSequentially('san', { delay: 30 });
	const options = page.locator('[role=listbox]:visible [role=option]');
	await expect(options.first()).toHaveAttribute('aria-selected', 'true');
	await comune.press('End');
	await expect(options.first()).toHaveAttribute('aria-selected', 'true');
	for (let i = 0; i < 8; i++) await comune.press('ArrowDown');
	const active = page.locator('[role=option][aria-selected=true]');
	await expect(active).toHaveCount(1);
	await expect(options.nth(8)).toHaveAttribute('aria-selected', 'true');
	await expect(active).toBeInViewport();
	await expect(comune).toHaveAttribute('aria-activedescendant', (await active.getAttribute('id'))!);
	await comune.press('Escape');
	await expect(comune).toHaveAttribute('aria-expanded', 'false');
});

test('the intake search: Home and End move through the matches, Escape closes', async ({ page }) => {
	await logIn(page, 'dispatcher@quadro.test');
	await page.goto('/calls/new');
	await page.locator('body[data-hydrated]').waitFor();
	const search = page.getByRole('combobox', { name: /Cliente, sede/ });
	await search.pressSequentially('ro', { delay: 30 });
	const options = page.locator('[role=listbox]:visible [role=option]');
	await expect(options.first()).toHaveAttribute('aria-selected', 'true');
	const count = await options.count();
	expect(count).toBeGreaterThan(1);
	await search.press('End');
	await expect(options.nth(count - 1)).toHaveAttribute('aria-selected', 'true');
	await search.press('Home');
	await expect(options.first()).toHaveAttribute('aria-selected', 'true');
	await search.press('Escape');
	await expect(search).toHaveAttribute('aria-expanded', 'false');
});
