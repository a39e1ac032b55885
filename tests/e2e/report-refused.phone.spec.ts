import { expect, test, type Page } from '@playwright/test';
import { api, assignedCall as assignedCallOnUnit, phoneAs, sign } from './support/phone';

// A report made on a 360 px phone must never be lost: filled offline and refused because the office
// cancelled the call meanwhile, it is explained in Italian words and everything entered stays
// readable and comes back as a draft; a draft also survives a reload, signature and photo included.
// Each test has a technician of its own, so parallel workers never share a day.

/** A 1x1 PNG: the photo the technician attaches (the phone resizes it to a JPEG). */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A call on a unit with a meter, assigned around now; its unit from the end of the list, as the report spec takes its own from the start. */
const assignedCall = (baseURL: string, technician: string, description: string) => assignedCallOnUnit(baseURL, technician, description, { unitFrom: 'end' });

async function openReport(page: Page, callId: string) {
	await page.goto(`/t/calls/${callId}/report`);
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('report-form')).toHaveAttribute('data-draft-ready', 'true');
}

/** How many pixels of the signature pad are drawn on (0 for an empty pad). */
async function inkOf(page: Page, testId: string): Promise<number> {
	return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
		const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
		let ink = 0;
		for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink += 1;
		return ink;
	});
}

/** The draft the phone keeps for a call (IndexedDB), as the page stored it; null when there is none. */
async function storedDraft(page: Page, callId: string) {
	return page.evaluate(
		(id) =>
			new Promise<{ workDone: string; signerName: string; customerSignature: string | null; photos: string[] } | null>((resolve, reject) => {
				const open = indexedDB.open('quadro-report-drafts');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('drafts')) return resolve(null);
					const get = db.transaction('drafts').objectStore('drafts').get(id);
					get.onsuccess = () => resolve(get.result?.draft ?? null);
					get.onerror = () => reject(get.error);
				};
			}),
		callId
	);
}

const pageIsNarrow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test('a report filled offline on a call the office cancelled meanwhile is refused in words, and nothing entered is lost', async ({ browser, baseURL }) => {
	test.setTimeout(90_000);
	const TECHNICIAN = 'tecnico08@quadro.test';
	const { call, meterType, last, dispatcher } = await assignedCall(baseURL!, TECHNICIAN, 'Fotocopiatrice ferma (e2e rapporto rifiutato)');
	const page = await phoneAs(browser, TECHNICIAN);
	await openReport(page, call.id);

	const work = 'Sostituita la scheda di controllo, in cantina senza campo: ' + 'verificato-il-fusore-e-il-percorso-carta-senza-spazi-per-una-riga-lunga';
	await page.locator('#report-workDone').fill(work);
	await page.getByLabel('Servono ricambi', { exact: true }).check();
	await page.getByRole('button', { name: 'Aggiungi ricambio' }).click();
	await page.getByLabel('Descrizione ricambio 1').fill('Scheda di controllo');
	await page.locator('#part-0-code').fill('SC-9');
	await page.locator(`#reading-${meterType}`).fill(String(last + 500));
	await page.getByLabel('Nome di chi firma per il cliente').fill('Carla Bruni');
	await sign(page, 'report-customerSignature');
	await expect(page.getByText('Firma acquisita.')).toBeVisible();

	// No signal in the basement: the report waits on the phone.
	await page.context().setOffline(true);
	await page.getByRole('button', { name: 'Completa e invia il rapporto' }).click();
	await expect(page.getByTestId('report-waiting')).toBeVisible();

	// Meanwhile the office cancels the call.
	const cancelled = await api(baseURL!, dispatcher, `/api/calls/${call.id}/status`, { method: 'POST', body: JSON.stringify({ status: 'cancelled', reason: 'Il cliente ha risolto da solo' }) });
	expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

	// Back online: the refusal is said in Italian, the form comes back with everything in it.
	await page.context().setOffline(false);
	const item = page.getByTestId('pending-item');
	await expect(item).toHaveAttribute('data-state', 'refused', { timeout: 20_000 });
	await expect(item.getByTestId('refusal')).toHaveText('L’ufficio ha annullato questa chiamata');
	await expect(page.locator('#report-errors')).toContainText('L’ufficio ha annullato questa chiamata. Quello che hai inserito resta salvato sul telefono come bozza.');
	await expect(page.locator('#report-workDone')).toHaveValue(work);
	await expect(page.locator('body')).not.toContainText('the office cancelled');

	// The list of changes shows what was entered, readably: no image data, nothing wider than the phone.
	const entered = item.getByTestId('pending-entered');
	await expect(entered).toContainText(work);
	await expect(entered).toContainText('Esito: Servono ricambi');
	await expect(entered).toContainText('Ricambi: 1 × Scheda di controllo (codice SC-9)');
	await expect(entered).toContainText(`Letture: ${meterType} ${new Intl.NumberFormat('it-IT').format(last + 500)}`);
	await expect(entered).toContainText('Foto allegate: 0');
	await expect(entered).toContainText('Firma del cliente presente (Carla Bruni)');
	await expect(page.locator('body')).not.toContainText('data:image');
	expect(await pageIsNarrow(page)).toBeLessThanOrEqual(360);

	// Nothing reached the server: no report, the call as the office left it.
	expect((await api(baseURL!, dispatcher, `/api/calls/${call.id}/reports`)).body).toEqual([]);
	expect((await api(baseURL!, dispatcher, `/api/calls/${call.id}`)).body.status).toBe('cancelled');

	// A reload brings the draft and the reason back.
	await openReport(page, call.id);
	await expect(page.locator('#report-workDone')).toHaveValue(work);
	await expect(page.getByLabel('Descrizione ricambio 1')).toHaveValue('Scheda di controllo');
	await expect(page.getByLabel('Nome di chi firma per il cliente')).toHaveValue('Carla Bruni');
	await expect(page.locator('#report-errors')).toContainText('L’ufficio ha annullato questa chiamata');
	await expect.poll(() => inkOf(page, 'report-customerSignature')).toBeGreaterThan(50);

	// From My day, the refused report reopens as a draft, even when the phone's own draft is gone.
	await page.evaluate(() => new Promise((resolve) => { const r = indexedDB.deleteDatabase('quadro-report-drafts'); r.onsuccess = r.onerror = r.onblocked = resolve; }));
	await page.goto('/t');
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('pending-item')).toHaveAttribute('data-state', 'refused');
	expect(await pageIsNarrow(page)).toBeLessThanOrEqual(360);
	await page.getByTestId('pending-item').getByRole('button', { name: 'Riapri come bozza' }).click();
	await expect(page).toHaveURL(new RegExp(`/t/calls/${call.id}/report$`));
	await expect(page.getByTestId('report-form')).toHaveAttribute('data-draft-ready', 'true');
	await expect(page.locator('#report-workDone')).toHaveValue(work);
	await expect(page.getByLabel('Servono ricambi', { exact: true })).toBeChecked();
	await expect(page.locator(`#reading-${meterType}`)).toHaveValue(String(last + 500));
	await expect(page.getByText('Firma acquisita.').first()).toBeVisible();
	await expect.poll(() => inkOf(page, 'report-customerSignature')).toBeGreaterThan(50);

	// Read and dismissed: the list empties; the draft stays on the phone.
	await page.getByTestId('pending-item').getByRole('button', { name: 'Ho letto, rimuovi' }).click();
	await expect(page.getByTestId('pending-list')).toHaveCount(0);
	await expect.poll(async () => (await storedDraft(page, call.id))?.workDone).toBe(work);
	await page.context().close();
});

test('a draft survives a reload, signature and photo included, and is cleared once the server accepts the report', async ({ browser, baseURL }) => {
	test.setTimeout(60_000);
	const TECHNICIAN = 'tecnico09@quadro.test';
	const { call, dispatcher, tech } = await assignedCall(baseURL!, TECHNICIAN, 'Stampante rumorosa (e2e bozza)');
	const arrived = await api(baseURL!, tech, `/api/field/calls/${call.id}/status`, { method: 'POST', body: JSON.stringify({ clientId: crypto.randomUUID(), status: 'on_site' }) });
	expect(arrived.status, JSON.stringify(arrived.body)).toBeLessThan(300);

	const page = await phoneAs(browser, TECHNICIAN);
	await openReport(page, call.id);
	await expect(page.getByTestId('report-draft-restored')).toHaveCount(0);
	await page.locator('#report-workDone').fill('Lubrificati i rulli, rumore sparito.');
	await page.getByLabel('Risolto', { exact: true }).check();
	await page.getByLabel('Nome di chi firma per il cliente').fill('Marco Polo');
	await page.locator('#report-photo-input').setInputFiles({ name: 'rulli.png', mimeType: 'image/png', buffer: PHOTO });
	await expect(page.getByRole('img', { name: 'Foto 1' })).toBeVisible();
	await sign(page, 'report-customerSignature');
	await expect(page.getByText('Firma acquisita.')).toBeVisible();
	// Autosaved as typed: signature and photo are on the phone before anything is sent.
	await expect.poll(async () => { const d = await storedDraft(page, call.id); return !!d?.customerSignature && d.photos.length === 1 && d.signerName === 'Marco Polo'; }).toBe(true);

	await page.reload();
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('report-form')).toHaveAttribute('data-draft-ready', 'true');
	await expect(page.getByTestId('report-draft-restored')).toBeVisible();
	await expect(page.locator('#report-workDone')).toHaveValue('Lubrificati i rulli, rumore sparito.');
	await expect(page.getByLabel('Risolto', { exact: true })).toBeChecked();
	await expect(page.getByLabel('Nome di chi firma per il cliente')).toHaveValue('Marco Polo');
	await expect(page.getByRole('img', { name: 'Foto 1' })).toBeVisible();
	await expect(page.getByText('Firma acquisita.')).toBeVisible();
	await expect.poll(() => inkOf(page, 'report-customerSignature')).toBeGreaterThan(50);
	expect(await pageIsNarrow(page)).toBeLessThanOrEqual(360);

	// Sent as restored, without signing again: accepted, and the phone forgets the draft.
	await page.getByRole('button', { name: 'Completa e invia il rapporto' }).click();
	await expect(page.getByTestId('report-sent')).toBeVisible();
	await expect.poll(() => storedDraft(page, call.id)).toBeNull();
	const versions = (await api(baseURL!, dispatcher, `/api/calls/${call.id}/reports`)).body as Array<{ signerName: string }>;
	expect(versions).toHaveLength(1);
	expect(versions[0].signerName).toBe('Marco Polo');
	await page.context().close();
});
