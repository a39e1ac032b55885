import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { Temporal } from 'temporal-polyfill';
import { putEntry } from '../../src/lib/realtime/board-doc';
import { boardClient, synced } from '../support/realtime-clients';
import { dragCallToLane } from './support/board-helpers';
import { callEntry, contextAs, coveredUnit, createCall, openMap, pageAs, romeDay, sessionOf } from './support/map-helpers';

// The live map: calls coloured by state, technicians moving live, every open map following the board.

test('an unassigned call changes colour on every open map when a dispatcher assigns it on the board', async ({ browser }) => {
	// Two contexts: the dispatcher's (the board, and a map in a second tab) and a supervisor's map.
	const [dispatcher, supervisor] = await Promise.all([contextAs(browser, 'dispatcher@quadro.test'), contextAs(browser, 'supervisor@quadro.test')]);
	const [board, officeMap, supervisorMap] = await Promise.all([dispatcher.newPage(), dispatcher.newPage(), supervisor.newPage()]);
	const maps = [officeMap, supervisorMap];
	const call = await createCall(board, { priority: 'low' });

	const day = romeDay(1);
	await Promise.all([
		...maps.map((map) => openMap(map)),
		(async () => {
			await board.goto(`/board?date=${day}`);
			await board.locator('body[data-hydrated]').waitFor();
			await expect(board.getByTestId('connection-status')).toHaveText('in linea');
		})()
	]);
	for (const map of maps) await expect(callEntry(map, call.number)).toHaveAttribute('data-states', /\bunassigned\b/);

	// The dispatcher drags the call from the queue onto a technician's lane.
	await dragCallToLane(board, call, board.locator('[data-testid="lane"]').first().locator('.track'), 10 * 60);
	await expect(board.locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toBeVisible();

	for (const map of maps) {
		await expect(callEntry(map, call.number)).toHaveAttribute('data-states', /\bunconfirmed\b/);
		await expect(callEntry(map, call.number)).not.toHaveAttribute('data-states', /\bunassigned\b/);
	}
});

/** A technician's own device: a request context logged in as them, and their technician record. */
async function technicianDevice(playwright: { request: { newContext(o: { baseURL?: string }): Promise<APIRequestContext> } }, baseURL: string | undefined, email: string) {
	const device = await playwright.request.newContext({ baseURL });
	const login = await device.post('/api/auth/login', { data: { email, password: 'quadro-demo' } });
	expect(login.status()).toBe(200);
	const day = await (await device.get('/api/field/day')).json();
	const me = await (await device.get('/api/me')).json();
	const post = async (lat: number, lng: number, speed: number) => {
		const res = await device.post(`/api/technicians/${day.technician.id}/positions`, { data: { lat, lng, speed, heading: 90, accuracy: 8, recordedAt: new Date().toISOString() } });
		expect(res.status(), await res.text()).toBe(201);
	};
	return { device, id: day.technician.id as string, name: me.user.name as string, post };
}

test("a technician's marker moves when a position is posted", async ({ browser, playwright, baseURL }) => {
	const supervisor = await pageAs(browser, 'supervisor@quadro.test');
	const tech = await technicianDevice(playwright, baseURL, 'tecnico03@quadro.test');
	await openMap(supervisor);
	const marker = supervisor.locator(`[data-testid="map-technician-list"] [data-technician="${tech.name}"]`);

	await tech.post(45.4642, 9.19, 0);
	await expect(marker).toHaveAttribute('data-position', '9.19000,45.46420');
	await tech.post(45.4701, 9.2012, 12);
	await expect(marker).toHaveAttribute('data-position', '9.20120,45.47010');
	await expect(marker).toContainText(/In viaggio|Sul posto|Fuori turno/);
	await tech.device.dispose();
});

test('the map: legend in words, filters and search, popup lists every state; a technician cannot open it', async ({ browser }) => {
	const dispatcher = await pageAs(browser, 'dispatcher@quadro.test');
	const call = await createCall(dispatcher, { priority: 'high' });
	await openMap(dispatcher);
	const legend = dispatcher.getByTestId('map-legend');
	for (const words of ['In ritardo', 'In scadenza', 'Insoluto', 'Non confermata', 'Non assegnata']) await expect(legend).toContainText(words);

	await dispatcher.getByRole('button', { name: 'Mostra come elenco' }).click();
	await dispatcher.getByLabel('Cerca cliente, matricola o numero chiamata').fill(call.number);
	await expect(dispatcher.locator('[data-testid="map-call-list"] li')).toHaveCount(1);
	await dispatcher.getByLabel('Priorità').selectOption('low');
	await expect(dispatcher.locator('[data-testid="map-call-list"] li')).toHaveCount(0);
	await dispatcher.getByLabel('Priorità').selectOption('high');
	await callEntry(dispatcher, call.number).getByRole('button').click();
	const panel = dispatcher.getByTestId('call-panel');
	await expect(panel).toContainText(call.number);
	await expect(panel).toContainText('Non assegnata');
	await expect(panel.getByRole('link', { name: 'Apri nella pianificazione' })).toHaveAttribute('href', new RegExp(`/board\\?date=\\d{4}-\\d{2}-\\d{2}&call=${call.id}`));

	const technician = await pageAs(browser, 'tecnico02@quadro.test', { width: 400, height: 800 });
	const res = await technician.request.get('/api/map');
	expect(res.status()).toBe(403);
});

/** Opens the office map's text list and the popup of one call. */
async function openCallPanel(page: Page, number: string) {
	await page.getByRole('button', { name: 'Mostra come elenco' }).click();
	await page.getByLabel('Cerca cliente, matricola o numero chiamata').fill(number);
	await callEntry(page, number).getByRole('button').click();
	const panel = page.getByTestId('call-panel');
	await expect(panel).toContainText(number);
	return panel;
}

test('a call both overdue and unassigned: the symbol shows overdue, the popup lists both; the nearest technicians are one click away', async ({ browser, playwright, baseURL }) => {
	const dispatcher = await pageAs(browser, 'dispatcher@quadro.test');
	const call = await createCall(dispatcher, { ...(await coveredUnit(dispatcher)), priority: 'medium' });
	const dues = [call.acknowledgeDue, call.onsiteDue, call.resolutionDue].filter((d): d is string => !!d).map(Date.parse);
	expect(dues.length, 'the covered unit has an SLA, so the call has due times').toBeGreaterThan(0);

	// A technician close to the site with a fresh position, so the list of candidates is not empty.
	const site = (await (await dispatcher.request.get(`/api/map/calls/${call.id}`)).json()).call as { lat: number; lng: number };
	const tech = await technicianDevice(playwright, baseURL, 'tecnico05@quadro.test');
	await tech.post(site.lat + 0.01, site.lng + 0.01, 0);

	// The page's clock: five minutes after the earliest due time.
	await dispatcher.clock.install({ time: new Date(Math.min(...dues) + 5 * 60_000) });
	await openMap(dispatcher);
	await expect(callEntry(dispatcher, call.number)).toHaveAttribute('data-state', 'overdue');
	// (Unpaid too, if the seed gave this customer overdue receivables.)
	await expect(callEntry(dispatcher, call.number)).toHaveAttribute('data-states', /^overdue (unpaid )?unassigned$/);

	const panel = await openCallPanel(dispatcher, call.number);
	const states = panel.getByTestId('call-states');
	await expect(states.locator('li[data-state="overdue"]')).toContainText('In ritardo');
	await expect(states.locator('li[data-state="unassigned"]')).toContainText('Non assegnata');

	await panel.getByRole('button', { name: 'Tecnici più vicini' }).click();
	const candidates = panel.getByTestId('candidates');
	await expect(candidates).toBeVisible();
	await expect(candidates.locator('li').first()).toContainText(/\d+(,\d)? km/);
	await expect(candidates).toContainText(tech.name);
	await tech.device.dispose();
});

test("clicking a technician shows today's jobs", async ({ browser, playwright, baseURL }) => {
	const tech = await technicianDevice(playwright, baseURL, 'tecnico06@quadro.test');
	await tech.post(45.07, 7.68, 0);
	const dispatcher = await pageAs(browser, 'dispatcher@quadro.test');
	const call = await createCall(dispatcher, { priority: 'low', description: 'Lavoro di oggi e2e mappa' });

	// Planned for today on the board (its Yjs document, as the board page writes it).
	const zone = 'Europe/Rome';
	const today = Temporal.Now.plainDateISO(zone).toString();
	const at = (hhmm: string) => Temporal.PlainDateTime.from(`${today}T${hhmm}`).toZonedDateTime(zone).toString({ timeZoneName: 'never' });
	const cookies = (await sessionOf('dispatcher@quadro.test')).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	const board = boardClient(baseURL!, `board:${today}`, { cookie: cookies, origin: baseURL! });
	try {
		await synced(board);
		putEntry(board.doc, 'assignment', crypto.randomUUID(), { callId: call.id, technicianId: tech.id, start: at('19:00'), end: at('19:45'), status: 'planned' });
		await expect.poll(async () => (await (await dispatcher.request.get(`/api/map/calls/${call.id}`)).json()).call?.technicianId, { message: 'the plan to be stored' }).toBe(tech.id);

		await openMap(dispatcher);
		await dispatcher.getByRole('button', { name: 'Mostra come elenco' }).click();
		await dispatcher.locator(`[data-testid="map-technician-list"] [data-technician="${tech.name}"]`).getByRole('button').click();
		const panel = dispatcher.getByTestId('technician-panel');
		await expect(panel).toContainText(tech.name);
		await expect(panel).toContainText('Lavori di oggi');
		const job = panel.getByTestId('technician-jobs').locator('li', { hasText: call.number });
		await expect(job).toContainText('19:00–19:45');
		await expect(job.getByRole('link', { name: call.number })).toHaveAttribute('href', `/calls/${call.id}`);
	} finally {
		board.destroy();
		await tech.device.dispose();
	}
});
