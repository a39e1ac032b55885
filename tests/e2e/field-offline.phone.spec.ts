import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { pdfText } from '../support/pdf-text';
import { api, assign, at, cookieOf, createCall, phoneOn, sign, today, unitWithMeter } from './support/phone';

// The technician app with no signal on a 360 px phone, for jobs the technician never opened while
// online: once My day has loaded, the phone holds every job of today and tomorrow, its report
// page and their data. Offline the technician opens a job, goes on site, fills and signs the
// report; back online it is applied once, and the job page then leads to the PDF.

const TECHNICIAN = 'tecnico07@quadro.test';
const OTHER_TECHNICIAN = 'tecnico04@quadro.test';

test('offline before opening it, a job never opened online opens, goes on site and gets its signed report; back online one version exists and the job page leads to the PDF', async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const dispatcher = await cookieOf(baseURL!, 'dispatcher2@quadro.test');
	const { unit, meterType, last } = await unitWithMeter(baseURL!, dispatcher, 'end');
	const call = await createCall(baseURL!, dispatcher, { customerId: unit.customerId, siteId: unit.siteId, equipmentId: unit.id, description: 'Fotocopiatrice in cantina, senza campo (e2e offline)' });
	const later = await createCall(baseURL!, dispatcher, { customerId: unit.customerId, siteId: unit.siteId, priority: 'low', description: 'Controllo programmato per domani (e2e offline)' });
	const technicianId = (await api(baseURL!, await cookieOf(baseURL!, TECHNICIAN), '/api/field/day')).body.technician.id as string;
	const tomorrow = today().add({ days: 1 });
	await assign(baseURL!, dispatcher, today(), [{ callId: call.id, technicianId, start: at(today(), '08:00'), end: at(today(), '09:00') }]);
	await assign(baseURL!, dispatcher, tomorrow, [{ callId: later.id, technicianId, start: at(tomorrow, '09:00'), end: at(tomorrow, '10:00') }]);

	const { page, context } = await phoneOn(browser, TECHNICIAN, '/t');
	const card = page.locator(`[data-testid="job"][data-call-id="${call.id}"]`);
	await expect(card).toBeVisible();
	// My day alone was opened; the phone gets the rest of the day ready and says so.
	await expect(page.getByTestId('offline-prep')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
	await expect(page.getByTestId('offline-prep')).toHaveAttribute('data-missing-jobs', '0');
	await expect(page.getByTestId('field-connection')).toHaveAttribute('data-offline-ready', 'true');

	await context.setOffline(true);
	// Tomorrow's jobs, a tap away even offline.
	await page.getByRole('link', { name: 'Domani' }).click();
	await expect(page.locator(`[data-testid="job"][data-call-id="${later.id}"]`)).toBeVisible();
	await page.getByRole('link', { name: 'Oggi' }).click();
	await expect(card).toBeVisible();

	// The job, never opened online: its page, the unit's history and last readings.
	await card.getByRole('link', { name: 'Dettagli' }).click();
	await expect(page.getByRole('heading', { name: `Chiamata ${call.number}` })).toBeVisible();
	await expect(page.getByTestId('unit-history')).toContainText(meterType);
	// A reload with no signal opens it again (the page itself is on the phone too).
	await page.reload();
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByRole('heading', { name: `Chiamata ${call.number}` })).toBeVisible();
	await expect(page.getByTestId('job-report-link')).toHaveCount(0);

	// Travelling, then on site, both with no signal: each change waits in the outbox after the
	// last, and the report is already open to fill.
	await card.getByRole('button', { name: 'In viaggio' }).click();
	await expect(card.getByTestId('job-waiting')).toBeVisible();
	await expect(card.getByTestId('job-status')).toHaveText('In viaggio');
	await card.getByRole('button', { name: 'Sul posto' }).click();
	await expect(card.getByTestId('job-waiting')).toBeVisible();
	await expect(card.getByTestId('job-status')).toHaveText('Sul posto');
	await page.getByRole('link', { name: 'Rapportino' }).click();
	await expect(page.getByRole('heading', { name: `Rapporto ${call.number}` })).toBeVisible();
	await expect(page.getByText('non risulta ancora')).toHaveCount(0);

	await page.locator('#report-workDone').fill('Sostituito il gruppo fusore, prove di stampa regolari.');
	await page.getByLabel('Risolto', { exact: true }).check();
	await page.locator(`#reading-${meterType}`).fill(String(last + 321));
	await page.getByLabel('Nome di chi firma per il cliente').fill('Marta Blu');
	await sign(page, 'report-customerSignature');
	await expect(page.getByText('Firma acquisita.')).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await page.getByRole('button', { name: 'Completa e invia il rapporto' }).click();
	await expect(page.getByTestId('report-waiting')).toBeVisible();
	// Nothing reached the server yet.
	expect((await api(baseURL!, dispatcher, `/api/calls/${call.id}`)).body.status).toBe('assigned');
	expect((await api(baseURL!, dispatcher, `/api/calls/${call.id}/reports`)).body).toEqual([]);

	// Back online: the arrival, then the report, in order and once.
	await context.setOffline(false);
	await expect(page.getByTestId('report-sent')).toBeVisible({ timeout: 30_000 });
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await page.waitForTimeout(1000);
	const versions = (await api(baseURL!, dispatcher, `/api/calls/${call.id}/reports`)).body as Array<{ id: string; version: number; outcome: string; signerName: string }>;
	expect(versions).toHaveLength(1);
	expect(versions[0]).toMatchObject({ version: 1, outcome: 'resolved', signerName: 'Marta Blu' });
	const detail = (await api(baseURL!, dispatcher, `/api/calls/${call.id}`)).body as { status: string; history: Array<{ toStatus: string; deviceAt: string | null }> };
	expect(detail.status).toBe('completed');
	const arrivals = detail.history.filter((h) => h.toStatus === 'on_site');
	expect(arrivals).toHaveLength(1);
	expect(arrivals[0].deviceAt).not.toBeNull();
	// Sent in the order they were made, with the phone's times.
	expect(detail.history.map((h) => h.toStatus).filter((s) => s === 'travelling' || s === 'on_site' || s === 'completed')).toEqual(['travelling', 'on_site', 'completed']);
	const departure = detail.history.find((h) => h.toStatus === 'travelling')!;
	expect(Date.parse(departure.deviceAt!)).toBeLessThanOrEqual(Date.parse(arrivals[0].deviceAt!));
	const version = (await api(baseURL!, dispatcher, `/api/calls/${call.id}/reports/${versions[0].id}`)).body as { readings: Array<{ meterType: string; value: number }> };
	expect(version.readings).toEqual([expect.objectContaining({ meterType, value: last + 321 })]);

	// The job page, after completion: the report's versions and its PDF.
	await page.getByRole('link', { name: 'Torna alla chiamata' }).click();
	await expect(page.getByRole('heading', { name: `Chiamata ${call.number}` })).toBeVisible();
	await expect(card).toHaveAttribute('data-status', 'completed');
	const reports = page.getByTestId('call-reports');
	await expect(reports.getByTestId('report-version')).toHaveCount(1);
	const [download] = await Promise.all([page.waitForEvent('download'), reports.getByRole('link', { name: 'Scarica' }).click()]);
	const pdf = await readFile((await download.path())!);
	expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect((await pdfText(pdf)).text).toContain(call.number);

	// Offline again, the job page still lists the report and the PDF opens: to show the customer.
	const pdfUrl = (await reports.getByRole('link', { name: 'Apri il PDF della versione 1' }).getAttribute('href'))!;
	await context.setOffline(true);
	await page.reload();
	await page.locator('body[data-hydrated]').waitFor();
	await expect(reports.getByTestId('report-version')).toHaveCount(1);
	await expect(reports.getByRole('alert')).toHaveCount(0);
	const offlinePdf = await page.evaluate(async (url) => {
		const res = await fetch(url);
		return { status: res.status, head: new TextDecoder('latin1').decode((await res.arrayBuffer()).slice(0, 5)) };
	}, pdfUrl);
	expect(offlinePdf).toEqual({ status: 200, head: '%PDF-' });
	await context.close();
});

test('a call the office cancels loses its report page on the phone at the next preparation', async ({ browser, baseURL }) => {
	test.setTimeout(90_000);
	const dispatcher = await cookieOf(baseURL!, 'dispatcher2@quadro.test');
	const { unit } = await unitWithMeter(baseURL!, dispatcher, 'end');
	const call = await createCall(baseURL!, dispatcher, { customerId: unit.customerId, siteId: unit.siteId, description: 'Chiamata poi annullata (e2e offline)' });
	const technicianId = (await api(baseURL!, await cookieOf(baseURL!, OTHER_TECHNICIAN), '/api/field/day')).body.technician.id as string;
	await assign(baseURL!, dispatcher, today(), [{ callId: call.id, technicianId, start: at(today(), '15:00'), end: at(today(), '16:00') }]);

	const { page, context } = await phoneOn(browser, OTHER_TECHNICIAN, '/t');
	await expect(page.getByTestId('offline-prep')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
	await expect(page.getByTestId('field-connection')).toHaveAttribute('data-online', 'true');
	/** Copies kept on the phone whose path starts with this call's job page (plus `under`). */
	const kept = (under = '') => page.evaluate(async (prefix) => (await (await caches.open('quadro-field-data')).keys()).filter((r) => new URL(r.url).pathname.startsWith(prefix)).length, `/t/calls/${call.id}${under}`);
	// Job page and report page, each as HTML and as data.
	expect(await kept()).toBe(4);
	expect(await kept('/report')).toBe(2);

	// The office cancels the call: the phone hears it live and prepares the day again; nothing to report any more.
	const cancelled = await api(baseURL!, dispatcher, `/api/calls/${call.id}/status`, { method: 'POST', body: JSON.stringify({ status: 'cancelled', reason: 'Il cliente ha risolto da sé' }) });
	expect(cancelled.status, JSON.stringify(cancelled.body)).toBeLessThan(300);
	await expect.poll(() => kept('/report'), { timeout: 20_000 }).toBe(0);
	await context.close();
});
