import { expect, test, type Page } from '@playwright/test';
import { logIn } from './support/login';

/** Draws a square of `half` pixels around the map's centre: four clicks, then a click on the first vertex closes it. */
async function drawSquare(page: Page, half = 40) {
	const box = (await page.getByTestId('areas-map').boundingBox())!;
	const cx = box.x + box.width / 2;
	const cy = box.y + box.height / 2;
	const corners: Array<[number, number]> = [
		[cx - half, cy - half],
		[cx + half, cy - half],
		[cx + half, cy + half],
		[cx - half, cy + half],
		[cx - half, cy - half]
	];
	for (const [x, y] of corners) {
		await page.mouse.click(x, y);
		await page.waitForTimeout(350);
	}
}

test('an admin draws a custom area on the map, renames it, sees a bad shape refused, and deletes it', async ({ page }) => {
	const name = `Zona e2e ${Date.now().toString(36)}`;
	await logIn(page, 'admin@quadro.test');
	await page.goto('/settings');
	await page.getByRole('link', { name: 'Aree', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Aree' })).toBeVisible();
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('reference-count')).toHaveText('20 regioni e 107 province caricate dai confini ISTAT.');
	await expect(page.getByTestId('areas-list')).toContainText('Milano entro le tangenziali');
	await expect(page.getByTestId('areas-map')).toHaveAttribute('data-ready', 'true');

	// Draw: the shape lands in the GeoJSON field, the name field gets the focus.
	await page.getByTestId('draw-area').click();
	await expect(page.getByTestId('areas-map')).toHaveAttribute('data-tool', 'draw');
	await drawSquare(page);
	await expect(page.getByTestId('areas-map')).toHaveAttribute('data-tool', 'none');
	const geometry = page.getByLabel('Forma (GeoJSON, coordinate longitudine e latitudine)');
	await expect(geometry).toHaveValue(/"type":"Polygon"/);
	await expect(page.getByLabel("Nome dell'area")).toBeFocused();
	await page.getByLabel("Nome dell'area").fill(name);
	await page.getByTestId('save-area').click();
	await expect(page.getByTestId('area-status')).toContainText('Area creata.');
	await expect(page.getByTestId('areas-list')).toContainText(name);

	// Select it from the list with the keyboard and rename it.
	const select = page.getByRole('button', { name: `Seleziona ${name}` });
	await select.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: `Modifica area: ${name}` })).toBeVisible();
	await page.getByLabel("Nome dell'area").fill(`${name} bis`);
	await page.getByTestId('save-area').click();
	await expect(page.getByTestId('area-status')).toContainText('Area salvata.');
	await expect(page.getByTestId('areas-list')).toContainText(`${name} bis`);

	// A pasted outline that is not closed is refused next to the form, in Italian.
	await geometry.fill('{"type":"Polygon","coordinates":[[[9.1,45.4],[9.2,45.4],[9.2,45.5],[9.1,45.5]]]}');
	await page.getByTestId('save-area').click();
	await expect(page.getByTestId('area-error')).toHaveText("Il contorno non è chiuso: l'ultimo punto deve coincidere con il primo.");
	await expect(geometry).toHaveAttribute('aria-invalid', 'true');

	// Delete, after confirming.
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByTestId('delete-area').click();
	await expect(page.getByTestId('area-status')).toContainText('Area eliminata.');
	await expect(page.getByTestId('areas-list')).not.toContainText(`${name} bis`);
});

test('a dispatcher cannot open the areas admin page', async ({ page }) => {
	await logIn(page, 'dispatcher@quadro.test');
	const response = await page.goto('/admin/areas');
	expect(response?.status()).toBe(403);
});
