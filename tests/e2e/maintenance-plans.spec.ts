import { expect, test } from '@playwright/test';
import { logIn } from './support/login';

/** The first Tuesday at least 20 days ahead (YYYY-MM-DD): a working day no other test plans on. */
function dueDay(): string {
	const d = new Date(Date.now() + 20 * 86_400_000);
	while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

function romeLongDate(iso: string): string {
	return new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
}

test('a dispatcher adds an interval plan, generates its call ahead of the due day: it is given to a technician on that day\'s board', async ({ page }) => {
	await logIn(page, 'dispatcher@quadro.test');
	const units = await page.request.get('/api/equipment?status=active&pageSize=1');
	expect(units.status()).toBe(200);
	const unitId = (await units.json()).items[0].id as string;

	await page.goto(`/equipment/${unitId}`);
	await page.locator('body[data-hydrated]').waitFor();
	const section = page.getByTestId('maintenance-section');
	await expect(section.getByRole('heading', { name: 'Manutenzione programmata' })).toBeVisible();
	await section.getByRole('button', { name: 'Aggiungi piano' }).click();
	await section.getByLabel("Descrizione dell'attività").fill('Sostituzione kit fusore E2E');
	await section.getByLabel('Ogni quanti mesi').fill('6');
	await section.getByLabel('Giorni di anticipo').fill('30');
	// No first due date: the error sits next to the field.
	await section.getByRole('button', { name: 'Salva' }).click();
	await expect(section.getByText('Indica una data valida.')).toBeVisible();
	await expect(section.getByLabel('Prima scadenza')).toHaveAttribute('aria-invalid', 'true');

	const due = dueDay();
	await section.getByLabel('Prima scadenza').fill(due);
	await section.getByRole('button', { name: 'Salva' }).click();
	await expect(section.getByText('Piano salvato.')).toBeVisible();
	const plan = section.getByTestId('maintenance-plan').filter({ hasText: 'Sostituzione kit fusore E2E' });
	await expect(plan).toContainText(`Ogni 6 mesi, prossima scadenza ${romeLongDate(due)}`);

	await section.getByRole('button', { name: 'Genera ora le chiamate dovute di questo apparecchio' }).click();
	const result = section.getByTestId('generate-result');
	await expect(result).toContainText('Chiamate generate:');
	const link = result.getByRole('link', { name: /^\d{4}\/\d{6}$/ });
	await expect(link).toHaveCount(1);
	const number = (await link.textContent())!.trim();
	// Given at once to a technician free on the due day (B34), said in Italian formats.
	const [y, mo, d] = due.split('-');
	await expect(result.getByTestId('generated-call')).toContainText(new RegExp(`assegnata a .+, ${d}/${mo}/${y.slice(2)}, \\d{2}:\\d{2}`));
	const callId = (await link.getAttribute('href'))!.split('/').pop()!;
	const board = await page.context().newPage();
	await board.goto(`/board?date=${due}`);
	await expect(board.locator(`[data-testid="assignment"][data-call-id="${callId}"]`)).toBeVisible();
	await board.close();
	await link.click();
	await expect(page).toHaveURL(/\/calls\/[0-9a-f-]{36}$/);
	await expect(page.getByText(number).first()).toBeVisible();
	await expect(page.getByText('Manutenzione programmata').first()).toBeVisible();

	// Back on the unit, the plan names its open call and the next due date moved on.
	await page.goto(`/equipment/${unitId}`);
	await expect(page.getByTestId('maintenance-plan').filter({ hasText: 'Sostituzione kit fusore E2E' })).toContainText(`Ultima chiamata: ${number} (aperta)`);
});

test('a technician cannot open the maintenance plans API', async ({ page }) => {
	await logIn(page, 'dispatcher@quadro.test');
	const units = await page.request.get('/api/equipment?pageSize=1');
	const unitId = (await units.json()).items[0].id as string;
	await page.context().clearCookies();
	await logIn(page, 'tecnico01@quadro.test');
	const res = await page.request.get(`/api/equipment/${unitId}/maintenance-plans`);
	expect(res.status()).toBe(403);
	const generate = await page.request.post('/api/maintenance/generate', { data: {} });
	expect(generate.status()).toBe(403);
});
