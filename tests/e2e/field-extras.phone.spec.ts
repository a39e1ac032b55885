import { deflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { api, assign, at, cookieOf, demoSite, job, phoneOnline, sign, siteCall, technicianIdOf, today, tomorrow } from './support/phone';

// The technician app's smaller promises, on a 360 px phone, each in a fresh browser context:
// the job card's navigate and call links, tomorrow's jobs at a tap, a position sent on each
// status change, an offline outbox sent in order, and a camera photo resized on the device.
// Each test has technicians of its own (tecnico10-14) so the two workers never share a day.

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/quadro_test_e2e';

const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

test('the job card opens the phone’s maps app at the site (Apple Maps on an iPhone, geo: on Android) and calls the contact', async ({ browser, baseURL }) => {
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const iphone = await phoneOnline(browser, 'tecnico10@quadro.test', { userAgent: IPHONE_UA });
	const call = await siteCall(baseURL!, cookie, 'Caldaia in blocco e2e naviga', { contactName: 'Sig.ra Bruni', contactPhone: '+39 02 1234567' });
	const s = await demoSite(baseURL!, cookie);
	await assign(baseURL!, cookie, today(), [{ callId: call.id, technicianId: await technicianIdOf(iphone), start: at(today(), '09:00'), end: at(today(), '10:00'), status: 'planned' }]);
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
	// Typed as "+39 02 1234567": dialled in international form, spaces gone.
	await expect(tel).toHaveAttribute('href', 'tel:+39021234567');
	// Both are big enough to hit with a thumb.
	for (const link of [navigate, tel]) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await iphone.context().close();

	// The same technician on an Android phone gets a geo: intent with the address as its label.
	const android = await phoneOnline(browser, 'tecnico10@quadro.test', { userAgent: ANDROID_UA });
	const geo = await job(android, call.id).getByRole('link', { name: 'Naviga' }).getAttribute('href');
	expect(geo).toMatch(new RegExp(`^geo:${s.lat},${s.lng}\\?q=${s.lat},${s.lng}\\(.+\\)$`));
	await android.context().close();
});

test('tomorrow’s jobs are one tap away ("Domani")', async ({ browser, baseURL }) => {
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const tech = await phoneOnline(browser, 'tecnico11@quadro.test');
	const call = await siteCall(baseURL!, cookie, 'Manutenzione programmata e2e domani');
	await assign(baseURL!, cookie, tomorrow(), [{ callId: call.id, technicianId: await technicianIdOf(tech), start: at(tomorrow(), '08:30'), end: at(tomorrow(), '09:30'), status: 'planned' }]);

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
	const tech = await phoneOnline(browser, 'tecnico12@quadro.test', { permissions: ['geolocation'], geolocation: { ...start, accuracy: 10 } });
	const techId = await technicianIdOf(tech);
	const call = await siteCall(baseURL!, cookie, 'Ascensore bloccato e2e posizione');
	await assign(baseURL!, cookie, today(), [{ callId: call.id, technicianId: techId, start: at(today(), '11:00'), end: at(today(), '12:00'), status: 'confirmed' }]);
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
	const tech = await phoneOnline(browser, 'tecnico13@quadro.test');
	const techId = await technicianIdOf(tech);
	const [a, b, c] = [
		await siteCall(baseURL!, cookie, 'Outbox e2e primo'),
		await siteCall(baseURL!, cookie, 'Outbox e2e secondo'),
		await siteCall(baseURL!, cookie, 'Outbox e2e terzo')
	];
	await assign(baseURL!, cookie, today(), [
		{ callId: a.id, technicianId: techId, start: at(today(), '13:00'), end: at(today(), '14:00'), status: 'confirmed' },
		{ callId: b.id, technicianId: techId, start: at(today(), '14:00'), end: at(today(), '15:00'), status: 'confirmed' },
		{ callId: c.id, technicianId: techId, start: at(today(), '15:00'), end: at(today(), '16:00'), status: 'planned' }
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

test('photos from the camera are resized on the phone before they are sent (long side at most 1600 px)', async ({ browser, baseURL }) => {
	test.setTimeout(90_000);
	const cookie = await cookieOf(baseURL!, 'dispatcher@quadro.test');
	const tech = await phoneOnline(browser, 'tecnico14@quadro.test');
	const call = await siteCall(baseURL!, cookie, 'Foto grandi e2e rapportino');
	await assign(baseURL!, cookie, today(), [{ callId: call.id, technicianId: await technicianIdOf(tech), start: at(today(), '07:00'), end: at(today(), '08:00'), status: 'confirmed' }]);
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
