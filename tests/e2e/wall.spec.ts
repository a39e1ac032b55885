import { expect, test, type Page } from '@playwright/test';
import { callEntry, coveredUnit, createCall, createWallScreen, openWall, pageAs } from './support/map-helpers';

// The wall screen: a kiosk opened by token, dark, live; colours follow the page's own clock;
// a revoked token stops working at once, open screen included; it rides out network loss.

test('a call turns from "due soon" to "overdue" on the wall as the clock passes its due time', async ({ browser }) => {
	const admin = await pageAs(browser, 'admin@quadro.test');
	const path = await createWallScreen(admin, 'Centrale e2e orologio');
	const call = await createCall(admin, await coveredUnit(admin));
	const dues = [call.acknowledgeDue, call.onsiteDue, call.resolutionDue].filter((d): d is string => !!d).map(Date.parse);
	expect(dues.length, 'the seeded site has an SLA, so the call has due times').toBeGreaterThan(0);
	const due = Math.min(...dues);

	// The TV's clock: 30 minutes before the earliest due time (inside the 2-hour warning window).
	const { wall } = await openWall(browser, path, new Date(due - 30 * 60_000));
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

test('a revoked token stops working at once, on the open screen too, and says so in Italian', async ({ browser }) => {
	const admin = await pageAs(browser, 'admin@quadro.test');
	const name = `Centrale e2e revoca ${Date.now().toString(36)}`;
	const path = await createWallScreen(admin, name);
	const { context, wall } = await openWall(browser, path);

	// The token is not a session: it opens nothing else.
	expect((await context.request.get('/api/map')).status()).toBe(401);

	await admin.goto('/admin/wall-screens');
	await admin.locator('body[data-hydrated]').waitFor();
	await admin.locator(`tr[data-screen="${name}"]`).getByRole('button', { name: 'Revoca' }).click();
	await expect(admin.locator(`tr[data-screen="${name}"]`)).toContainText('Revocato');

	await expect(wall.getByTestId('wall-revoked')).toBeVisible({ timeout: 5_000 });
	const page = await context.request.get(path);
	expect(page.status()).toBe(401);
	expect(await page.text()).toContain('non è valido o è stato revocato');
	expect((await context.request.get(`${path}/data`)).status()).toBe(401);

	// Opened again (the TV restarting), the link shows why, in words a TV viewer can read.
	await wall.goto(path);
	await expect(wall.getByTestId('wall-invalid')).toHaveText(/^Questo collegamento per lo schermo a parete non è valido o è stato revocato\./);
	await expect(wall.locator('html')).toHaveAttribute('lang', 'it');
});

test('the wall legend is text, not only colour', async ({ browser }) => {
	const admin = await pageAs(browser, 'admin@quadro.test');
	const path = await createWallScreen(admin, 'Centrale e2e legenda');
	const { wall } = await openWall(browser, path);
	const legend = wall.getByTestId('map-legend');
	for (const words of ['In ritardo', 'In scadenza', 'Insoluto', 'Non confermata', 'Non assegnata', 'Sul posto', 'In viaggio', 'Libero']) {
		await expect(legend).toContainText(words);
	}
	await expect(wall.getByTestId('kpi-strip')).toContainText('SLA violati oggi');
	await expect(wall.getByTestId('kpi-strip')).toContainText('in scadenza entro 2 ore');
});

type SnapshotCall = {
	status: string;
	priority: 'low' | 'medium' | 'high';
	acknowledgeDue: string | null;
	onsiteDue: string | null;
	resolutionDue: string | null;
	acknowledgedAt: string | null;
	completedAt: string | null;
	assignment: 'none' | 'planned' | 'confirmed';
};
type Snapshot = { calls: SnapshotCall[]; technicians: Array<{ status: string }> };

/** What the strip should say, worked out here from the wall's own data by the rules in words. */
function expectedKpis(snapshot: Snapshot, now: Date): Record<string, number> {
	const day = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(at));
	const today = day(now.getTime());
	const t = now.getTime();
	const k: Record<string, number> = { 'open-high': 0, 'open-medium': 0, 'open-low': 0, breached: 0, 'due-2h': 0, unassigned: 0, 'on-site': 0, travelling: 0, free: 0, completed: 0 };
	for (const c of snapshot.calls) {
		if (c.status === 'cancelled') continue;
		if (c.status === 'completed' || c.status === 'closed') {
			if (!c.completedAt || day(Date.parse(c.completedAt)) !== today) continue;
			k.completed++;
			const done = Date.parse(c.completedAt);
			if ([c.onsiteDue, c.resolutionDue].some((d) => d && Date.parse(d) < done && day(Date.parse(d)) === today)) k.breached++;
			continue;
		}
		k[`open-${c.priority}`]++;
		const pending = [c.acknowledgedAt ? null : c.acknowledgeDue, c.status === 'on_site' ? null : c.onsiteDue, c.resolutionDue].filter((d): d is string => !!d).map(Date.parse);
		if (pending.some((d) => d <= t && day(d) === today)) k.breached++;
		if (pending.some((d) => d > t && d - t <= 2 * 3600_000)) k['due-2h']++;
		if (c.status === 'new' && c.assignment === 'none') k.unassigned++;
	}
	for (const tech of snapshot.technicians) {
		const key = { onSite: 'on-site', travelling: 'travelling', free: 'free' }[tech.status];
		if (key) k[key]++;
	}
	return k;
}

const shownKpis = (wall: Page) =>
	wall.getByTestId('kpi-strip').evaluate((strip) => Object.fromEntries([...strip.querySelectorAll<HTMLElement>('[data-kpi]')].map((b) => [b.dataset.kpi!, Number(b.textContent)])));

test('the KPI strip shows the right numbers and follows a new call live', async ({ browser }) => {
	// Several page loads and timed steps: more than the default budget on a busy machine (a CI run
	// took 10 s to hydrate a wall page and 14 s more to connect it).
	test.setTimeout(120_000);
	const admin = await pageAs(browser, 'admin@quadro.test');
	const path = await createWallScreen(admin, 'Centrale e2e indicatori');
	const { context, wall } = await openWall(browser, path);
	// Other tests create calls meanwhile: compare the strip with the data until both agree.
	const agree = async () => {
		const snapshot = (await (await context.request.get(`${path}/data`)).json()) as Snapshot;
		const [shown, expected] = [await shownKpis(wall), expectedKpis(snapshot, new Date())];
		return JSON.stringify(shown) === JSON.stringify(expected) ? 'agree' : `shown ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`;
	};
	await expect.poll(agree, { timeout: 10_000 }).toBe('agree');
	const before = await shownKpis(wall);
	expect(before['open-high'] + before['open-medium'] + before['open-low']).toBeGreaterThan(0);

	await createCall(admin, { priority: 'high', description: 'Guasto nuovo per gli indicatori' });
	await expect.poll(async () => (await shownKpis(wall))['open-high']).toBeGreaterThanOrEqual(before['open-high'] + 1);
	await expect.poll(async () => (await shownKpis(wall)).unassigned).toBeGreaterThanOrEqual(before.unassigned + 1);
	await expect.poll(agree, { timeout: 10_000 }).toBe('agree');
});

test('the wall rides out a network loss: "reconnecting" meanwhile, then live again with what changed', async ({ browser }) => {
	// Several page loads and timed steps: more than the default budget on a busy machine (a CI run
	// took 10 s to hydrate a wall page and 14 s more to connect it).
	test.setTimeout(120_000);
	const admin = await pageAs(browser, 'admin@quadro.test');
	const path = await createWallScreen(admin, 'Centrale e2e rete');
	const old = await createCall(admin, { priority: 'medium', description: 'Guasto che verrà annullato' });
	const { context, wall } = await openWall(browser, path);
	await expect(callEntry(wall, old.number)).toHaveCount(1);

	await context.setOffline(true);
	await expect(wall.getByTestId('live-map')).toHaveAttribute('data-live', 'reconnecting');
	await expect(wall.getByTestId('connection-state')).toHaveText('Riconnessione in corso…');

	// Meanwhile: one call is cancelled, another opened. Nothing reaches the screen yet.
	const cancel = await admin.request.post(`/api/calls/${old.id}/status`, { data: { status: 'cancelled', reason: 'risolto al telefono' } });
	expect(cancel.status(), await cancel.text()).toBe(200);
	const fresh = await createCall(admin, { priority: 'high', description: 'Guasto aperto durante la disconnessione' });
	await wall.waitForTimeout(1_500);
	await expect(callEntry(wall, fresh.number)).toHaveCount(0);
	await expect(callEntry(wall, old.number)).toHaveCount(1);

	await context.setOffline(false);
	// Back online the screen reconnects at once; on a loaded machine the page's timers run late.
	await expect(wall.getByTestId('live-map')).toHaveAttribute('data-live', 'live', { timeout: 20_000 });
	await expect(wall.getByTestId('connection-state')).toHaveCount(0);
	await expect(callEntry(wall, fresh.number)).toHaveAttribute('data-states', /\bunassigned\b/);
	await expect(callEntry(wall, old.number)).toHaveCount(0);

	// And live again: the next change arrives by itself.
	const next = await createCall(admin, { priority: 'low', description: 'Guasto dopo la riconnessione' });
	await expect(callEntry(wall, next.number)).toHaveCount(1);
});

test('the 6-hourly refresh waits for the network instead of leaving the browser error page', async ({ browser }) => {
	// Two page loads, a network loss and a reconnection: the clean-clone run once used all of 60 s.
	test.setTimeout(120_000);
	const admin = await pageAs(browser, 'admin@quadro.test');
	const path = await createWallScreen(admin, 'Centrale e2e ricarica');
	const { context, wall } = await openWall(browser, path, new Date());
	// A mark on this page's window: gone once the page has really been reloaded.
	const markPage = () => wall.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
	const stillSamePage = () => wall.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload === true).catch(() => false);
	await markPage();

	await context.setOffline(true);
	await expect(wall.getByTestId('live-map')).toHaveAttribute('data-live', 'reconnecting');
	await wall.clock.fastForward('06:05:00');
	// Offline the check gives up before asking anything; give a wrong reload time to show up anyway.
	await wall.waitForTimeout(2_000);
	expect(await stillSamePage(), 'no reload without network').toBe(true);
	await expect(wall.getByTestId('wall-screen')).toBeVisible();

	await context.setOffline(false);
	// Back online the screen reconnects at once; on a loaded machine the page's timers run late.
	await expect(wall.getByTestId('live-map')).toHaveAttribute('data-live', 'live', { timeout: 20_000 });
	await wall.clock.fastForward('05:00');
	// The check asks the server (HEAD) and then reloads: wait for the new page, however slow the server.
	await expect.poll(stillSamePage, { message: 'the reload happens once the server answers', timeout: 20_000 }).toBe(false);
	await wall.locator('body[data-hydrated]').waitFor({ timeout: 30_000 });
	await expect(wall.getByTestId('live-map')).toHaveAttribute('data-live', 'live', { timeout: 20_000 });
});

test('a wall screen with areas rotates between them on its timer', async ({ browser }) => {
	// Several page loads and timed steps: more than the default budget on a busy machine (a CI run
	// took 10 s to hydrate a wall page and 14 s more to connect it).
	test.setTimeout(120_000);
	const admin = await pageAs(browser, 'admin@quadro.test');
	const path = await createWallScreen(admin, 'Centrale e2e rotazione', { areas: 2, seconds: 10 });
	const { wall } = await openWall(browser, path, new Date());
	const area = wall.getByTestId('wall-area');

	await wall.clock.fastForward('00:10');
	await expect(area).toHaveText(/· \S/);
	const first = await area.textContent();
	await wall.clock.fastForward('00:10');
	await expect(area).not.toHaveText(first!);
	const second = await area.textContent();
	await wall.clock.fastForward('00:10');
	await expect(area).toHaveText(first!);
	await wall.clock.fastForward('00:10');
	await expect(area).toHaveText(second!);
});
