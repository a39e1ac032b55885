import { expect, test } from '@playwright/test';
import { logIn } from './support/login';

test('an admin checks a receivables CSV with a bad row: the row, the column and the problem are listed, nothing is imported', async ({ page }) => {
	await logIn(page, 'admin@quadro.test');
	await page.goto('/receivables');
	await page.locator('body[data-hydrated]').waitFor();
	const csv = ['cliente;numero_documento;data_documento;scadenza;importo', 'NON-ESISTE-42;FT 1/2026;10/01/2026;31/13/2026;100,00'].join('\n');
	await page.getByLabel('File CSV').setInputFiles({ name: 'partite.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await page.getByRole('button', { name: 'Controlla (prova senza salvare)' }).click();
	const problems = page.getByTestId('import-problems');
	await expect(problems).toBeVisible();
	await expect(problems.getByRole('columnheader')).toHaveText(['Riga', 'Colonna', 'Problema']);
	await expect(problems.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('2');
	await expect(page.getByTestId('confirm-import')).toHaveCount(0);
});
