import { expect, test } from '@playwright/test';
import { logIn } from './support/login';

test('an admin creates a calendar and an SLA level, then previews the due times of a call in Milano', async ({ page }) => {
	const stamp = Date.now().toString(36).toUpperCase();
	const calendarName = `Ufficio e2e ${stamp}`;
	const code = `E2E-${stamp}`;

	await logIn(page, 'admin@quadro.test');
	await page.goto('/settings');
	await page.getByRole('link', { name: 'Calendari lavorativi' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Calendari lavorativi' })).toBeVisible();

	// A new calendar starts with office hours Monday to Friday; a broken interval is refused visibly.
	await page.getByText('Nuovo calendario').click();
	await page.getByLabel('Nome', { exact: true }).fill(calendarName);
	await page.getByLabel('Lunedì, fascia 2, fine').fill('13:00');
	await page.getByRole('button', { name: 'Crea calendario' }).click();
	await expect(page.getByTestId('interval-error')).toHaveText("L'inizio della fascia deve precedere la fine.");
	await expect(page.getByLabel('Lunedì, fascia 2, fine')).toHaveAttribute('aria-invalid', 'true');

	await page.getByLabel('Lunedì, fascia 2, fine').fill('18:00');
	await page.getByLabel('Orario limite').fill('17:00');
	await page.getByRole('button', { name: 'Crea calendario' }).click();
	await expect(page).toHaveURL(/\/settings\/calendars\/[0-9a-f-]{36}\?created=1$/);
	await expect(page.getByRole('status')).toHaveText('Calendario creato.');
	await expect(page.getByLabel('Orario limite')).toHaveValue('17:00');

	// The SLA level: targets in hours and minutes; on-site before acknowledgement is refused next to the cell.
	await page.goto('/settings/sla');
	await page.getByText('Nuovo livello').click();
	await page.getByLabel('Codice', { exact: true }).fill(code);
	await page.getByLabel('Nome', { exact: true }).fill('Livello e2e');
	await page.getByLabel('Calendario', { exact: true }).selectOption({ label: calendarName });
	const targets: Array<[string, [string, string, string]]> = [
		['Alta', ['1', '0', '8']],
		['Media', ['2', '8', '16']],
		['Bassa', ['8', '24', '48']]
	];
	for (const [priority, [ack, onsite, resolution]] of targets) {
		await page.getByLabel(`${priority}, Presa in carico: ore`).fill(ack);
		await page.getByLabel(`${priority}, Intervento: ore`).fill(onsite);
		await page.getByLabel(`${priority}, Ripristino: ore`).fill(resolution);
	}
	await page.getByLabel('Alta, Intervento: minuti').fill('30');
	await page.getByRole('button', { name: 'Crea livello' }).click();
	await expect(page.getByTestId('target-error')).toHaveText("L'intervento non può essere prima della presa in carico.");

	await page.getByLabel('Alta, Intervento: ore').fill('4');
	await page.getByLabel('Alta, Intervento: minuti').fill('0');
	await page.getByRole('button', { name: 'Crea livello' }).click();
	await expect(page.getByRole('status')).toHaveText(`Livello ${code} creato.`);
	const card = page.locator(`[data-code="${code}"]`);
	await expect(card).toContainText('Livello e2e');
	await expect(card).toContainText(calendarName);
	await expect(card.getByRole('row', { name: /Alta/ })).toContainText('1 h');
	await expect(card.getByRole('row', { name: /Alta/ })).toContainText('4 h');
	await expect(card.getByRole('row', { name: /Bassa/ })).toContainText('48 h');

	// Sunday 6 December 2026, 17:00 in Milano: Sant'Ambrogio (7th) and the Immacolata (8th) are closed.
	await page.getByLabel('Livello', { exact: true }).selectOption({ label: `${code} — Livello e2e` });
	await page.getByLabel('Priorità', { exact: true }).selectOption('high');
	await page.getByLabel('Apertura della chiamata').fill('2026-12-06T17:00');
	await page.getByLabel('Comune della sede (codice ISTAT)').fill('015146');
	await page.getByRole('button', { name: 'Calcola scadenze' }).click();
	const result = page.getByTestId('preview-result');
	await expect(result).toContainText('Milano');
	await expect(page.getByTestId('due-start')).toHaveText('mer 09/12/2026, 08:30');
	await expect(page.getByTestId('due-ack')).toHaveText('mer 09/12/2026, 09:30');
	await expect(page.getByTestId('due-onsite')).toHaveText('mer 09/12/2026, 12:30');
	await expect(page.getByTestId('due-resolution')).toHaveText('mer 09/12/2026, 18:00');
	await expect(result).toContainText("Sant'Ambrogio");
});
