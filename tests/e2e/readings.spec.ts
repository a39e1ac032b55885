import { expect, test, type APIRequestContext } from '@playwright/test';
import { logIn } from './support/login';

/** A datetime-local value (Rome wall clock) for `ms` since the epoch. */
function romeLocal(ms: number): string {
	const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
	return parts.replace(' ', 'T');
}

function romeDate(ms: number): string {
	return new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(ms));
}

/** A fresh unit with a mono meter at a demo customer's site, made through the JSON API (so its history is empty). */
async function newUnit(api: APIRequestContext): Promise<{ id: string; serial: string }> {
	const sites = await api.get('/api/sites?pageSize=1');
	expect(sites.status()).toBe(200);
	const siteId = (await sites.json()).items[0].id as string;
	const stamp = Date.now().toString(36).toUpperCase();
	const model = await api.post('/api/equipment-models', { data: { brand: 'E2E Letture', model: `MF ${stamp}`, category: 'copier_mono', meterTypes: ['mono'] } });
	expect(model.status(), await model.text()).toBe(201);
	const serial = `E2E${stamp}`;
	const unit = await api.post('/api/equipment', { data: { serialNumber: serial, modelId: (await model.json()).id, siteId } });
	expect(unit.status(), await unit.text()).toBe(201);
	return { id: (await unit.json()).id, serial };
}

test('a dispatcher records two readings and sees the usage; a reading below the previous is refused with a clear message', async ({ page }) => {
	await logIn(page, 'dispatcher@quadro.test');
	const unit = await newUnit(page.request);

	await page.goto(`/equipment/${unit.id}/readings`);
	await expect(page.getByRole('heading', { name: 'Letture contatori' })).toBeVisible();
	const meter = page.getByTestId('meter-mono');
	await expect(meter.getByTestId('last-reading')).toHaveText('Nessuna lettura');

	const monthAgo = Date.now() - 30 * 86_400_000;
	const hourAgo = Date.now() - 3_600_000;
	await meter.getByLabel('Valore').fill('10.000');
	await meter.getByLabel('Data e ora della lettura').fill(romeLocal(monthAgo));
	await meter.getByLabel('Origine').selectOption('customer');
	await meter.getByRole('button', { name: 'Registra lettura' }).click();
	await expect(meter.getByTestId('reading-saved')).toHaveText('Lettura registrata.');
	await expect(meter.getByTestId('reading-row')).toHaveCount(1);

	await meter.getByLabel('Valore').fill('11.500');
	await meter.getByLabel('Data e ora della lettura').fill(romeLocal(hourAgo));
	await meter.getByRole('button', { name: 'Registra lettura' }).click();
	await expect(meter.getByTestId('reading-saved')).toHaveText('Lettura registrata.');

	// Usage: 1500 copies between the two readings, newest first in the history.
	const rows = meter.getByTestId('reading-row');
	await expect(rows).toHaveCount(2);
	await expect(rows.first().getByTestId('reading-usage')).toHaveText('1500');
	await expect(rows.nth(1).getByTestId('reading-usage')).toHaveText('—');
	await expect(meter.getByTestId('last-reading')).toHaveText(`11.500 del ${romeDate(hourAgo)}`);
	await expect(meter.getByTestId('usage-12m')).toContainText(/\d/);
	await expect(meter.getByRole('img', { name: /Consumo mensile/ })).toBeVisible();

	// Lower than the previous: refused, next to the value, naming the previous reading.
	await meter.getByLabel('Valore').fill('11.000');
	await meter.getByLabel('Data e ora della lettura').fill(romeLocal(Date.now()));
	await meter.getByRole('button', { name: 'Registra lettura' }).click();
	await expect(meter.getByTestId('reading-error')).toHaveText(
		`La lettura 11.000 è inferiore alla precedente 11.500 del ${romeDate(hourAgo)}. Se il contatore ha fatto il giro o è stato sostituito, indicalo nel tipo.`
	);
	await expect(meter.getByLabel('Valore')).toHaveAttribute('aria-invalid', 'true');
	await expect(rows).toHaveCount(2);
});
