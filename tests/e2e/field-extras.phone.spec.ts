import { deflateSync } from 'node:zlib';
import { expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import postgres from 'postgres';
import { Temporal } from 'temporal-polyfill';
import { putEntry } from '../../src/lib/realtime/board-doc';
import { boardClient, synced, type BoardClient } from '../support/realtime-clients';
import { DEMO_PASSWORD, logIn } from './support/login';

// The technician app's smaller promises, on a 360 px phone, each in a fresh browser context:
// the job card's navigate and call links, tomorrow's jobs at a tap, a position sent on each
// status change, an offline outbox sent in order, and a camera photo resized on the device.
// Each test has technicians of its own (tecnico10-14) so the two workers never share a day.

const ZONE = 'Europe/Rome';
const DATABASE_URL = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro_test_e2e';
const today = () => Temporal.Now.plainDateISO(ZONE).toString();
const tomorrow = () => Temporal.Now.plainDateISO(ZONE).add({ days: 1 }).toString();
const at = (day: string, hhmm: string) => Temporal.PlainDateTime.from(`${day}T${hhmm}`).toZonedDateTime(ZONE).toString({ timeZoneName: 'never' });

const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

async function phone(browser: Browser, email: string, options: BrowserContextOptions = {}): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'it-IT', timezoneId: ZONE, ...options });
	const page = await context.newPage();
	await logIn(page, email).catch(() => logIn(page, email));
	await page.locator('body[data-hydrated]').waitFor();
	await expect(page.getByTestId('field-connection')).toHaveAttribute('data-online', 'true');
	return page;
}

async function cookieOf(baseURL: string, email: string): Promise<string> {
	const res = await fetch(`${baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
	expect(res.status).toBe(200);
	return res.headers.getSetCookie().find((c) => c.startsWith('quadro_session='))!.split(';')[0];
}

async function api(baseURL: string, cookie: string, path: string, init: RequestInit = {}) {
	const res = await fetch(`${baseURL}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) } });
	return { status: res.status, body: await res.json().catch(() => null) };
}

type Site = { customerId: string; siteId: string; lat: number; lng: number };
let site: Site | null = null;
async function demoSite(baseURL: string, cookie: string): Promise<Site> {
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

async function createCall(baseURL: string, cookie: string, description: string, extra: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
	const { customerId, siteId } = await demoSite(baseURL, cookie);
	const res = await api(baseURL, cookie, '/api/calls', { method: 'POST', body: JSON.stringify({ customerId, siteId, priority: 'high', type: 'breakdown', description, estimatedMinutes: 60, ...extra }) });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body;
}

async function technicianIdOf(page: Page): Promise<string> {
	return (await (await page.request.get('/api/field/day')).json()).technician.id;
}

async function board(baseURL: string, cookie: string, day: string): Promise<BoardClient> {
	const b = boardClient(baseURL, `board:${day}`, { cookie, origin: baseURL });
	await synced(b);
	return b;
}

/** Puts assignments on a day's board, as a dispatcher dragging calls onto a technician. */
async function assign(baseURL: string, cookie: string, day: string, entries: Array<{ callId: string; technicianId: string; from: string; to: string; status: 'planned' | 'confirmed' }>) {
	const b = await board(baseURL, cookie, day);
	try {
		for (const e of entries) putEntry(b.doc, 'assignment', crypto.randomUUID(), { callId: e.callId, technicianId: e.technicianId, start: at(day, e.from), end: at(day, e.to), status: e.status });
		for (const e of entries) await expect.poll(async () => (await api(baseURL, cookie, `/api/calls/${e.callId}`)).body?.status, { timeout: 10_000 }).not.toBe('new');
	} finally {
		b.destroy();
	}
}

const job = (page: Page, callId: string) => page.locator(`[data-testid="job"][data-call-id="${callId}"]`);

test('the job card opens the phone’s maps app at the site (Apple Maps on an iPhone, geo: on Android) and calls the contact', async ({ browser, baseURL }) => {
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const iphone = await phone(browser, 'tecnico10@quadro.test', { userAgent: IPHONE_UA });
	const call = await createCall(baseURL!, cookie, 'Caldaia in blocco e2e naviga', { contactName: 'Sig.ra Bruni', contactPhone: '+39 02 1234567' });
	const s = await demoSite(baseURL!, cookie);
	await assign(baseURL!, cookie, today(), [{ callId: call.id, technicianId: await technicianIdOf(iphone), from: '09:00', to: '10:00', status: 'planned' }]);
	await iphone.reload();
	await iphone.locator('body[data-hydrated]').waitFor();

	const card = job(iphone, call.id);
	const navigate = card.getByRole('link', { name: 'Naviga' });
	await expect(navigate).toBeVisible();
	const href = new URL((await navigate.getAttribute('href'))!);
	expect(href.hostname).toBe('maps.apple.com');
	const [lat, lng] = href.searchParams.get('daddr')!.split(',').map(Number);
	expect(lat).toBeCloseTo(s.lat, 5);
	expect(lng).toBeCloseTo(s.lng, 5);
	const tel = card.getByRole('link', { name: 'Chiama Sig.ra Bruni' });
	await expect(tel).toBeVisible();
	await expect(tel).toHaveAttribute('href', 'tel:+39 02 1234567');
	// Both are big enough to hit with a thumb.
	for (const link of [navigate, tel]) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await iphone.context().close();

	// The same technician on an Android phone gets a geo: intent with the address as its label.
	const android = await phone(browser, 'tecnico10@quadro.test', { userAgent: ANDROID_UA });
	const geo = await job(android, call.id).getByRole('link', { name: 'Naviga' }).getAttribute('href');
	expect(geo).toMatch(new RegExp(`^geo:${s.lat},${s.lng}\\?q=${s.lat},${s.lng}\\(.+\\)$`));
	await android.context().close();
});

test('tomorrow’s jobs are one tap away ("Domani")', async ({ browser, baseURL }) => {
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const tech = await phone(browser, 'tecnico11@quadro.test');
	const call = await createCall(baseURL!, cookie, 'Manutenzione programmata e2e domani');
	await assign(baseURL!, cookie, tomorrow(), [{ callId: call.id, technicianId: await technicianIdOf(tech), from: '08:30', to: '09:30', status: 'planned' }]);

	await tech.reload();
	await tech.locator('body[data-hydrated]').waitFor();
	await expect(tech.getByRole('link', { name: 'Oggi' })).toHaveAttribute('aria-current', 'page');
	await expect(job(tech, call.id)).toHaveCount(0);

	await tech.getByRole('link', { name: 'Domani' }).click();
	await expect(tech).toHaveURL(new RegExp(`/t\\?date=${tomorrow()}$`));
	await expect(tech.getByRole('link', { name: 'Domani' })).toHaveAttribute('aria-current', 'page');
	const heading = new Intl.DateTimeFormat('it-IT', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${tomorrow()}T12:00:00Z`));
	await expect(tech.getByRole('heading', { level: 2, name: new RegExp(heading, 'i') })).toBeVisible();
	await expect(job(tech, call.id)).toBeVisible();
	await expect(job(tech, call.id)).toContainText('08:30');
	await expect(job(tech, call.id)).toContainText(call.number);

	await tech.getByRole('link', { name: 'Oggi' }).click();
	await expect(job(tech, call.id)).toHaveCount(0);
	await tech.context().close();
});

test('a status change sends where the phone is, at once (not only every 30 s or 100 m)', async ({ browser, baseURL }) => {
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const start = { latitude: 45.4642, longitude: 9.19 };
	const tech = await phone(browser, 'tecnico12@quadro.test', { permissions: ['geolocation'], geolocation: { ...start, accuracy: 10 } });
	const techId = await technicianIdOf(tech);
	const call = await createCall(baseURL!, cookie, 'Ascensore bloccato e2e posizione');
	await assign(baseURL!, cookie, today(), [{ callId: call.id, technicianId: techId, from: '11:00', to: '12:00', status: 'confirmed' }]);
	await tech.reload();
	await tech.locator('body[data-hydrated]').waitFor();
	await expect(job(tech, call.id)).toBeVisible();

	const current = async () => (await api(baseURL!, cookie, `/api/technicians/${techId}/positions?limit=1`)).body?.current as { lat: number; lng: number } | null;
	const currentLat = async () => (await current())?.lat ?? Number.NaN;
	// Consent and on duty: the first fix goes out.
	await tech.getByTestId('position-consent').check();
	await tech.getByTestId('on-duty').check();
	await expect.poll(currentLat, { timeout: 10_000 }).toBeCloseTo(start.latitude, 5);

	// 50 m north, a moment later: under both thresholds, so the throttle alone would not send it.
	const moved = { latitude: 45.46465, longitude: 9.19 };
	await tech.context().setGeolocation({ ...moved, accuracy: 10 });
	await tech.waitForTimeout(1500);
	expect(await currentLat()).toBeCloseTo(start.latitude, 5);

	await job(tech, call.id).getByRole('button', { name: 'In viaggio' }).click();
	await expect(job(tech, call.id)).toHaveAttribute('data-status', 'travelling');
	// Well inside the 30 s timer: only the status change can have sent it.
	await expect.poll(currentLat, { timeout: 8_000 }).toBeCloseTo(moved.latitude, 5);
	await tech.context().close();
});

test('offline, several changes wait in the outbox and are sent in the order they were made', async ({ browser, baseURL }) => {
	const cookie = await cookieOf(baseURL!, 'dispatcher2@quadro.test');
	const tech = await phone(browser, 'tecnico13@quadro.test');
	const techId = await technicianIdOf(tech);
	const [a, b, c] = [
		await createCall(baseURL!, cookie, 'Outbox e2e primo'),
		await createCall(baseURL!, cookie, 'Outbox e2e secondo'),
		await createCall(baseURL!, cookie, 'Outbox e2e terzo')
	];
	await assign(baseURL!, cookie, today(), [
		{ callId: a.id, technicianId: techId, from: '13:00', to: '14:00', status: 'confirmed' },
		{ callId: b.id, technicianId: techId, from: '14:00', to: '15:00', status: 'confirmed' },
		{ callId: c.id, technicianId: techId, from: '15:00', to: '16:00', status: 'planned' }
	]);
	await tech.reload();
	await tech.locator('body[data-hydrated]').waitFor();
	for (const x of [a, b, c]) await expect(job(tech, x.id)).toBeVisible();

	await tech.context().setOffline(true);
	// Made in this order: the second call first, then the first, then accepting the third.
	await job(tech, b.id).getByRole('button', { name: 'In viaggio' }).click();
	await expect(tech.getByTestId('pending-item')).toHaveCount(1);
	await tech.waitForTimeout(50);
	await job(tech, a.id).getByRole('button', { name: 'In viaggio' }).click();
	await expect(tech.getByTestId('pending-item')).toHaveCount(2);
	await tech.waitForTimeout(50);
	await job(tech, c.id).getByRole('button', { name: 'Accetta' }).click();
	await expect(tech.getByTestId('pending-item')).toHaveCount(3);
	for (const x of [a, b, c]) expect((await api(baseURL!, cookie, `/api/calls/${x.id}`)).body.status).not.toBe('travelling');

	await tech.context().setOffline(false);
	await expect(tech.getByTestId('pending-list')).toHaveCount(0, { timeout: 25_000 });
	await tech.waitForTimeout(1000);

	type History = Array<{ toStatus: string; at: string; deviceAt: string | null }>;
	const moveOf = async (id: string, to: string) => {
		const rows = ((await api(baseURL!, cookie, `/api/calls/${id}`)).body.history as History).filter((h) => h.toStatus === to);
		expect(rows, `${id} -> ${to} applied exactly once`).toHaveLength(1);
		return { server: Date.parse(rows[0].at), device: Date.parse(rows[0].deviceAt!) };
	};
	const first = await moveOf(b.id, 'travelling');
	const second = await moveOf(a.id, 'travelling');
	const third = await moveOf(c.id, 'confirmed');
	// The device times are when the technician tapped; the server applied them in that order.
	expect(first.device).toBeLessThan(second.device);
	expect(second.device).toBeLessThan(third.device);
	expect(first.server).toBeLessThan(second.server);
	expect(second.server).toBeLessThan(third.server);
	await tech.context().close();
});

// ---------------------------------------------------------------- photo resize

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(buf: Buffer): number {
	let c = 0xffffffff;
	for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}
/** A camera-sized RGB PNG (a colour gradient), made here: no image library needed. */
function bigPng(width: number, height: number): Buffer {
	const row = 1 + width * 3;
	const raw = Buffer.alloc(row * height);
	for (let y = 0; y < height; y++) {
		const o = y * row;
		raw[o] = 1; // filter "Sub": each byte is stored as its difference from the pixel on its left
		raw[o + 1] = 0;
		raw[o + 2] = Math.floor((y * 255) / height);
		raw[o + 3] = 128;
		for (let x = 1; x < width; x++) {
			const p = o + 1 + x * 3;
			raw[p] = Math.floor((x * 255) / width) - Math.floor(((x - 1) * 255) / width);
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}
/** Width and height from a JPEG's frame header (SOFn). */
function jpegSize(bytes: Buffer): { width: number; height: number } {
	expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
	let i = 2;
	while (i < bytes.length) {
		if (bytes[i] !== 0xff) throw new Error('not a JPEG marker');
		const marker = bytes[i + 1];
		const length = bytes.readUInt16BE(i + 2);
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
		i += 2 + length;
	}
	throw new Error('no frame header');
}

async function sign(page: Page, testId: string) {
	const canvas = page.getByTestId(testId);
	await canvas.scrollIntoViewIfNeeded();
	const box = (await canvas.boundingBox())!;
	await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
	await page.mouse.down();
	for (const [dx, dy] of [[60, -30], [110, 20], [160, -25], [220, 15], [280, -10]]) await page.mouse.move(box.x + dx, box.y + box.height * 0.5 + dy, { steps: 4 });
	await page.mouse.up();
}

test('photos from the camera are resized on the phone before they are sent (long side at most 1600 px)', async ({ browser, baseURL }) => {
	test.setTimeout(90_000);
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const tech = await phone(browser, 'tecnico14@quadro.test');
	const call = await createCall(baseURL!, cookie, 'Foto grandi e2e rapportino');
	await assign(baseURL!, cookie, today(), [{ callId: call.id, technicianId: await technicianIdOf(tech), from: '07:00', to: '08:00', status: 'confirmed' }]);
	const arrived = await tech.request.post(`/api/field/calls/${call.id}/status`, { data: { clientId: crypto.randomUUID(), status: 'on_site' } });
	expect(arrived.status(), await arrived.text()).toBe(200);

	await tech.goto(`/t/calls/${call.id}/report`);
	await tech.locator('body[data-hydrated]').waitFor();
	// A 12 MP landscape photo and a portrait one, as a phone camera takes them (PNG: several MB decoded).
	const landscape = bigPng(4032, 3024);
	const portrait = bigPng(2268, 4032);
	await tech.locator('#report-photo-input').setInputFiles([
		{ name: 'IMG_0001.png', mimeType: 'image/png', buffer: landscape },
		{ name: 'IMG_0002.png', mimeType: 'image/png', buffer: portrait }
	]);
	await expect(tech.getByRole('img', { name: /2/ })).toBeVisible({ timeout: 20_000 });
	await expect(tech.locator('.photos img')).toHaveCount(2);

	await tech.locator('#report-workDone').fill('Foto del quadro elettrico prima e dopo la riparazione.');
	await tech.getByLabel('Risolto', { exact: true }).check();
	await tech.getByLabel('Nome di chi firma per il cliente').fill('Franco Neri');
	await sign(tech, 'report-customerSignature');
	await tech.getByRole('button', { name: 'Completa e invia il rapporto' }).click();
	await expect(tech.getByTestId('report-sent')).toBeVisible({ timeout: 20_000 });

	const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
	try {
		const rows = await sql<Array<{ line: number; content_type: string; bytes: Buffer }>>`
			select p.line, p.content_type, p.bytes from field_report_photos p join field_reports r on r.id = p.report_id where r.call_id = ${call.id} order by p.line`;
		expect(rows).toHaveLength(2);
		const sizes = rows.map((r) => ({ type: r.content_type, kb: Math.round(r.bytes.length / 1000), ...jpegSize(r.bytes) }));
		// JPEG, long side 1600 px, shape kept; a fraction of the original's bytes.
		expect(sizes[0]).toMatchObject({ type: 'image/jpeg', width: 1600, height: 1200 });
		expect(sizes[1]).toMatchObject({ type: 'image/jpeg', height: 1600 });
		expect(Math.abs(sizes[1].width - 900)).toBeLessThanOrEqual(1);
		for (const s of sizes) expect(s.kb).toBeLessThan(950);
	} finally {
		await sql.end();
	}
	await tech.context().close();
});
