import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialKey } from '../../src/lib/domain/serial';
import type { Actor } from '../../src/lib/server/auth/actor';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, customers, equipment, equipmentModels, meterReadings, meters, sites } from '../../src/lib/server/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { importReadings } from '../../src/lib/server/readings/import.service';
import { listReadings, recordReading, reviewReading, type Principal } from '../../src/lib/server/readings/readings.service';
import { ReadingRefusedError } from '../../src/lib/server/readings/refusal';
import { equipmentMeters, equipmentReadingsPage } from '../../src/lib/server/readings/usage.service';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let dispatcher: Actor;
let supervisor: Actor;
let technician: Actor;
let admin: Actor;
const user = (actor: Actor): Principal => ({ kind: 'user', actor });

beforeAll(async () => {
	fresh = await freshDatabase();
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	supervisor = await createTestUser(fresh.db, 'supervisor');
	technician = await createTestUser(fresh.db, 'technician');
	admin = await createTestUser(fresh.db, 'admin');
});
afterAll(async () => {
	await fresh?.close();
});

/** Test arrangement: a customer, a site, a model and one unit with the given meters (type -> counter maximum). */
async function makeUnit(db: Database, meterSpec: Record<string, number | null> = { mono: 999_999 }, options: { serial?: string; brand?: string } = {}) {
	const customerId = uuidv7();
	const siteId = uuidv7();
	const modelId = uuidv7();
	const equipmentId = uuidv7();
	const brand = options.brand ?? 'Kyocera';
	const serial = options.serial ?? `RD-${uuidv7().slice(-10)}`;
	await db.insert(customers).values({ id: customerId, code: `T${uuidv7().slice(-8)}`, businessName: 'Letture Srl', address: 'Via Roma 1' });
	await db.insert(sites).values({
		id: siteId,
		customerId,
		name: 'Sede',
		address: 'Via Roma 1',
		comuneIstat: '015146',
		comuneName: 'Milano',
		province: 'MI',
		regionCode: '03',
		location: { lng: 9.19, lat: 45.46 }
	});
	await db.insert(equipmentModels).values({ id: modelId, brand, model: `M-${uuidv7().slice(-8)}`, category: 'copier_colour', meterTypes: Object.keys(meterSpec) });
	await db.insert(equipment).values({ id: equipmentId, modelId, brand, serialNumber: serial, serialKey: serialKey(serial), siteId });
	const meterIds: Record<string, string> = {};
	for (const [type, maxValue] of Object.entries(meterSpec)) {
		meterIds[type] = uuidv7();
		await db.insert(meters).values({ id: meterIds[type], equipmentId, meterType: type, maxValue });
	}
	return { equipmentId, serial, brand, meterIds };
}

const rome = (d: string) => new Date(`${d}T10:00:00+02:00`).toISOString();

async function rowsOf(meterId: string) {
	return fresh.db.select().from(meterReadings).where(eq(meterReadings.meterId, meterId)).orderBy(meterReadings.readAt, meterReadings.createdAt);
}

async function refusal(promise: Promise<unknown>): Promise<ReadingRefusedError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ReadingRefusedError);
	return error as ReadingRefusedError;
}

describe('recording readings', () => {
	it('accepts a first and a second reading, and lists them newest first', async () => {
		const unit = await makeUnit(fresh.db);
		const a = await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 1_000, readAt: rome('2026-09-01'), source: 'customer' });
		const b = await recordReading(user(dispatcher), { serial: unit.serial.toLowerCase(), meterType: 'mono', value: 1_500, readAt: rome('2026-09-15'), source: 'technician' });
		expect(a).toMatchObject({ duplicate: false, reading: { status: 'accepted', value: 1_000, kind: 'normal', enteredBy: dispatcher.id, validForBilling: true } });
		expect(b.reading).toMatchObject({ status: 'accepted', value: 1_500, equipmentId: unit.equipmentId });
		const list = await listReadings(supervisor, new URLSearchParams({ equipmentId: unit.equipmentId }));
		expect(list).toMatchObject({ total: 2, page: 1, pages: 1 });
		expect(list.items.map((r) => r.value)).toEqual([1_500, 1_000]);
		expect(list.items[0].enteredByName).toBe('Test dispatcher');
	});

	it('refuses a reading lower than the previous with a message naming it, and stores nothing', async () => {
		const unit = await makeUnit(fresh.db);
		await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 13_000, readAt: rome('2026-10-01'), source: 'customer' });
		const error = await refusal(recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 12_345, readAt: rome('2026-10-20'), source: 'customer' }));
		expect(error.field).toBe('value');
		expect(error.message).toMatch(/^reading 12,345 is lower than the previous 13,000 of 01\/10\/2026/);
		expect(error.reason).toBe('lower_than_previous');
		expect(await rowsOf(unit.meterIds.mono)).toHaveLength(1);
	});

	it('refuses a reading older than the latest accepted one, and one at the same time', async () => {
		const unit = await makeUnit(fresh.db);
		await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 100, readAt: rome('2026-10-01'), source: 'customer' });
		const older = await refusal(recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 200, readAt: rome('2026-09-01'), source: 'customer' }));
		expect(older).toMatchObject({ field: 'readAt', reason: 'older_than_latest' });
		const same = await refusal(recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 200, readAt: rome('2026-10-01'), source: 'customer' }));
		expect(same).toMatchObject({ field: 'readAt', reason: 'same_time' });
	});

	it('accepts a rollover on a meter whose maximum is known, and counts the wrap in the usage', async () => {
		const unit = await makeUnit(fresh.db, { mono: 99_999, colour: null });
		await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 99_000, readAt: '2026-08-01T10:00:00Z', source: 'customer' });
		const roll = await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 500, readAt: '2026-08-31T10:00:00Z', source: 'customer', kind: 'rollover' });
		expect(roll.reading).toMatchObject({ status: 'accepted', kind: 'rollover' });
		const overview = await equipmentMeters(dispatcher, unit.equipmentId, new Date('2026-08-31T12:00:00Z'));
		const mono = overview.meters.find((m) => m.meterType === 'mono')!;
		expect(mono.lastReading).toMatchObject({ value: 500, kind: 'rollover' });
		// 1 - 31 August (Rome): from the first reading (estimated before it) to the rollover, then on to now.
		expect(mono.usage.months.at(-1)).toMatchObject({ month: '2026-08', estimated: true });
		expect(mono.usage.months.at(-1)!.usage).toBeGreaterThanOrEqual(1_500);

		// The colour meter has no known maximum: a rollover cannot be checked.
		await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'colour', value: 9_000, readAt: '2026-08-01T10:00:00Z', source: 'customer' });
		const noMax = await refusal(recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'colour', value: 10, readAt: '2026-08-31T10:00:00Z', source: 'customer', kind: 'rollover' }));
		expect(noMax).toMatchObject({ field: 'kind', reason: 'rollover_without_max' });
	});

	it('accepts a meter replacement with the old meter final value, and refuses one below the previous', async () => {
		const unit = await makeUnit(fresh.db);
		await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 50_000, readAt: '2026-07-01T10:00:00Z', source: 'technician' });
		const bad = await refusal(
			recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 0, readAt: '2026-07-20T10:00:00Z', source: 'technician', kind: 'replacement', previousMeterFinalValue: 49_000 })
		);
		expect(bad).toMatchObject({ field: 'previousMeterFinalValue', reason: 'replacement_final_below_previous' });
		const missing = await refusal(recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 0, readAt: '2026-07-20T10:00:00Z', source: 'technician', kind: 'replacement' }));
		expect(missing.reason).toBe('replacement_without_final');
		const ok = await recordReading(user(dispatcher), {
			equipmentId: unit.equipmentId,
			meterType: 'mono',
			value: 0,
			readAt: '2026-07-20T10:00:00Z',
			source: 'technician',
			kind: 'replacement',
			previousMeterFinalValue: 52_000
		});
		expect(ok.reading).toMatchObject({ status: 'accepted', kind: 'replacement', previousMeterFinalValue: 52_000 });
		// The new meter counts from its first value.
		await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 800, readAt: '2026-07-30T10:00:00Z', source: 'technician' });
		const page = await equipmentReadingsPage(dispatcher, unit.equipmentId, new Date('2026-07-30T12:00:00Z'));
		expect(page.meters[0].history.map((h) => [h.value, h.usage])).toEqual([
			[800, 800],
			[0, 2_000],
			[50_000, null]
		]);
	});

	it('sends an outlier to review; approving makes it count, with an audit row', async () => {
		const unit = await makeUnit(fresh.db);
		// 100 a day for three months.
		for (const [day, value] of [
			['2026-01-01', 0],
			['2026-01-31', 3_000],
			['2026-03-02', 6_000],
			['2026-04-01', 9_000]
		] as const) {
			await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value, readAt: `${day}T10:00:00Z`, source: 'remote' });
		}
		const jump = await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 29_000, readAt: '2026-05-01T10:00:00Z', source: 'customer' });
		expect(jump.reading.status).toBe('review');
		expect(jump.reading.reviewReason).toBe('above_expected usage=20000 expected=3000 min=1200 max=4800 days=30');

		const queue = await listReadings(dispatcher, new URLSearchParams({ status: 'review', equipmentId: unit.equipmentId }));
		expect(queue.items.map((r) => r.id)).toEqual([jump.reading.id]);
		// A reading under review does not count: the next one is still compared with 9,000.
		const overview = await equipmentMeters(dispatcher, unit.equipmentId, new Date('2026-05-01T12:00:00Z'));
		expect(overview.meters[0]).toMatchObject({ lastReading: { value: 9_000 }, pendingReview: 1 });

		await expect(reviewReading(technician, jump.reading.id, { decision: 'approve' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(reviewReading(supervisor, jump.reading.id, { decision: 'approve' })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(reviewReading(dispatcher, jump.reading.id, { decision: 'maybe' })).rejects.toMatchObject({ field: 'decision' });
		const approved = await reviewReading(dispatcher, jump.reading.id, { decision: 'approve', note: 'toner campaign' });
		expect(approved).toMatchObject({ status: 'accepted', reviewedBy: dispatcher.id });
		const after = await equipmentMeters(dispatcher, unit.equipmentId, new Date('2026-05-01T12:00:00Z'));
		expect(after.meters[0]).toMatchObject({ lastReading: { value: 29_000 }, pendingReview: 0 });
		const audits = await fresh.db.select().from(auditLog).where(and(eq(auditLog.action, 'meter-reading.approve'), eq(auditLog.subject, jump.reading.id)));
		expect(audits).toHaveLength(1);
		expect(audits[0].details).toMatchObject({ note: 'toner campaign', value: 29_000 });
		// A decided reading cannot be decided again.
		await expect(reviewReading(dispatcher, jump.reading.id, { decision: 'reject' })).rejects.toBeInstanceOf(ConflictError);
		await expect(reviewReading(dispatcher, uuidv7(), { decision: 'reject' })).rejects.toBeInstanceOf(NotFoundError);
		await expect(reviewReading(dispatcher, 'not-a-uuid', { decision: 'reject' })).rejects.toBeInstanceOf(NotFoundError);
	});

	it('rejecting keeps the reading out of the usage; approving one a later reading contradicts is a conflict', async () => {
		const unit = await makeUnit(fresh.db);
		for (const [day, value] of [
			['2026-01-01', 0],
			['2026-01-31', 3_000],
			['2026-03-02', 6_000],
			['2026-04-01', 9_000]
		] as const) {
			await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value, readAt: `${day}T10:00:00Z`, source: 'remote' });
		}
		const typo = await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 90_000, readAt: '2026-05-01T10:00:00Z', source: 'customer' });
		expect(typo.reading.status).toBe('review');
		const next = await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 15_000, readAt: '2026-05-31T10:00:00Z', source: 'customer' });
		expect(next.reading.status).toBe('accepted');
		const error = await reviewReading(dispatcher, typo.reading.id, { decision: 'approve' }).catch((e) => e);
		expect(error).toBeInstanceOf(ConflictError);
		expect(error.message).toMatch(/^cannot approve: reading 90,000 is higher than the following reading 15,000 of 31\/05\/2026/);
		const rejected = await reviewReading(dispatcher, typo.reading.id, { decision: 'reject', note: 'typo' });
		expect(rejected.status).toBe('rejected');
		expect((await listReadings(dispatcher, new URLSearchParams({ status: 'review', equipmentId: unit.equipmentId }))).total).toBe(0);
	});
});

describe('corrections', () => {
	it('a correction is a new reading with a reason; the corrected one stops counting and is never changed', async () => {
		const unit = await makeUnit(fresh.db);
		const first = await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 1_000, readAt: '2026-06-01T10:00:00Z', source: 'customer' });
		const wrong = await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 8_000, readAt: '2026-06-15T10:00:00Z', source: 'customer' });
		await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 9_000, readAt: '2026-06-30T10:00:00Z', source: 'customer' });

		await expect(recordReading(user(dispatcher), { kind: 'correction', correctsReadingId: wrong.reading.id, value: 2_000 })).rejects.toMatchObject({ field: 'reason' });
		const aboveNext = await refusal(recordReading(user(dispatcher), { kind: 'correction', correctsReadingId: wrong.reading.id, value: 9_500, reason: 'typed twice' }));
		expect(aboveNext.message).toMatch(/^reading 9,500 is higher than the following reading 9,000 of 30\/06\/2026/);
		const belowPrev = await refusal(recordReading(user(dispatcher), { kind: 'correction', correctsReadingId: wrong.reading.id, value: 999, reason: 'typed twice' }));
		expect(belowPrev.reason).toBe('lower_than_previous');

		const fix = await recordReading(user(dispatcher), { kind: 'correction', correctsReadingId: wrong.reading.id, value: 2_000, reason: 'customer read the wrong counter' });
		expect(fix.reading).toMatchObject({ kind: 'correction', status: 'accepted', correctsReadingId: wrong.reading.id, value: 2_000, reason: 'customer read the wrong counter' });
		expect(fix.reading.readAt.toISOString()).toBe('2026-06-15T10:00:00.000Z');
		const stored = await rowsOf(unit.meterIds.mono);
		expect(stored.find((r) => r.id === wrong.reading.id)).toMatchObject({ value: 8_000, status: 'accepted', kind: 'normal' });

		const page = await equipmentReadingsPage(dispatcher, unit.equipmentId, new Date('2026-06-30T12:00:00Z'));
		const history = page.meters[0].history;
		expect(history.find((h) => h.id === wrong.reading.id)).toMatchObject({ counts: false, correctedById: fix.reading.id });
		expect(history.find((h) => h.id === fix.reading.id)).toMatchObject({ counts: true, usage: 1_000 });
		expect(history.find((h) => h.value === 9_000)).toMatchObject({ usage: 7_000 });

		// Only the latest correction can be corrected again.
		await expect(recordReading(user(dispatcher), { kind: 'correction', correctsReadingId: wrong.reading.id, value: 2_100, reason: 'again' })).rejects.toBeInstanceOf(ConflictError);
		const fix2 = await recordReading(user(dispatcher), { kind: 'correction', correctsReadingId: fix.reading.id, value: 2_100, reason: 'again' });
		expect(fix2.reading.status).toBe('accepted');
		await expect(recordReading(user(dispatcher), { kind: 'correction', correctsReadingId: uuidv7(), value: 1, reason: 'ghost' })).rejects.toBeInstanceOf(NotFoundError);
		const audits = await fresh.db.select().from(auditLog).where(eq(auditLog.action, 'meter-reading.correct'));
		expect(audits.filter((a) => a.subject === fix.reading.id)).toHaveLength(1);
		expect(first.reading.status).toBe('accepted');
	});
});

describe('permissions and idempotency', () => {
	it('technicians and supervisors cannot record; supervisors can list', async () => {
		const unit = await makeUnit(fresh.db);
		const input = { equipmentId: unit.equipmentId, meterType: 'mono', value: 1, readAt: '2026-06-01T10:00:00Z', source: 'customer' };
		await expect(recordReading(user(technician), input)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(recordReading(user(supervisor), input)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(recordReading(null, input)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(listReadings(technician, new URLSearchParams())).rejects.toBeInstanceOf(ForbiddenError);
		expect((await listReadings(supervisor, new URLSearchParams({ equipmentId: unit.equipmentId }))).total).toBe(0);
		expect((await recordReading(user(admin), input)).reading.status).toBe('accepted');
	});

	it('a collector key: remote readings only, same clientId answered with the stored reading, no corrections', async () => {
		const unit = await makeUnit(fresh.db);
		const key: Principal = { kind: 'apiKey', key: { id: uuidv7(), name: 'collector', scopes: ['meter-readings'] } };
		const body = { serial: unit.serial, meterType: 'mono', value: 4_321, readAt: '2026-06-01T10:00:00Z', clientId: 'dev-7:2026-06-01' };
		const first = await recordReading(key, body);
		expect(first).toMatchObject({ duplicate: false, reading: { source: 'remote', apiKeyId: key.kind === 'apiKey' && key.key.id, enteredBy: null } });
		const again = await recordReading(key, body);
		expect(again).toMatchObject({ duplicate: true, reading: { id: first.reading.id } });
		expect(await rowsOf(unit.meterIds.mono)).toHaveLength(1);
		await expect(recordReading(key, { ...body, value: 5_000 })).rejects.toMatchObject({ field: 'clientId' });
		await expect(recordReading(key, { ...body, clientId: 'other', source: 'customer' })).rejects.toMatchObject({ field: 'source' });
		await expect(recordReading(key, { kind: 'correction', correctsReadingId: first.reading.id, value: 1, reason: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
		const noScope: Principal = { kind: 'apiKey', key: { id: uuidv7(), name: 'x', scopes: [] } };
		await expect(recordReading(noScope, body)).rejects.toBeInstanceOf(ForbiddenError);
		// Another key may use the same client id for its own reading.
		const other: Principal = { kind: 'apiKey', key: { id: uuidv7(), name: 'collector 2', scopes: ['meter-readings'] } };
		expect((await recordReading(other, { ...body, value: 4_400, readAt: '2026-06-02T10:00:00Z' })).duplicate).toBe(false);
	});

	it('concurrent retries with the same clientId store one reading', async () => {
		const unit = await makeUnit(fresh.db);
		const key: Principal = { kind: 'apiKey', key: { id: uuidv7(), name: 'collector', scopes: ['meter-readings'] } };
		const body = { equipmentId: unit.equipmentId, meterType: 'mono', value: 10, readAt: '2026-06-01T10:00:00Z', clientId: 'burst' };
		const results = await Promise.all(Array.from({ length: 5 }, () => recordReading(key, body)));
		expect(new Set(results.map((r) => r.reading.id)).size).toBe(1);
		expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
		expect(await rowsOf(unit.meterIds.mono)).toHaveLength(1);
	});

	it('names the field for bad input, unknown units and meters', async () => {
		const unit = await makeUnit(fresh.db);
		const base = { equipmentId: unit.equipmentId, meterType: 'mono', value: 1, readAt: '2026-06-01T10:00:00Z', source: 'customer' };
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ ...base, value: -1 }, 'value'],
			[{ ...base, value: 1.5 }, 'value'],
			[{ ...base, value: '12' }, 'value'],
			[{ ...base, readAt: '2026-02-30T10:00:00Z' }, 'readAt'],
			[{ ...base, readAt: '01/06/2026' }, 'readAt'],
			[{ ...base, readAt: undefined }, 'readAt'],
			[{ ...base, source: 'guess' }, 'source'],
			[{ ...base, source: undefined }, 'source'],
			[{ ...base, kind: 'magic' }, 'kind'],
			[{ ...base, meterType: 'colour' }, 'meterType'],
			[{ ...base, equipmentId: undefined }, 'equipmentId'],
			[{ ...base, equipmentId: 'nope' }, 'equipmentId'],
			[{ ...base, previousMeterFinalValue: 5 }, 'previousMeterFinalValue'],
			[{ ...base, extra: 1 }, 'body'],
			[{ ...base, readAt: new Date(Date.now() + 3_600_000).toISOString() }, 'readAt']
		];
		for (const [input, field] of cases) {
			const error = await recordReading(user(dispatcher), input).catch((e) => e);
			expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect(error.field, JSON.stringify(input)).toBe(field);
		}
		await expect(recordReading(user(dispatcher), { ...base, equipmentId: uuidv7() })).rejects.toBeInstanceOf(NotFoundError);
		await expect(recordReading(user(dispatcher), { ...base, equipmentId: undefined, serial: 'NO-SUCH-SERIAL' })).rejects.toBeInstanceOf(NotFoundError);
	});

	it('a serial shared by two brands needs the brand', async () => {
		const serial = `SH-${uuidv7().slice(-8)}`;
		await makeUnit(fresh.db, { mono: null }, { serial, brand: 'Ricoh' });
		const canon = await makeUnit(fresh.db, { mono: null }, { serial, brand: 'Canon' });
		const base = { serial, meterType: 'mono', value: 1, readAt: '2026-06-01T10:00:00Z', source: 'customer' };
		await expect(recordReading(user(dispatcher), base)).rejects.toMatchObject({ field: 'serial' });
		expect((await recordReading(user(dispatcher), { ...base, brand: 'canon' })).reading.equipmentId).toBe(canon.equipmentId);
	});
});

describe('CSV import', () => {
	it('dry run lists every row problem, including refused readings, and writes nothing', async () => {
		const unit = await makeUnit(fresh.db, { mono: 99_999, colour: null });
		await recordReading(user(dispatcher), { equipmentId: unit.equipmentId, meterType: 'mono', value: 5_000, readAt: '2026-05-01T10:00:00Z', source: 'customer' });
		const csv = [
			'\uFEFFMatricola;Contatore;Valore;Data;Origine',
			`${unit.serial};mono;6.000;01/06/2026;cliente`,
			`${unit.serial};mono;4.000;15/06/2026 09:30;cliente`,
			`${unit.serial};colour;abc;15/06/2026;cliente`,
			`NOPE;mono;1;15/06/2026;cliente`,
			`${unit.serial};scans;1;15/06/2026;cliente`,
			`${unit.serial};colour;10;31/02/2026;cliente`,
			`${unit.serial};colour;10;15/06/2026;boh`
		].join('\r\n');
		const report = await importReadings(dispatcher, csv, { dryRun: true });
		expect(report).toMatchObject({ dryRun: true, rows: 7, written: 0 });
		expect(report.problems.map((p) => [p.line, p.field])).toEqual([
			[3, 'value'],
			[4, 'value'],
			[5, 'serial'],
			[6, 'meterType'],
			[7, 'date'],
			[8, 'source']
		]);
		expect(report.problems[0].message).toMatch(/^reading 4,000 is lower than the previous 6,000 of 01\/06\/2026/);
		expect(report.problems[0].refusal).toMatchObject({ reason: 'lower_than_previous', params: { value: 4_000, previousValue: 6_000 } });
		expect(report.problems.map((p) => p.code)).toEqual(['refused', 'not_a_number', 'unknown_serial', 'no_meter', 'not_a_date', 'unknown_source']);
		expect(await rowsOf(unit.meterIds.mono)).toHaveLength(1);

		// The same file for real: still nothing, since rows are bad.
		const real = await importReadings(dispatcher, csv, { dryRun: false });
		expect(real.written).toBe(0);
		expect(real.problems).toHaveLength(6);
		expect(await rowsOf(unit.meterIds.mono)).toHaveLength(1);
	});

	it('a clean file: dry run writes nothing, then the import writes every row in time order', async () => {
		const unit = await makeUnit(fresh.db, { mono: 99_999, colour: null });
		const csv = [
			'serial;meter type;value;date;source;kind',
			`${unit.serial};mono;99.500;15/06/2026 18:00;technician;`,
			`${unit.serial};mono;99.000;01/06/2026;technician;`,
			`${unit.serial};mono;300;30/06/2026;remote;rollover`,
			`${unit.serial};Copie a colori;10;30/06/2026;estimated;`
		].join('\n');
		const dry = await importReadings(dispatcher, csv, { dryRun: true });
		expect(dry).toMatchObject({ dryRun: true, rows: 4, written: 0, problems: [] });
		expect(await rowsOf(unit.meterIds.mono)).toHaveLength(0);
		await expect(importReadings(technician, csv, { dryRun: true })).rejects.toBeInstanceOf(ForbiddenError);
		const done = await importReadings(dispatcher, csv, { dryRun: false });
		expect(done).toMatchObject({ written: 4, problems: [] });
		const mono = await rowsOf(unit.meterIds.mono);
		expect(mono.map((r) => [r.value, r.kind, r.readAt.toISOString()])).toEqual([
			[99_000, 'normal', '2026-06-01T10:00:00.000Z'],
			[99_500, 'normal', '2026-06-15T16:00:00.000Z'],
			[300, 'rollover', '2026-06-30T10:00:00.000Z']
		]);
		const colour = await rowsOf(unit.meterIds.colour);
		expect(colour[0]).toMatchObject({ source: 'estimated', validForBilling: false });
		const audits = await fresh.db.select().from(auditLog).where(eq(auditLog.action, 'meter-reading.import'));
		expect(audits.at(-1)!.details).toMatchObject({ rows: 4, written: 4 });
		const count = await fresh.db.execute(sql`select count(*)::int as n from meter_readings where meter_id = ${unit.meterIds.mono}`);
		expect(count[0].n).toBe(3);
	});

	it('reports missing columns and an empty file', async () => {
		const missing = await importReadings(dispatcher, 'serial;value\nX;1', { dryRun: true });
		expect(missing.problems.map((p) => p.field)).toEqual(['meterType', 'date', 'source']);
		const empty = await importReadings(dispatcher, 'serial;meter type;value;date;source\n', { dryRun: true });
		expect(empty.problems).toEqual([{ line: 1, field: 'file', message: 'the file has no rows', code: 'empty_file' }]);
	});
});
