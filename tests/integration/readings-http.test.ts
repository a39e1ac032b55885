import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialKey } from '../../src/lib/domain/serial';
import type { Database } from '../../src/lib/server/db/client';
import { customers, equipment, equipmentModels, meters, sites } from '../../src/lib/server/db/schema';
import { uuidv7 } from '../../src/lib/server/ids';
import { startServer, type ServerProcess } from '../support/server-process';
import { loginEach, oneUserPerRole } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let server: ServerProcess;
const cookies: Record<'admin' | 'dispatcher' | 'supervisor' | 'technician', string> = { admin: '', dispatcher: '', supervisor: '', technician: '' };

beforeAll(async () => {
	fresh = await freshDatabase();
	const users = await oneUserPerRole(fresh.db);
	server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
	Object.assign(cookies, await loginEach(server.url, users));
});
afterAll(async () => {
	await server?.stop();
	await fresh?.close();
});

/** Test arrangement: one unit with the given meters (type -> counter maximum). */
async function makeUnit(db: Database, meterSpec: Record<string, number | null> = { mono: 999_999 }) {
	const customerId = uuidv7();
	const siteId = uuidv7();
	const modelId = uuidv7();
	const equipmentId = uuidv7();
	const serial = `HT-${uuidv7().slice(-10)}`;
	await db.insert(customers).values({ id: customerId, code: `H${uuidv7().slice(-8)}`, businessName: 'Http Srl', address: 'Via Po 2' });
	await db.insert(sites).values({
		id: siteId,
		customerId,
		name: 'Sede',
		address: 'Via Po 2',
		comuneIstat: '001272',
		comuneName: 'Torino',
		province: 'TO',
		regionCode: '01',
		location: { lng: 7.68, lat: 45.07 }
	});
	await db.insert(equipmentModels).values({ id: modelId, brand: 'Ricoh', model: `IM-${uuidv7().slice(-8)}`, category: 'copier_colour', meterTypes: Object.keys(meterSpec) });
	await db.insert(equipment).values({ id: equipmentId, modelId, brand: 'Ricoh', serialNumber: serial, serialKey: serialKey(serial), siteId });
	for (const [type, maxValue] of Object.entries(meterSpec)) await db.insert(meters).values({ id: uuidv7(), equipmentId, meterType: type, maxValue });
	return { equipmentId, serial };
}

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
	return fetch(server.url + path, {
		method,
		headers: { ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		redirect: 'manual'
	});
}
const as = (role: keyof typeof cookies) => ({ cookie: cookies[role] });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('POST /api/meter-readings with a session', () => {
	it('201 for an accepted reading, 400 naming the previous one for a lower reading', async () => {
		const unit = await makeUnit(fresh.db);
		const first = await call('POST', '/api/meter-readings', { serial: unit.serial, meterType: 'mono', value: 13_000, readAt: '2026-10-01T08:00:00Z', source: 'customer' }, as('dispatcher'));
		expect(first.status).toBe(201);
		expect(await first.json()).toMatchObject({ duplicate: false, reading: { status: 'accepted', value: 13_000, equipmentId: unit.equipmentId, meterType: 'mono' } });
		const lower = await call('POST', '/api/meter-readings', { serial: unit.serial, meterType: 'mono', value: 12_345, readAt: '2026-10-20T08:00:00Z', source: 'customer' }, as('dispatcher'));
		expect(lower.status).toBe(400);
		const body = await lower.json();
		expect(body).toMatchObject({ error: 'validation', field: 'value' });
		expect(body.message).toMatch(/^reading 12,345 is lower than the previous 13,000 of 01\/10\/2026/);
	});

	it('rollover and replacement over HTTP', async () => {
		const unit = await makeUnit(fresh.db, { mono: 99_999 });
		const post = (body: Record<string, unknown>) => call('POST', '/api/meter-readings', { equipmentId: unit.equipmentId, meterType: 'mono', source: 'technician', ...body }, as('dispatcher'));
		expect((await post({ value: 99_000, readAt: '2026-09-01T08:00:00Z' })).status).toBe(201);
		expect((await post({ value: 500, readAt: '2026-09-30T08:00:00Z', kind: 'rollover' })).status).toBe(201);
		const badReplacement = await post({ value: 0, readAt: '2026-10-10T08:00:00Z', kind: 'replacement', previousMeterFinalValue: 400 });
		expect(badReplacement.status).toBe(400);
		expect((await badReplacement.json()).field).toBe('previousMeterFinalValue');
		expect((await post({ value: 0, readAt: '2026-10-10T08:00:00Z', kind: 'replacement', previousMeterFinalValue: 900 })).status).toBe(201);
	});

	it('401 without a session, 403 for a technician and a supervisor, 400 for broken JSON', async () => {
		const unit = await makeUnit(fresh.db);
		const body = { equipmentId: unit.equipmentId, meterType: 'mono', value: 1, readAt: '2026-10-01T08:00:00Z', source: 'customer' };
		expect((await call('POST', '/api/meter-readings', body)).status).toBe(401);
		expect((await call('POST', '/api/meter-readings', body, as('technician'))).status).toBe(403);
		expect((await call('GET', `/api/meter-readings?equipmentId=${unit.equipmentId}`, undefined, as('technician'))).status).toBe(403);
		expect((await call('POST', '/api/meter-readings', body, as('supervisor'))).status).toBe(403);
		const broken = await call('POST', '/api/meter-readings', '{nope', { ...as('dispatcher'), 'content-type': 'application/json' });
		expect(broken.status).toBe(400);
		expect(await broken.json()).toMatchObject({ field: 'body' });
		const unknown = await call('POST', '/api/meter-readings', { ...body, equipmentId: uuidv7() }, as('dispatcher'));
		expect(unknown.status).toBe(404);
	});
});

describe('collectors with API keys', () => {
	it('an admin issues a key (shown once); the collector posts, retries idempotently, and is locked out once revoked', async () => {
		const unit = await makeUnit(fresh.db);
		expect((await call('POST', '/api/api-keys', { name: 'x', scopes: ['meter-readings'] }, as('dispatcher'))).status).toBe(403);
		const created = await call('POST', '/api/api-keys', { name: 'Collector A', scopes: ['meter-readings'] }, as('admin'));
		expect(created.status).toBe(201);
		const key = await created.json();
		expect(key).toMatchObject({ name: 'Collector A', scopes: ['meter-readings'], revokedAt: null });
		expect(key.key).toMatch(/^qk_[a-z2-7]{39}$/);
		expect(key.prefix).toBe(key.key.slice(0, 8));
		const bad = await call('POST', '/api/api-keys', { name: '', scopes: [] }, as('admin'));
		expect(bad.status).toBe(400);
		expect((await bad.json()).field).toBe('name');

		const list = await call('GET', '/api/api-keys', undefined, as('admin'));
		const listed = await list.json();
		expect(listed).toMatchObject({ total: 1, page: 1, pages: 1 });
		expect(JSON.stringify(listed)).not.toContain(key.key);

		const reading = { serial: unit.serial, meterType: 'mono', value: 7_000, readAt: '2026-10-01T06:00:00Z', clientId: 'dev42-0001' };
		const first = await call('POST', '/api/meter-readings', reading, bearer(key.key));
		expect(first.status).toBe(201);
		const stored = await first.json();
		expect(stored.reading).toMatchObject({ source: 'remote', apiKeyId: key.id, clientId: 'dev42-0001' });
		const retry = await call('POST', '/api/meter-readings', reading, bearer(key.key));
		expect(retry.status).toBe(200);
		expect(await retry.json()).toMatchObject({ duplicate: true, reading: { id: stored.reading.id } });
		const clash = await call('POST', '/api/meter-readings', { ...reading, value: 7_001 }, bearer(key.key));
		expect(clash.status).toBe(409);
		const listAfter = await (await call('GET', `/api/meter-readings?equipmentId=${unit.equipmentId}`, undefined, as('supervisor'))).json();
		expect(listAfter.total).toBe(1);
		expect(listAfter.items[0]).toMatchObject({ apiKeyName: 'Collector A', source: 'remote' });

		// A key is only for sending readings: not for reading lists or reviewing.
		expect((await call('GET', '/api/meter-readings', undefined, bearer(key.key))).status).toBe(401);
		expect((await call('POST', `/api/meter-readings/${stored.reading.id}/review`, { decision: 'approve' }, bearer(key.key))).status).toBe(401);

		const wrong = await call('POST', '/api/meter-readings', reading, bearer('qk_' + 'a'.repeat(39)));
		expect(wrong.status).toBe(401);
		expect(await wrong.json()).toEqual({ error: 'unauthorized', message: 'invalid API key' });

		expect((await call('DELETE', `/api/api-keys/${key.id}`, undefined, as('admin'))).status).toBe(204);
		expect((await call('DELETE', `/api/api-keys/${key.id}`, undefined, as('admin'))).status).toBe(404);
		expect((await call('DELETE', '/api/api-keys/not-a-uuid', undefined, as('admin'))).status).toBe(404);
		const revoked = await call('POST', '/api/meter-readings', { ...reading, clientId: 'dev42-0002', readAt: '2026-10-02T06:00:00Z' }, bearer(key.key));
		expect(revoked.status).toBe(401);
	});
});

describe('lists, meters and the review queue', () => {
	it('an outlier waits in the queue; a dispatcher approves it; the meters endpoint shows usage', async () => {
		const unit = await makeUnit(fresh.db);
		const post = (value: number, readAt: string) =>
			call('POST', '/api/meter-readings', { equipmentId: unit.equipmentId, meterType: 'mono', value, readAt, source: 'remote' }, as('dispatcher'));
		for (const [value, readAt] of [
			[0, '2026-01-01T10:00:00Z'],
			[3_000, '2026-01-31T10:00:00Z'],
			[6_000, '2026-03-02T10:00:00Z'],
			[9_000, '2026-04-01T10:00:00Z']
		] as const)
			expect((await post(value, readAt)).status).toBe(201);
		const jump = await (await post(40_000, '2026-05-01T10:00:00Z')).json();
		expect(jump.reading.status).toBe('review');

		const queue = await call('GET', `/api/meter-readings?status=review&equipmentId=${unit.equipmentId}`, undefined, as('supervisor'));
		expect(queue.status).toBe(200);
		const q = await queue.json();
		expect(q).toMatchObject({ total: 1, page: 1, pageSize: 25, pages: 1 });
		expect(q.items[0]).toMatchObject({ id: jump.reading.id, reviewReason: expect.stringMatching(/^above_expected usage=31000 /) });

		expect((await call('POST', `/api/meter-readings/${jump.reading.id}/review`, { decision: 'approve' }, as('supervisor'))).status).toBe(403);
		expect((await call('POST', `/api/meter-readings/${jump.reading.id}/review`, { decision: 'approve' }, as('technician'))).status).toBe(403);
		const badDecision = await call('POST', `/api/meter-readings/${jump.reading.id}/review`, { decision: 'ok' }, as('dispatcher'));
		expect(badDecision.status).toBe(400);
		expect((await badDecision.json()).field).toBe('decision');
		expect((await call('POST', `/api/meter-readings/${uuidv7()}/review`, { decision: 'approve' }, as('dispatcher'))).status).toBe(404);
		const approved = await call('POST', `/api/meter-readings/${jump.reading.id}/review`, { decision: 'approve', note: 'checked on site' }, as('dispatcher'));
		expect(approved.status).toBe(200);
		expect((await approved.json()).reading).toMatchObject({ status: 'accepted' });
		expect((await call('POST', `/api/meter-readings/${jump.reading.id}/review`, { decision: 'reject' }, as('dispatcher'))).status).toBe(409);

		const metersRes = await call('GET', `/api/equipment/${unit.equipmentId}/meters`, undefined, as('supervisor'));
		expect(metersRes.status).toBe(200);
		const overview = await metersRes.json();
		expect(overview.equipment).toMatchObject({ id: unit.equipmentId, serialNumber: unit.serial });
		expect(overview.meters).toHaveLength(1);
		expect(overview.meters[0]).toMatchObject({ meterType: 'mono', lastReading: { value: 40_000 }, pendingReview: 0 });
		expect(overview.meters[0].usage.months).toHaveLength(12);

		expect((await call('GET', `/api/equipment/${uuidv7()}/meters`, undefined, as('dispatcher'))).status).toBe(404);
		expect((await call('GET', '/api/equipment/nope/meters', undefined, as('dispatcher'))).status).toBe(404);
		expect((await call('GET', `/api/equipment/${unit.equipmentId}/meters`, undefined, as('technician'))).status).toBe(403);
		const badFilter = await call('GET', '/api/meter-readings?status=maybe', undefined, as('dispatcher'));
		expect(badFilter.status).toBe(400);
		expect((await badFilter.json()).field).toBe('status');
		expect((await call('GET', '/api/meter-readings?equipmentId=nope', undefined, as('dispatcher'))).status).toBe(400);
	});

	it('a correction over HTTP keeps the original and names it', async () => {
		const unit = await makeUnit(fresh.db);
		const post = (body: Record<string, unknown>) => call('POST', '/api/meter-readings', body, as('dispatcher'));
		const base = { equipmentId: unit.equipmentId, meterType: 'mono', source: 'customer' };
		await post({ ...base, value: 100, readAt: '2026-09-01T08:00:00Z' });
		const wrong = await (await post({ ...base, value: 9_100, readAt: '2026-09-15T08:00:00Z' })).json();
		const noReason = await post({ kind: 'correction', correctsReadingId: wrong.reading.id, value: 1_100 });
		expect(noReason.status).toBe(400);
		expect((await noReason.json()).field).toBe('reason');
		const fix = await post({ kind: 'correction', correctsReadingId: wrong.reading.id, value: 1_100, reason: 'extra digit' });
		expect(fix.status).toBe(201);
		expect((await fix.json()).reading).toMatchObject({ kind: 'correction', correctsReadingId: wrong.reading.id, reason: 'extra digit' });
		const list = await (await call('GET', `/api/meter-readings?equipmentId=${unit.equipmentId}`, undefined, as('dispatcher'))).json();
		expect(list.items.find((r: { id: string }) => r.id === wrong.reading.id)).toMatchObject({ value: 9_100, status: 'accepted', correctedById: expect.any(String) });
	});
});

describe('POST /api/meter-readings/import', () => {
	it('dry run reports each row; a clean file imports; a technician is refused', async () => {
		const unit = await makeUnit(fresh.db);
		const bad = ['serial;meter type;value;date;source', `${unit.serial};mono;1.000;01/09/2026;cliente`, `${unit.serial};mono;900;02/09/2026;cliente`, `ZZZ;mono;1;02/09/2026;cliente`].join('\n');
		const dry = await call('POST', '/api/meter-readings/import?dryRun=true', bad, { ...as('dispatcher'), 'content-type': 'text/csv' });
		expect(dry.status).toBe(400);
		const report = await dry.json();
		expect(report).toMatchObject({ error: 'validation', field: 'file', dryRun: true, rows: 3, written: 0 });
		expect(report.problems.map((p: { line: number; field: string }) => [p.line, p.field])).toEqual([
			[3, 'value'],
			[4, 'serial']
		]);

		const good = ['serial;meter type;value;date;source', `${unit.serial};mono;1.000;01/09/2026;cliente`, `${unit.serial};mono;1.900;02/09/2026 17:30;tecnico`].join('\n');
		const check = await call('POST', '/api/meter-readings/import?dryRun=true', good, { ...as('dispatcher'), 'content-type': 'text/csv' });
		expect(check.status).toBe(200);
		expect(await check.json()).toMatchObject({ dryRun: true, rows: 2, written: 0, problems: [] });
		const form = new FormData();
		form.set('file', new Blob([good], { type: 'text/csv' }), 'letture.csv');
		const done = await fetch(`${server.url}/api/meter-readings/import`, { method: 'POST', body: form, headers: { ...as('dispatcher'), origin: server.url } });
		expect(done.status).toBe(200);
		expect(await done.json()).toMatchObject({ dryRun: false, written: 2 });
		expect((await call('POST', '/api/meter-readings/import?dryRun=true', good, { ...as('technician'), 'content-type': 'text/csv' })).status).toBe(403);
		expect((await call('POST', '/api/meter-readings/import?dryRun=maybe', good, { ...as('dispatcher'), 'content-type': 'text/csv' })).status).toBe(400);
	});
});

describe('pages', () => {
	function action(path: string, role: keyof typeof cookies, fields: Record<string, string>) {
		const body = new URLSearchParams(fields);
		return fetch(server.url + path, {
			method: 'POST',
			body,
			headers: { ...as(role), origin: server.url, 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' }
		});
	}

	it('the unit readings page renders, records through its form and explains a refusal', async () => {
		const unit = await makeUnit(fresh.db, { mono: 99_999, colour: null });
		const page = await call('GET', `/equipment/${unit.equipmentId}/readings`, undefined, as('dispatcher'));
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain(unit.serial);
		expect(html).toContain('Copie a colori');
		expect((await call('GET', `/equipment/${unit.equipmentId}/readings`, undefined, as('technician'))).status).toBe(403);
		expect((await call('GET', `/equipment/${uuidv7()}/readings`, undefined, as('dispatcher'))).status).toBe(404);

		const path = `/equipment/${unit.equipmentId}/readings?/record`;
		const ok = await action(path, 'dispatcher', { meterId: 'm', meterType: 'mono', value: '12.000', readAt: '2026-09-01T09:30', source: 'customer', kind: 'normal' });
		expect(await ok.json()).toMatchObject({ type: 'success' });
		const low = await (await action(path, 'dispatcher', { meterId: 'm', meterType: 'mono', value: '11.000', readAt: '2026-09-02T09:30', source: 'customer', kind: 'normal' })).json();
		expect(low).toMatchObject({ type: 'failure', status: 400 });
		// SvelteKit serialises action data with devalue: check the figures are there.
		expect(low.data).toContain('lower_than_previous');
		const unreadable = await (await action(path, 'dispatcher', { meterId: 'm', meterType: 'mono', value: 'dodici', readAt: '2026-09-03T09:30', source: 'customer' })).json();
		expect(unreadable).toMatchObject({ type: 'failure', status: 400 });
		expect(unreadable.data).toContain('"value"');
		const supervisor = await action(path, 'supervisor', { meterId: 'm', meterType: 'mono', value: '13.000', readAt: '2026-09-04T09:30', source: 'customer' });
		expect(await supervisor.json()).toMatchObject({ type: 'failure', status: 403 });
		const list = await (await call('GET', `/api/meter-readings?equipmentId=${unit.equipmentId}`, undefined, as('dispatcher'))).json();
		expect(list.items.map((r: { value: number; readAt: string }) => [r.value, r.readAt])).toEqual([[12_000, '2026-09-01T07:30:00.000Z']]);
	});

	it('the review queue, the import page and the integrations page render for the right roles', async () => {
		const review = await call('GET', '/equipment/readings-review', undefined, as('dispatcher'));
		expect(review.status).toBe(200);
		expect(await review.text()).toContain('Letture da verificare');
		expect((await call('GET', '/equipment/readings-review', undefined, as('supervisor'))).status).toBe(200);
		expect((await call('GET', '/equipment/readings-import', undefined, as('dispatcher'))).status).toBe(200);
		const integrations = await call('GET', '/settings/integrations', undefined, as('admin'));
		expect(integrations.status).toBe(200);
		expect(await integrations.text()).toContain('Integrazioni');
		expect((await call('GET', '/settings/integrations', undefined, as('dispatcher'))).status).toBe(403);
		const created = await (await action('/settings/integrations?/create', 'admin', { name: 'Pagina', scopes: 'meter-readings' })).json();
		expect(created).toMatchObject({ type: 'success' });
		expect(created.data).toMatch(/qk_[a-z2-7]{39}/);
	});
});
