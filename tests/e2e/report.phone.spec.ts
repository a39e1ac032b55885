import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { pdfText } from '../support/pdf-text';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { logIn } from './support/login';
import { api, assignedCall, phoneOn, sign, today } from './support/phone';

// The intervention report on a 360 px phone: a technician goes on site from the job page, opens
// the report from there, fills it with a reading and a signature and completes the call; the PDF
// reaches the site contact through a local SMTP sink (sent by a real worker process through the
// BullMQ mail queue) and stays one tap away on the job page.

const TECHNICIAN = 'tecnico16@quadro.test';

let sink: SmtpSink;
let worker: ChildProcess;

/** A call on a unit with a meter whose site has a contact to mail the PDF to, assigned to the technician. */
function callWithContact(baseURL: string) {
	return assignedCall(baseURL, TECHNICIAN, 'Fotocopiatrice inceppata (e2e rapportino)', {
		unitFrom: 'start',
		async prepare(unit, dispatcher) {
			const contact = await api(baseURL, dispatcher, `/api/customers/${unit.customerId}/contacts`, { method: 'POST', body: JSON.stringify({ siteId: unit.siteId, name: 'Referente E2E', email: 'referente.e2e@cliente.test' }) });
			expect(contact.status, JSON.stringify(contact.body)).toBe(201);
		}
	});
}

/** The same, with the technician already on site (set over HTTP). */
async function callOnSite(baseURL: string) {
	const arranged = await callWithContact(baseURL);
	const arrived = await api(baseURL, arranged.tech, `/api/field/calls/${arranged.call.id}/status`, { method: 'POST', body: JSON.stringify({ clientId: crypto.randomUUID(), status: 'on_site' }) });
	expect(arrived.status, JSON.stringify(arrived.body)).toBeLessThan(300);
	return arranged;
}

test.beforeAll(async () => {
	sink = await startSmtpSink();
	// The web server (playwright.config.ts) only enqueues; a real worker sends the mail.
	worker = spawn(process.execPath, ['dist/worker.js'], {
		env: {
			...process.env,
			DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro_test_e2e',
			REDIS_PREFIX: process.env.E2E_REDIS_PREFIX ?? 'quadro_test_e2e',
			LOG_LEVEL: 'warn',
			NODE_ENV: 'production'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
});

test.afterAll(async () => {
	if (worker && worker.exitCode === null) {
		const exited = new Promise((resolve) => worker.once('exit', resolve));
		worker.kill('SIGTERM');
		await exited;
	}
	await sink?.close();
});

test('a technician goes on site from the job page, fills the report with a reading and a signature; the PDF reaches the site contact and the phone', async ({ browser, baseURL }) => {
	test.setTimeout(90_000);
	// The office points the app's SMTP settings at the local sink through the settings page.
	const office = await (await browser.newContext()).newPage();
	await logIn(office, 'admin@quadro.test');
	await office.goto('/settings/mail');
	await office.locator('body[data-hydrated]').waitFor();
	await office.getByLabel("Nome dell'azienda").fill('Assistenza E2E Srl');
	await office.getByLabel('Server SMTP', { exact: true }).fill('127.0.0.1');
	await office.getByLabel('Porta', { exact: true }).fill(String(sink.port));
	await office.getByLabel('Mittente (indirizzo email)').fill('rapportini@quadro.test');
	await office.getByRole('button', { name: 'Salva' }).click();
	await expect(office.getByText('Impostazioni salvate.')).toBeVisible();

	const { call, meterType, last, dispatcher } = await callWithContact(baseURL!);

	const { page, context } = await phoneOn(browser, TECHNICIAN, '/t');
	// The assignment the dispatcher just made: accepted on the phone, confirmed on the board.
	const card = page.locator(`[data-testid="job"][data-call-id="${call.id}"]`);
	await card.getByRole('button', { name: 'Accetta' }).click();
	await expect(card).toHaveAttribute('data-assignment-status', 'confirmed', { timeout: 10_000 });
	const day = today();
	await expect
		.poll(async () => ((await api(baseURL!, dispatcher, `/api/board/${day}/assignments`)).body as Array<{ callId: string; status: string }>).find((a) => a.callId === call.id)?.status, { timeout: 10_000 })
		.toBe('confirmed');
	// From My day to the job, on site with the job page's button, then to the report from the job page.
	await card.getByRole('link', { name: 'Dettagli' }).click();
	await expect(page.getByRole('heading', { name: `Chiamata ${call.number}` })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(`/t/calls/${call.id}$`));
	// Not on site yet: no report to write.
	await expect(page.getByTestId('job-report-link')).toHaveCount(0);
	await card.getByRole('button', { name: 'Sul posto' }).click();
	await expect(card).toHaveAttribute('data-status', 'on_site');
	expect((await api(baseURL!, dispatcher, `/api/calls/${call.id}`)).body.status).toBe('on_site');
	await page.getByRole('link', { name: 'Rapportino' }).click();
	await expect(page.getByRole('heading', { name: `Rapporto ${call.number}` })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(`/t/calls/${call.id}/report$`));
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	// Sending it empty shows what is missing, next to each field.
	await page.getByRole('button', { name: 'Completa e invia il rapporto' }).click();
	await expect(page.locator('#report-errors')).toBeVisible();
	await expect(page.locator('#report-workDone-error')).toHaveText('Scrivi almeno 3 caratteri.');
	await expect(page.locator('#report-customerSignature-error')).toHaveText('Serve la firma del cliente.');
	await expect(page.locator('#report-workDone')).toBeFocused();

	await page.locator('#report-workDone').fill('Rimosso inceppamento, sostituito il rullo di presa carta.');
	await page.getByLabel('Risolto', { exact: true }).check();
	await page.getByRole('button', { name: 'Aggiungi ricambio' }).click();
	await page.getByLabel('Descrizione ricambio 1').fill('Rullo presa carta');
	const reading = page.locator(`#reading-${meterType}`);
	// A reading below the last one is refused by the installed-base rules, in words, at the field.
	await reading.fill(String(Math.max(0, last - 100)));
	await page.getByLabel('Nome di chi firma per il cliente').fill('Giulia Neri');
	await sign(page, 'report-customerSignature');
	await expect(page.getByText('Firma acquisita.')).toBeVisible();
	await page.getByRole('button', { name: 'Completa e invia il rapporto' }).click();
	await expect(page.locator(`#reading-${meterType}-error`)).toBeVisible();
	await expect(page.locator(`#reading-${meterType}-error`)).toContainText('inferiore');

	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await reading.fill(String(last + 1234));
	await page.getByRole('button', { name: 'Completa e invia il rapporto' }).click();
	await expect(page.getByTestId('report-sent')).toBeVisible();
	await expect(page.getByTestId('report-version')).toHaveCount(1);
	await expect(page.getByRole('link', { name: 'Apri il PDF della versione 1' })).toBeVisible();

	// After completion the job page still leads to the report: its versions, the PDF to open or
	// download (and print), and the way to a correction.
	await page.getByRole('link', { name: 'Torna alla chiamata' }).click();
	await expect(page.getByRole('heading', { name: `Chiamata ${call.number}` })).toBeVisible();
	await expect(card).toHaveAttribute('data-status', 'completed');
	const reports = page.getByTestId('call-reports');
	await expect(reports.getByTestId('report-version')).toHaveCount(1);
	await expect(reports.getByRole('link', { name: 'Apri il PDF della versione 1' })).toBeVisible();
	const [download] = await Promise.all([page.waitForEvent('download'), reports.getByRole('link', { name: 'Scarica' }).click()]);
	const downloaded = await readFile((await download.path())!);
	expect(downloaded.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect((await pdfText(downloaded)).text).toContain(call.number);
	await expect(page.getByRole('link', { name: 'Rapportino e correzioni' })).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	const mail = await sink.waitFor((m) => m.subject === `Rapporto di intervento ${call.number}`, 30_000);
	const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
	expect(pdf, 'the PDF is attached').toBeTruthy();
	const { text } = await pdfText(pdf!.content);
	expect(text).toContain(call.number);
	expect(text).toContain('Assistenza E2E Srl');
	expect(text).toContain('Giulia Neri');

	// The office sees the completed call and downloads the same PDF.
	await office.goto(`/calls/${call.id}`);
	await office.locator('body[data-hydrated]').waitFor();
	const link = office.getByRole('link', { name: 'Apri il PDF della versione 1' });
	await expect(link).toBeVisible();
	const res = await office.request.get((await link.getAttribute('href'))!);
	expect(res.headers()['content-type']).toBe('application/pdf');
	expect((await pdfText(await res.body())).text).toContain(call.number);
	await context.close();
});

test('offline, the report waits on the phone; back online it is applied once and only once', async ({ browser, baseURL }) => {
	test.setTimeout(60_000);
	const { call, dispatcher } = await callOnSite(baseURL!);
	const { page, context } = await phoneOn(browser, TECHNICIAN, `/t/calls/${call.id}/report`);
	await page.locator('#report-workDone').fill('Pulizia e regolazione, in cantina senza campo.');
	await page.getByLabel('Serve un altro intervento', { exact: true }).check();
	await page.getByLabel('Nome di chi firma per il cliente').fill('Paolo Gialli');
	await sign(page, 'report-customerSignature');

	await context.setOffline(true);
	await page.getByRole('button', { name: 'Completa e invia il rapporto' }).click();
	await expect(page.getByTestId('report-waiting')).toBeVisible();
	expect((await api(baseURL!, dispatcher, `/api/calls/${call.id}/reports`)).body).toEqual([]);

	await context.setOffline(false);
	await expect(page.getByTestId('report-sent')).toBeVisible({ timeout: 20_000 });
	// Replays after a reconnection (the outbox's timer, a second tab) change nothing.
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await page.waitForTimeout(1000);
	const versions = (await api(baseURL!, dispatcher, `/api/calls/${call.id}/reports`)).body as Array<{ outcome: string }>;
	expect(versions).toHaveLength(1);
	expect(versions[0].outcome).toBe('another_visit');
	expect((await api(baseURL!, dispatcher, `/api/calls/${call.id}`)).body.status).toBe('completed');
	await context.close();
});
