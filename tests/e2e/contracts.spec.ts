import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { serialKey } from '../../src/lib/domain/serial';
import { uuidv7 } from '../../src/lib/server/ids';
import { logIn } from './support/login';

const databaseUrl = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro_test_e2e';

type Arranged = { customer: { code: string; name: string }; serial: string; sla: { code: string; name: string } };

/**
 * Test arrangement straight into the e2e database: an SLA level of our own and a unit at a
 * demo customer's site (units and SLA levels are other screens' business; this test is about
 * the contract).
 */
async function arrange(): Promise<Arranged> {
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	try {
		const stamp = Date.now().toString(36).toUpperCase();
		const [site] = await sql<{ siteId: string; code: string; name: string }[]>`
			select s.id as "siteId", c.code, c.business_name as name
			from customers c join sites s on s.customer_id = c.id
			where c.active order by c.code limit 1`;
		const calendarId = uuidv7();
		const slaId = uuidv7();
		const sla = { code: `E2E${stamp}`, name: `Oro ${stamp}` };
		await sql`insert into business_calendars (id, name, weekly_hours) values (${calendarId}, ${`E2E ${stamp}`}, ${sql.json({ '1': [['08:30', '12:30']], '2': [], '3': [], '4': [], '5': [], '6': [], '7': [] })})`;
		await sql`insert into sla_levels (id, code, name, calendar_id) values (${slaId}, ${sla.code}, ${sla.name}, ${calendarId})`;
		const modelId = uuidv7();
		await sql`insert into equipment_models (id, brand, model, category, meter_types) values (${modelId}, 'Kyocera', ${`E2E ${stamp}`}, 'copier_mono', ${sql.array(['mono'])})`;
		const serial = `E2E-${stamp}`;
		await sql`insert into equipment (id, model_id, brand, serial_number, serial_key, site_id) values (${uuidv7()}, ${modelId}, 'Kyocera', ${serial}, ${serialKey(serial)}, ${site.siteId})`;
		return { customer: { code: site.code, name: site.name }, serial, sla };
	} finally {
		await sql.end();
	}
}

test('a dispatcher creates a quarterly contract with an SLA level covering a unit, and finds it in the list', async ({ page }) => {
	const { customer, serial, sla } = await arrange();
	await logIn(page, 'dispatcher@quadro.test');
	await page.goto('/contracts');
	await page.getByRole('link', { name: 'Nuovo contratto' }).click();
	await expect(page.getByRole('heading', { name: 'Nuovo contratto di assistenza' })).toBeVisible();

	// The customer, searched as you type and picked from the results.
	await page.getByLabel('Cerca il cliente').fill(customer.code);
	await page.getByRole('radio', { name: new RegExp(customer.code) }).check();
	await expect(page.getByTestId('selected-customer')).toContainText(customer.name);

	await page.getByLabel('Periodicità').selectOption('quarterly');
	await page.getByLabel('Canone per periodo').fill('1.234,50');
	await page.getByLabel('Livello di servizio (SLA)').selectOption({ label: `${sla.code} — ${sla.name}` });
	await page.getByLabel('Durata del primo periodo contrattuale (mesi)').fill('12');
	await page.getByLabel('Rinnovo automatico').check();
	await page.getByLabel('Preavviso di disdetta (giorni)').fill('60');

	// Cost per copy: mono copies with one overage tier, prices typed the Italian way.
	await page.getByLabel('Contatore', { exact: true }).selectOption('mono');
	await page.getByRole('button', { name: 'Aggiungi contatore' }).click();
	await page.getByLabel('Incluse per periodo').fill('3000');
	await page.getByLabel('Prezzo per unità eccedente (€)').fill('0,0085');
	await page.getByRole('button', { name: 'Aggiungi scaglione' }).click();
	await page.getByLabel('Oltre (unità eccedenti)').fill('5000');
	await page.getByLabel('Prezzo (€)').fill('0,007');

	await page.getByRole('button', { name: 'Crea contratto' }).click();
	await expect(page).toHaveURL(/\/contracts\/[0-9a-f-]{36}/);
	const created = page.getByRole('status');
	await expect(created).toContainText(/Contratto \d{4}\/\d{6} creato come bozza/);
	const number = (await created.textContent())!.match(/\d{4}\/\d{6}/)![0];
	await expect(page.getByRole('heading', { level: 1 })).toContainText(number);
	await expect(page.getByTestId('sla')).toHaveText(`${sla.code} — ${sla.name}`);
	await expect(page.getByTestId('fee')).toHaveText(/1\.?234,50\s€/);
	await expect(page.getByTestId('meter-row')).toContainText('0,0085');

	// Cover the unit, found by typing its serial the sloppy way.
	await page.getByLabel('Cerca per matricola').fill(serial.toLowerCase().replace('-', ' '));
	await page.getByRole('radio', { name: new RegExp(serial) }).check();
	await page.getByRole('button', { name: 'Aggiungi al contratto' }).click();
	await expect(page.getByRole('status')).toHaveText('Unità aggiunta al contratto.');
	await expect(page.locator(`[data-testid="covered-unit"][data-serial="${serial}"]`)).toBeVisible();

	await page.getByRole('button', { name: 'Attiva', exact: true }).click();
	await expect(page.getByRole('status')).toHaveText('Stato aggiornato: Attivo.');

	// The coverage question now answers with this contract and level.
	const coverage = await page.request.get(`/api/coverage?serial=${encodeURIComponent(serial)}`);
	expect(await coverage.json()).toMatchObject({ covered: true, contract: { number, status: 'active' }, slaLevel: { code: sla.code } });

	// And the list shows it, filtered by the search box.
	await page.getByRole('link', { name: 'Tutti i contratti' }).click();
	await page.getByLabel('Cerca per numero o cliente').fill(number);
	await page.getByRole('button', { name: 'Applica filtri' }).click();
	const row = page.locator(`[data-testid="contract-row"][data-number="${number}"]`);
	await expect(row).toContainText(customer.name);
	await expect(row).toContainText('Trimestrale');
	await expect(row).toContainText('Attivo');
	await expect(row).toContainText(sla.code);
	await expect(page.getByTestId('contract-row')).toHaveCount(1);
});

test('a fee that is not an amount is refused next to the field, in Italian, keeping what was typed', async ({ page }) => {
	const { customer, sla } = await arrange();
	await logIn(page, 'dispatcher@quadro.test');
	await page.goto('/contracts/new');
	await page.getByLabel('Cerca il cliente').fill(customer.code);
	await page.getByRole('radio', { name: new RegExp(customer.code) }).check();
	await page.getByLabel('Livello di servizio (SLA)').selectOption({ label: `${sla.code} — ${sla.name}` });
	await page.getByLabel('Canone per periodo').fill('12,345');
	await page.getByRole('button', { name: 'Crea contratto' }).click();
	await expect(page.getByTestId('form-error')).toHaveText('Importo non valido: usa al massimo due decimali (es. 1.234,50).');
	await expect(page.locator('#fee ~ .error-text')).toHaveText('Importo non valido: usa al massimo due decimali (es. 1.234,50).');
	await expect(page.getByLabel('Canone per periodo')).toHaveValue('12,345');
	await expect(page.getByTestId('selected-customer')).toContainText(customer.name);
	await expect(page).toHaveURL(/\/contracts\/new$/);
});
