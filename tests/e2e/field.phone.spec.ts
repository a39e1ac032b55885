import { expect, test, type Page } from '@playwright/test';
import { putEntry } from '../../src/lib/realtime/board-doc';
import { waitFor } from '../support/realtime-clients';
import { logIn } from './support/login';
import { api, at, boardOf, cookieOf, job, phoneContext, phoneOnline, siteCall, technicianIdOf, today } from './support/phone';

// The technician app on a 360 px phone, each person in a fresh browser context. Each test uses
// its own technicians so the two workers never share a day.

test('a technician sees the assignment a dispatcher just made, accepts it (the board shows confirmed), travels and arrives', async ({ browser, baseURL }) => {
	const tech = await phoneOnline(browser, 'tecnico21@quadro.test');
	await expect(tech.getByRole('heading', { name: 'La mia giornata' })).toBeVisible();
	await expect(tech.getByTestId('field-connection')).toHaveAttribute('data-online', 'true');
	const techId = await technicianIdOf(tech);
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const call = await siteCall(baseURL!, cookie, 'Stampante bloccata e2e tecnico');
	const board = await boardOf(baseURL!, cookie, today());
	try {
		const id = crypto.randomUUID();
		putEntry(board.doc, 'assignment', id, { callId: call.id, technicianId: techId, start: at(today(), '10:00'), end: at(today(), '11:00'), status: 'planned' });

		// Live: the job and an in-page notice arrive without reloading.
		await expect(tech.getByTestId('live-notice')).toBeVisible();
		await expect(job(tech, call.id)).toBeVisible();
		await expect(job(tech, call.id)).toHaveAttribute('data-assignment-status', 'planned');
		await expect(job(tech, call.id)).toContainText('10:00');

		await job(tech, call.id).getByRole('button', { name: 'Accetta' }).click();
		await waitFor(() => (board.doc.getMap('assignments').get(id) as { get(k: string): unknown } | undefined)?.get('status') === 'confirmed', 7000, 'the board to show confirmed');
		await expect(job(tech, call.id)).toHaveAttribute('data-assignment-status', 'confirmed');
		await expect(job(tech, call.id)).toHaveAttribute('data-status', 'confirmed');

		await job(tech, call.id).getByRole('button', { name: 'In viaggio' }).click();
		await expect(job(tech, call.id)).toHaveAttribute('data-status', 'travelling');
		await job(tech, call.id).getByRole('button', { name: 'Sul posto' }).click();
		await expect(job(tech, call.id)).toHaveAttribute('data-status', 'on_site');

		const detail = (await api(baseURL!, cookie, `/api/calls/${call.id}`)).body;
		expect(detail.status).toBe('on_site');
		const travelling = (detail.history as Array<{ toStatus: string; deviceAt: string | null }>).filter((h) => h.toStatus === 'travelling');
		expect(travelling.length).toBe(1);
		expect(travelling[0].deviceAt).not.toBeNull();
	} finally {
		board.destroy();
	}
});

test('offline: a status change waits in the outbox and is applied once when back online', async ({ browser, baseURL }) => {
	const tech = await phoneOnline(browser, 'tecnico22@quadro.test');
	const techId = await technicianIdOf(tech);
	const cookie = await cookieOf(baseURL!, 'dispatcher2@quadro.test');
	const call = await siteCall(baseURL!, cookie, 'Condizionatore in blocco e2e offline');
	const board = await boardOf(baseURL!, cookie, today());
	try {
		putEntry(board.doc, 'assignment', crypto.randomUUID(), { callId: call.id, technicianId: techId, start: at(today(), '12:00'), end: at(today(), '13:00'), status: 'confirmed' });
		await expect(job(tech, call.id)).toBeVisible();
		// The service worker holds the page and its data, so a reload without signal still shows the day.
		await expect(tech.getByTestId('field-connection')).toHaveAttribute('data-offline-ready', 'true', { timeout: 20_000 });
		await tech.reload();
		await tech.locator('body[data-hydrated]').waitFor();
		await expect(job(tech, call.id)).toBeVisible();

		await tech.context().setOffline(true);
		await tech.reload();
		await tech.locator('body[data-hydrated]').waitFor();
		await expect(job(tech, call.id)).toBeVisible();
		await job(tech, call.id).getByRole('button', { name: 'In viaggio' }).click();
		await expect(tech.getByTestId('pending-item')).toContainText('in attesa di invio');
		await expect(job(tech, call.id).getByTestId('job-waiting')).toBeVisible();
		await expect(job(tech, call.id).getByTestId('job-status')).toHaveText('In viaggio');
		// Nothing reached the server yet.
		expect((await api(baseURL!, cookie, `/api/calls/${call.id}`)).body.status).toBe('assigned');

		await tech.context().setOffline(false);
		await expect(tech.getByTestId('pending-list')).toHaveCount(0, { timeout: 20_000 });
		await expect(job(tech, call.id)).toHaveAttribute('data-status', 'travelling');
		// Let any retry settle, then count: exactly one history row for the change.
		await tech.waitForTimeout(1000);
		const detail = (await api(baseURL!, cookie, `/api/calls/${call.id}`)).body;
		expect(detail.status).toBe('travelling');
		expect((detail.history as Array<{ toStatus: string }>).filter((h) => h.toStatus === 'travelling').length).toBe(1);
	} finally {
		board.destroy();
	}
});

test('two technicians take the same free call at once: one gets it, the other is told', async ({ browser, baseURL }) => {
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const [a, b] = await Promise.all([phoneOnline(browser, 'tecnico23@quadro.test'), phoneOnline(browser, 'tecnico24@quadro.test')]);
	const call = await siteCall(baseURL!, cookie, 'Chiamata libera e2e contesa');
	await Promise.all([a.goto('/t/free'), b.goto('/t/free')]);
	await Promise.all([a.locator('body[data-hydrated]').waitFor(), b.locator('body[data-hydrated]').waitFor()]);
	const card = (p: Page) => p.locator(`[data-testid="free-call"][data-call-id="${call.id}"]`);
	await expect(card(a)).toBeVisible();
	await expect(card(b)).toBeVisible();
	await Promise.all([card(a).getByRole('button', { name: 'Prendi per oggi' }).click(), card(b).getByRole('button', { name: 'Prendi per oggi' }).click()]);
	await expect(a.getByTestId('take-result')).toBeVisible();
	await expect(b.getByTestId('take-result')).toBeVisible();
	const texts = [await a.getByTestId('take-result').innerText(), await b.getByTestId('take-result').innerText()];
	expect(texts.filter((t) => t.includes(`Chiamata ${call.number} presa`)).length).toBe(1);
	expect(texts.filter((t) => t.includes('Un altro tecnico ha preso questa chiamata')).length).toBe(1);
	const detail = (await api(baseURL!, cookie, `/api/calls/${call.id}`)).body;
	expect(detail.status).toBe('confirmed');
	// The winner finds it in the day; the board has exactly one assignment for it.
	const winner = texts[0].includes('presa') ? a : b;
	await winner.goto('/t');
	await expect(job(winner, call.id)).toBeVisible();
	const assignments = (await api(baseURL!, cookie, `/api/board/${today()}/assignments`)).body as Array<{ callId: string }>;
	expect(assignments.filter((x) => x.callId === call.id).length).toBe(1);
});

test('a technician cannot see another technician’s calls nor open office pages', async ({ browser, baseURL }) => {
	const other = await phoneOnline(browser, 'tecnico25@quadro.test');
	const tech = await phoneOnline(browser, 'tecnico20@quadro.test');
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const call = await siteCall(baseURL!, cookie, 'Chiamata di un altro tecnico e2e');
	const board = await boardOf(baseURL!, cookie, today());
	try {
		putEntry(board.doc, 'assignment', crypto.randomUUID(), { callId: call.id, technicianId: await technicianIdOf(other), start: at(today(), '15:00'), end: at(today(), '16:00'), status: 'planned' });
		await expect(job(other, call.id)).toBeVisible();
		expect((await tech.request.get(`/api/field/calls/${call.id}`)).status()).toBe(404);
		const status = await tech.request.post(`/api/field/calls/${call.id}/status`, { data: { clientId: crypto.randomUUID(), status: 'travelling' } });
		expect(status.status()).toBe(409);
		expect((await status.json()).field).toBe('call.reassigned');
		expect((await tech.request.get(`/api/calls/${call.id}`)).status()).toBe(403);
		expect((await tech.request.get('/api/calls')).status()).toBe(403);
		await tech.goto(`/t/calls/${call.id}`);
		await expect(tech.getByText('404')).toBeVisible();
		const res = await tech.goto('/board');
		expect(res?.status()).toBe(403);
		expect((await (await fetch(`${baseURL}/api/field/day`, { headers: { cookie } })).status)).toBe(403);
	} finally {
		board.destroy();
	}
});

test('offline: a change the office overtook is refused in words and what was entered stays visible', async ({ browser, baseURL }) => {
	const tech = await phoneOnline(browser, 'tecnico19@quadro.test');
	const techId = await technicianIdOf(tech);
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const call = await siteCall(baseURL!, cookie, 'Ascensore fermo e2e annullato');
	const board = await boardOf(baseURL!, cookie, today());
	try {
		putEntry(board.doc, 'assignment', crypto.randomUUID(), { callId: call.id, technicianId: techId, start: at(today(), '17:00'), end: at(today(), '18:00'), status: 'planned' });
		await expect(job(tech, call.id)).toBeVisible();
		await tech.context().setOffline(true);
		await job(tech, call.id).getByRole('button', { name: 'In attesa' }).click();
		await job(tech, call.id).getByLabel('Motivo dell’attesa (ricambi, cliente…)').fill('Manca la scheda di controllo');
		await job(tech, call.id).getByRole('button', { name: 'Metti in attesa' }).click();
		await expect(tech.getByTestId('pending-item')).toContainText('in attesa di invio');

		// Meanwhile the office cancels the call.
		const cancelled = await api(baseURL!, cookie, `/api/calls/${call.id}/status`, { method: 'POST', body: JSON.stringify({ status: 'cancelled', reason: 'Il cliente ha risolto da solo' }) });
		expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

		await tech.context().setOffline(false);
		const item = tech.getByTestId('pending-item');
		await expect(item).toHaveAttribute('data-state', 'refused', { timeout: 20_000 });
		await expect(item.getByTestId('refusal')).toHaveText('L’ufficio ha annullato questa chiamata');
		await expect(item).toContainText('Manca la scheda di controllo');
		await item.getByRole('button', { name: 'Ho letto, rimuovi' }).click();
		await expect(tech.getByTestId('pending-list')).toHaveCount(0);
	} finally {
		board.destroy();
	}
});

test('position: with consent and on duty the phone sends its position; the choice is stored for this device', async ({ browser }) => {
	const context = await phoneContext(browser, { geolocation: { latitude: 45.4642, longitude: 9.19, accuracy: 12 }, permissions: ['geolocation'] });
	const tech = await context.newPage();
	await logIn(tech, 'tecnico18@quadro.test').catch(() => logIn(tech, 'tecnico18@quadro.test'));
	await tech.locator('body[data-hydrated]').waitFor();
	await expect(tech.getByTestId('field-connection')).toHaveAttribute('data-online', 'true');
	await expect(tech.getByText('La posizione viene inviata solo mentre sei in servizio')).toBeVisible();
	await tech.getByRole('switch', { name: 'Condividi la mia posizione durante il servizio' }).check();
	await tech.getByRole('switch', { name: 'In servizio' }).check();
	await expect(tech.getByText(/Ultima posizione inviata alle/)).toBeVisible();
	const deviceId = await tech.evaluate(() => localStorage.getItem('quadro.deviceId'));
	// The switch saves the choice in the background (the phone keeps it locally meanwhile).
	await expect.poll(async () => (await (await tech.request.get(`/api/field/consent?deviceId=${deviceId}`)).json()).granted, { timeout: 7000 }).toBe(true);
	// Another device of the same technician has not consented.
	expect((await (await tech.request.get('/api/field/consent?deviceId=another-device-1')).json()).granted).toBe(false);
	await context.close();
});

test('declining needs a reason and puts the call back in the dispatchers’ queue; tomorrow is a tap away', async ({ browser, baseURL }) => {
	const tech = await phoneOnline(browser, 'tecnico17@quadro.test');
	const techId = await technicianIdOf(tech);
	const cookie = await cookieOf(baseURL!, 'dispatcher2@quadro.test');
	const call = await siteCall(baseURL!, cookie, 'Caldaia in errore e2e rifiuto');
	const board = await boardOf(baseURL!, cookie, today());
	try {
		const id = crypto.randomUUID();
		putEntry(board.doc, 'assignment', id, { callId: call.id, technicianId: techId, start: at(today(), '09:00'), end: at(today(), '10:00'), status: 'planned' });
		await expect(job(tech, call.id)).toBeVisible();
		await job(tech, call.id).getByRole('button', { name: 'Rifiuta' }).click();
		await job(tech, call.id).getByRole('button', { name: 'Conferma rifiuto' }).click();
		await expect(job(tech, call.id).getByText('Scrivi un motivo (almeno 3 caratteri)')).toBeVisible();
		await job(tech, call.id).getByLabel('Motivo del rifiuto').fill('Sono senza il ricambio');
		await job(tech, call.id).getByRole('button', { name: 'Conferma rifiuto' }).click();
		await expect(job(tech, call.id)).toHaveCount(0);
		await waitFor(() => !board.doc.getMap('assignments').has(id), 7000, 'the board to drop the assignment');
		const detail = (await api(baseURL!, cookie, `/api/calls/${call.id}`)).body;
		expect(detail.status).toBe('new');
		expect((detail.history as Array<{ toStatus: string; reason: string | null }>).at(-1)).toMatchObject({ toStatus: 'new', reason: 'Sono senza il ricambio' });

		await tech.getByRole('link', { name: 'Domani' }).click();
		await expect(tech.getByRole('link', { name: 'Domani' })).toHaveAttribute('aria-current', 'page');
		await expect(tech.getByTestId('no-jobs')).toBeVisible();
	} finally {
		board.destroy();
	}
});
