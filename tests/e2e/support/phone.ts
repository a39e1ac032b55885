import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { Temporal } from 'temporal-polyfill';
import { putEntry } from '../../../src/lib/realtime/board-doc';
import { boardClient, synced, type BoardClient } from '../../support/realtime-clients';
import { DEMO_PASSWORD, logIn } from './login';

/**
 * Helpers shared by the technician app's browser tests (*.phone.spec.ts): a phone to hold, and
 * the office's side of each arrangement (calls, the board) made over HTTP and the board's socket,
 * as a dispatcher's own browser would.
 */

export const ZONE = 'Europe/Rome';

/** Today's (Rome) board day. */
export const today = () => Temporal.Now.plainDateISO(ZONE);
export const tomorrow = () => today().add({ days: 1 });

/** The board's form of local time `hhmm` on `day` (an ISO time with the Rome offset). */
export const at = (day: Temporal.PlainDate, hhmm: string) => Temporal.PlainDateTime.from(`${day}T${hhmm}`).toZonedDateTime(ZONE).toString({ timeZoneName: 'never' });

/** A window inside today's (Rome) board day around now, so the board's "inside the day" rule holds. */
export function windowNow(): { start: string; end: string } {
	const now = Temporal.Now.zonedDateTimeISO(ZONE).round({ smallestUnit: 'minute', roundingMode: 'floor' });
	const dayStart = now.startOfDay();
	const dayEnd = dayStart.add({ days: 1 }).subtract({ minutes: 1 });
	let start = now.subtract({ minutes: 15 });
	if (Temporal.ZonedDateTime.compare(start, dayStart) < 0) start = dayStart;
	let end = start.add({ minutes: 60 });
	if (Temporal.ZonedDateTime.compare(end, dayEnd) > 0) end = dayEnd;
	const fmt = (z: Temporal.ZonedDateTime) => z.toString({ timeZoneName: 'never' });
	return { start: fmt(start), end: fmt(end) };
}

// ---------------------------------------------------------------- the phone

/** A fresh browser context the size of a 360 px phone, Italian, on Rome time. */
export function phoneContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
	return browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'it-IT', timezoneId: ZONE, ...options });
}

/** A page of a fresh phone logged in as `email`. */
export async function phoneAs(browser: Browser, email: string, options: BrowserContextOptions = {}): Promise<Page> {
	const page = await (await phoneContext(browser, options)).newPage();
	// Right after the server starts the login form can be filled before it hydrates: retry once.
	await logIn(page, email).catch(() => logIn(page, email));
	return page;
}

/** Logged in on a phone, on `path`, hydrated (the connection may still be coming up). */
export async function phoneOn(browser: Browser, email: string, path: string): Promise<{ page: Page; context: BrowserContext }> {
	const page = await phoneAs(browser, email);
	await page.goto(path);
	await page.locator('body[data-hydrated]').waitFor();
	return { page, context: page.context() };
}

/** The same, on My day, hydrated and connected. */
export async function phoneOnline(browser: Browser, email: string, options: BrowserContextOptions = {}): Promise<Page> {
	const page = await phoneAs(browser, email, options);
	await page.locator('body[data-hydrated]').waitFor();
	// Live changes reach a connected app; one made before it connects arrives with the refresh on connect.
	await expect(page.getByTestId('field-connection')).toHaveAttribute('data-online', 'true');
	return page;
}

export const job = (page: Page, callId: string) => page.locator(`[data-testid="job"][data-call-id="${callId}"]`);

export async function technicianIdOf(page: Page): Promise<string> {
	return (await (await page.request.get('/api/field/day')).json()).technician.id;
}

/** Draws a signature on the pad with the mouse, as a finger would. */
export async function sign(page: Page, testId: string) {
	const canvas = page.getByTestId(testId);
	await canvas.scrollIntoViewIfNeeded();
	const box = (await canvas.boundingBox())!;
	await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
	await page.mouse.down();
	for (const [dx, dy] of [[60, -30], [110, 20], [160, -25], [220, 15], [280, -10]]) await page.mouse.move(box.x + dx, box.y + box.height * 0.5 + dy, { steps: 4 });
	await page.mouse.up();
}

// ---------------------------------------------------------------- the office, over HTTP

/** The session cookie of a user logged in through the API (for calls made outside any page). */
export async function cookieOf(baseURL: string, email: string): Promise<string> {
	const res = await fetch(`${baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
	expect(res.status).toBe(200);
	return res.headers.getSetCookie().find((c) => c.startsWith('quadro_session='))!.split(';')[0];
}

/** A JSON request as the user of `cookie`: its status and its body (null when it has none). */
export async function api(baseURL: string, cookie: string, path: string, init: RequestInit = {}) {
	const res = await fetch(`${baseURL}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) } });
	return { status: res.status, body: await res.json().catch(() => null) };
}

export type CreatedCall = { id: string; number: string };

/** A new high-priority breakdown call of 60 minutes, with `body` for the rest (customer, site…). */
export async function createCall(baseURL: string, cookie: string, body: Record<string, unknown>): Promise<CreatedCall> {
	const res = await api(baseURL, cookie, '/api/calls', { method: 'POST', body: JSON.stringify({ priority: 'high', type: 'breakdown', estimatedMinutes: 60, ...body }) });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body;
}

type Site = { customerId: string; siteId: string; lat: number; lng: number };
let site: Site | null = null;

/** A demo site with a location (the first found, then the same one for the whole worker). */
export async function demoSite(baseURL: string, cookie: string): Promise<Site> {
	if (site) return site;
	const customers = (await api(baseURL, cookie, '/api/customers?pageSize=5')).body.items as Array<{ id: string }>;
	for (const c of customers) {
		const res = (await api(baseURL, cookie, `/api/customers/${c.id}/sites`)).body;
		const sites = (Array.isArray(res) ? res : res.items) as Array<{ id: string; location: { lat: number; lng: number } | null }>;
		const s = sites.find((x) => x.location);
		if (s) {
			site = { customerId: c.id, siteId: s.id, lat: s.location!.lat, lng: s.location!.lng };
			return site;
		}
	}
	throw new Error('no demo site with a location');
}

/** A new call at the demo site. */
export async function siteCall(baseURL: string, cookie: string, description: string, extra: Record<string, unknown> = {}): Promise<CreatedCall> {
	const { customerId, siteId } = await demoSite(baseURL, cookie);
	return createCall(baseURL, cookie, { customerId, siteId, description, ...extra });
}

type Unit = { id: string; siteId: string; customerId: string };

/**
 * A demo copier with a meter reading, its meter and last value. The specs that report readings
 * take theirs from different ends of the list so parallel workers do not read the same meter.
 */
export async function unitWithMeter(baseURL: string, cookie: string, from: 'start' | 'end') {
	const units = (await api(baseURL, cookie, '/api/equipment?category=copier_mono&status=active&pageSize=50')).body.items as Unit[];
	for (const unit of from === 'end' ? units.reverse() : units) {
		const meters = (await api(baseURL, cookie, `/api/equipment/${unit.id}/meters`)).body.meters as Array<{ meterType: string; lastReading: { value: number } | null }>;
		const meter = meters.find((x) => x.lastReading);
		if (meter) return { unit, meterType: meter.meterType, last: meter.lastReading!.value };
	}
	throw new Error('no demo unit with a meter reading');
}

// ---------------------------------------------------------------- the board

/** A day's board as a dispatcher's browser holds it, synced; destroy it when done. */
export async function boardOf(baseURL: string, cookie: string, day: Temporal.PlainDate): Promise<BoardClient> {
	const board = boardClient(baseURL, `board:${day}`, { cookie, origin: baseURL });
	await synced(board);
	return board;
}

export type BoardEntry = { callId: string; technicianId: string; start: string; end: string; status?: 'planned' | 'confirmed' };

/** Puts assignments on a day's board, as a dispatcher dragging calls onto a technician, and waits for each call to be assigned. */
export async function assign(baseURL: string, dispatcher: string, day: Temporal.PlainDate, entries: BoardEntry[]) {
	const board = await boardOf(baseURL, dispatcher, day);
	try {
		for (const { status = 'planned', ...e } of entries) putEntry(board.doc, 'assignment', crypto.randomUUID(), { ...e, status });
		for (const e of entries) await expect.poll(async () => (await api(baseURL, dispatcher, `/api/calls/${e.callId}`)).body?.status, { timeout: 10_000 }).toBe('assigned');
	} finally {
		board.destroy();
	}
}

/**
 * A call on a unit with a meter, assigned on today's board to `technician` around now. `prepare`
 * runs between choosing the unit and opening the call (a spec adds a site contact there).
 */
export async function assignedCall(baseURL: string, technician: string, description: string, options: { unitFrom: 'start' | 'end'; prepare?: (unit: Unit, dispatcher: string) => Promise<void> }) {
	const dispatcher = await cookieOf(baseURL, 'dispatcher@quadro.test');
	const { unit, meterType, last } = await unitWithMeter(baseURL, dispatcher, options.unitFrom);
	await options.prepare?.(unit, dispatcher);
	const call = await createCall(baseURL, dispatcher, { customerId: unit.customerId, siteId: unit.siteId, equipmentId: unit.id, description });
	const tech = await cookieOf(baseURL, technician);
	const technicianId = (await api(baseURL, tech, '/api/field/day')).body.technician.id as string;
	await assign(baseURL, dispatcher, today(), [{ callId: call.id, technicianId, ...windowNow() }]);
	return { call, meterType, last, dispatcher, tech };
}
