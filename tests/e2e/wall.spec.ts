import { expect, test } from '@playwright/test';
import { callEntry, coveredUnit, createCall, createWallScreen, pageAs } from './support/map-helpers';

// The wall screen: a kiosk opened by token, dark, live; colours follow the page's own clock;
// a revoked token stops working at once, open screen included.

test('a call turns from "due soon" to "overdue" on the wall as the clock passes its due time', async ({ browser }) => {
	const admin = await pageAs(browser, 'admin@quadro.test');
	const path = await createWallScreen(admin, 'Centrale e2e orologio');
	const call = await createCall(admin, await coveredUnit(admin));
	const dues = [call.acknowledgeDue, call.onsiteDue, call.resolutionDue].filter((d): d is string => !!d).map(Date.parse);
	expect(dues.length, 'the seeded site has an SLA, so the call has due times').toBeGreaterThan(0);
	const due = Math.min(...dues);

	const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	// The TV's clock: 30 minutes before the earliest due time (inside the 2-hour warning window).
	await wall.clock.install({ time: new Date(due - 30 * 60_000) });
	await wall.goto(path);
	await wall.locator('body[data-hydrated]').waitFor();
	await expect(wall.getByTestId('wall-screen')).toBeVisible();
	await expect(callEntry(wall, call.number)).toHaveAttribute('data-state', 'dueSoon');
	await expect(wall.getByTestId('kpi-strip')).toBeVisible();

	// No event from anyone: only time passes.
	await wall.clock.fastForward('29:00');
	await expect(callEntry(wall, call.number)).toHaveAttribute('data-state', 'dueSoon');
	await wall.clock.fastForward('02:00');
	await expect(callEntry(wall, call.number)).toHaveAttribute('data-state', 'overdue');
	await expect(callEntry(wall, call.number)).toHaveAttribute('data-states', /unassigned/);
});

test('a revoked token stops working at once, on the open screen too', async ({ browser }) => {
	const admin = await pageAs(browser, 'admin@quadro.test');
	const path = await createWallScreen(admin, 'Centrale e2e revoca');
	const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const wall = await wallContext.newPage();
	await wall.goto(path);
	await wall.locator('body[data-hydrated]').waitFor();
	await expect(wall.getByTestId('live-map')).toHaveAttribute('data-live', 'live');

	// The token is not a session: it opens nothing else.
	expect((await wallContext.request.get('/api/map')).status()).toBe(401);

	await admin.goto('/admin/wall-screens');
	await admin.locator('body[data-hydrated]').waitFor();
	await admin.locator('tr[data-screen="Centrale e2e revoca"]').getByRole('button', { name: 'Revoca' }).click();
	await expect(admin.locator('tr[data-screen="Centrale e2e revoca"]')).toContainText('Revocato');

	await expect(wall.getByTestId('wall-revoked')).toBeVisible({ timeout: 5_000 });
	expect((await wallContext.request.get(path)).status()).toBe(401);
	expect((await wallContext.request.get(`${path}/data`)).status()).toBe(401);
});

test('the wall legend and KPIs are text, not only colour', async ({ browser }) => {
	const admin = await pageAs(browser, 'admin@quadro.test');
	const path = await createWallScreen(admin, 'Centrale e2e legenda');
	const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await wall.goto(path);
	const legend = wall.getByTestId('map-legend');
	for (const words of ['In ritardo', 'In scadenza', 'Insoluto', 'Non confermata', 'Non assegnata', 'Sul posto', 'In viaggio', 'Libero']) {
		await expect(legend).toContainText(words);
	}
	await expect(wall.getByTestId('kpi-strip')).toContainText('SLA violati oggi');
	await expect(wall.getByTestId('kpi-strip')).toContainText('in scadenza entro 2 ore');
});
