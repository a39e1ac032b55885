import { expect, test, type Page } from '@playwright/test';
import { callEntry, createCall, openMap, pageAs, romeDay } from './support/map-helpers';

// The live map: calls coloured by state, technicians moving live, every open map following the board.

test('an unassigned call changes colour on every open map when a dispatcher assigns it on the board', async ({ browser }) => {
	const dispatcher = await pageAs(browser, 'dispatcher@quadro.test');
	const supervisor = await pageAs(browser, 'supervisor@quadro.test');
	const maps: Page[] = [await pageAs(browser, 'dispatcher2@quadro.test'), supervisor];
	for (const map of maps) await openMap(map);

	const call = await createCall(dispatcher, { priority: 'low' });
	for (const map of maps) await expect(callEntry(map, call.number)).toHaveAttribute('data-states', /\bunassigned\b/);

	// The dispatcher drags the call from the queue onto a technician's lane.
	const day = romeDay(1);
	await dispatcher.goto(`/board?date=${day}`);
	await expect(dispatcher.getByTestId('connection-status')).toHaveText('in linea');
	const lane = dispatcher.locator('[data-testid="lane"]').first();
	const track = lane.locator('.track');
	const box = (await track.boundingBox())!;
	await dispatcher.locator(`[data-testid="queue-card"][data-call-id="${call.id}"]`).dragTo(track, { targetPosition: { x: ((10 * 60 - 7 * 60) / (13 * 60)) * box.width + 2, y: 20 } });
	await expect(dispatcher.locator(`[data-testid="assignment"][data-call-id="${call.id}"]`)).toBeVisible();

	for (const map of maps) {
		await expect(callEntry(map, call.number)).toHaveAttribute('data-states', /\bunconfirmed\b/);
		await expect(callEntry(map, call.number)).not.toHaveAttribute('data-states', /\bunassigned\b/);
	}
});

test("a technician's marker moves when a position is posted", async ({ browser, playwright, baseURL }) => {
	const supervisor = await pageAs(browser, 'supervisor@quadro.test');
	await openMap(supervisor);
	const admin = await pageAs(browser, 'admin@quadro.test');

	// The technician's own device posts positions through the positions API.
	const device = await playwright.request.newContext({ baseURL });
	const login = await device.post('/api/auth/login', { data: { email: 'tecnico03@quadro.test', password: 'quadro-demo' } });
	expect(login.status()).toBe(200);
	const me = await (await device.get('/api/me')).json();
	const techs = (await (await admin.request.get('/api/technicians')).json()) as Array<{ id: string; name: string }>;
	const tech = techs.find((t) => t.name === me.user.name)!;
	expect(tech).toBeTruthy();
	const marker = supervisor.locator(`[data-testid="map-technician-list"] [data-technician="${tech.name}"]`);

	const post = async (lat: number, lng: number, speed: number) => {
		const res = await device.post(`/api/technicians/${tech.id}/positions`, { data: { lat, lng, speed, heading: 90, accuracy: 8, recordedAt: new Date().toISOString() } });
		expect(res.status(), await res.text()).toBe(201);
	};
	await post(45.4642, 9.19, 0);
	await expect(marker).toHaveAttribute('data-position', '9.19000,45.46420');
	await post(45.4701, 9.2012, 12);
	await expect(marker).toHaveAttribute('data-position', '9.20120,45.47010');
	await expect(marker).toContainText(/In viaggio|Sul posto|Fuori turno/);
	await device.dispose();
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
