// Positions at service level against real PostgreSQL+PostGIS and Redis: validation, current vs
// history, who may report for whom, stale positions, settings, and the partition job.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/auth/actor';
import { createApiKey, type ApiKeyPrincipal } from '../../src/lib/server/auth/api-keys.service';
import { positionHistory, technicians } from '../../src/lib/server/db/schema';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { runJob } from '../../src/lib/server/jobs/registry';
import { maintainPositionPartitions } from '../../src/lib/server/positions/partitions.service';
import { forgetPositionSettings, positionStaleMinutes, readPositionSettings, updatePositionSettings } from '../../src/lib/server/positions/position-settings';
import { currentPositions } from '../../src/lib/server/positions/positions.queries';
import { positionsOfTechnician, reportOwnPosition, reportPosition } from '../../src/lib/server/positions/positions.service';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';
import { heardDuring } from '../support/announcements';

let fresh: FreshDatabase;
let admin: Actor;
let dispatcher: Actor;
let techUser: Actor;
let otherUser: Actor;
let techId: string;
let otherId: string;
let inactiveId: string;
let key: ApiKeyPrincipal;

const NOW = new Date('2026-12-05T10:00:00Z');
const ago = (minutes: number, from = NOW) => new Date(from.getTime() - minutes * 60_000).toISOString();
const fix = (overrides: Record<string, unknown> = {}) => ({ lat: 45.4642, lng: 9.19, accuracy: 12, heading: 90, speed: 8.5, recordedAt: ago(1), ...overrides });

async function expectError<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T, field?: string): Promise<T> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(type);
	if (field !== undefined) expect((error as { field?: string }).field).toBe(field);
	return error as T;
}

async function addTechnician(userId: string | null, active = true): Promise<string> {
	const id = uuidv7();
	await fresh.db.insert(technicians).values({ id, userId, code: `T-${id.slice(-6)}`, name: 'Tecnico', homeBase: { lng: 9.2, lat: 45.5 }, active });
	return id;
}

async function historyOf(id: string) {
	return fresh.db.select().from(positionHistory).where(sql`${positionHistory.technicianId} = ${id}`).orderBy(positionHistory.recordedAt);
}

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	techUser = await createTestUser(fresh.db, 'technician');
	otherUser = await createTestUser(fresh.db, 'technician');
	techId = await addTechnician(techUser.id);
	otherId = await addTechnician(otherUser.id);
	inactiveId = await addTechnician(null, false);
	const created = await createApiKey(admin, { name: 'Flotta', scopes: ['positions'] });
	key = { id: created.id, name: 'Flotta', scopes: ['positions'] };
});
afterAll(async () => {
	await fresh?.close();
});

describe('ingest', () => {
	it('stores current and history and announces technician:position to the office rooms', async () => {
		let result: unknown;
		const heard = await heardDuring('technician:position', async () => {
			result = await reportPosition({ kind: 'user', actor: techUser }, null, fix(), NOW);
		});
		expect(result).toEqual({ technicianId: techId, historyAdded: true, currentUpdated: true });
		const [current] = await currentPositions(fresh.db, [techId]);
		expect(current).toMatchObject({ technicianId: techId, lat: 45.4642, lng: 9.19, accuracy: 12, heading: 90, speed: 8.5, source: 'phone' });
		expect(current.recordedAt.toISOString()).toBe(ago(1));
		expect(heard).toHaveLength(1);
		expect(heard[0].rooms.sort()).toEqual(['role:admin', 'role:dispatcher', 'role:supervisor']);
		expect(heard[0].payload).toEqual({ technicianId: techId, lat: 45.4642, lng: 9.19, accuracy: 12, heading: 90, speed: 8.5, recordedAt: ago(1), source: 'phone' });
	});

	it('an older fix goes to history but does not replace the current position; a repeat is ignored', async () => {
		await reportPosition({ kind: 'user', actor: otherUser }, otherId, fix({ recordedAt: ago(2), lat: 41.9 , lng: 12.5 }), NOW);
		const older = await reportPosition({ kind: 'user', actor: otherUser }, otherId, fix({ recordedAt: ago(10), lat: 40.85, lng: 14.27 }), NOW);
		expect(older).toMatchObject({ historyAdded: true, currentUpdated: false });
		const [current] = await currentPositions(fresh.db, [otherId]);
		expect(current).toMatchObject({ lat: 41.9, lng: 12.5 });
		expect(current.recordedAt.toISOString()).toBe(ago(2));
		const repeat = await reportPosition({ kind: 'user', actor: otherUser }, otherId, fix({ recordedAt: ago(2), lat: 41.9, lng: 12.5 }), NOW);
		expect(repeat).toMatchObject({ historyAdded: false, currentUpdated: false });
		expect((await historyOf(otherId)).map((h) => h.recordedAt.toISOString())).toEqual([ago(10), ago(2)]);
	});

	it.each([
		['lat', { lat: 90.5 }],
		['lat', { lat: -91 }],
		['lat', { lat: '45.4' }],
		['lat', { lat: undefined }],
		['lng', { lng: 180.01 }],
		['lng', { lng: -181 }],
		['accuracy', { accuracy: -1 }],
		['heading', { heading: 360.5 }],
		['heading', { heading: -0.1 }],
		['speed', { speed: -2 }],
		['recordedAt', { recordedAt: ago(-2.5) }],
		['recordedAt', { recordedAt: ago(91 * 24 * 60) }],
		['recordedAt', { recordedAt: '2026-12-05 10:00' }],
		['recordedAt', { recordedAt: undefined }],
		['recordedAt', { recordedAt: '2026-02-30T10:00:00Z' }]
	])('refuses a bad %s (%j) with a 400 naming it', async (field, overrides) => {
		await expectError(reportPosition({ kind: 'user', actor: techUser }, null, fix(overrides), NOW), ValidationError, field);
	});

	it('accepts the edges: poles, antimeridian, heading 0 and 360, 2 minutes ahead, speed 0, no optional fields', async () => {
		for (const overrides of [{ lat: 90, lng: 180, heading: 0 }, { lat: -90, lng: -180, heading: 360 }, { speed: 0, accuracy: 0, recordedAt: ago(-2) }]) {
			await reportPosition({ kind: 'user', actor: techUser }, null, fix(overrides), NOW);
		}
		await reportPosition({ kind: 'user', actor: techUser }, null, { lat: 45, lng: 9, recordedAt: ago(0.5) }, NOW);
	});

	it('a technician cannot report for another; office roles cannot report; keys need scope positions', async () => {
		await expectError(reportPosition({ kind: 'user', actor: techUser }, otherId, fix(), NOW), ForbiddenError);
		await expectError(reportPosition({ kind: 'user', actor: dispatcher }, techId, fix(), NOW), ForbiddenError);
		expect(await reportOwnPosition(dispatcher, fix(), NOW)).toEqual({ ok: false, error: 'forbidden' });
		expect(await reportOwnPosition(techUser, fix({ lat: 100 }), NOW)).toEqual({ ok: false, error: 'lat: lat must be between -90 and 90' });
		const readingsKey: ApiKeyPrincipal = { id: uuidv7(), name: 'Letture', scopes: ['meter-readings'] };
		await expectError(reportPosition({ kind: 'key', key: readingsKey }, techId, fix(), NOW), ForbiddenError);
	});

	it('an integration key reports for any active technician, as vehicle unless it says phone', async () => {
		const r = await reportPosition({ kind: 'key', key }, otherId, fix({ recordedAt: ago(0.2) }), NOW);
		expect(r.currentUpdated).toBe(true);
		expect((await currentPositions(fresh.db, [otherId]))[0].source).toBe('vehicle');
		await reportPosition({ kind: 'key', key }, otherId, fix({ recordedAt: ago(0.1), source: 'phone' }), NOW);
		expect((await currentPositions(fresh.db, [otherId]))[0].source).toBe('phone');
		await expectError(reportPosition({ kind: 'key', key }, otherId, fix({ source: 'home_base' }), NOW), ValidationError, 'source');
		await expectError(reportPosition({ kind: 'key', key }, inactiveId, fix(), NOW), ValidationError, 'technicianId');
		await expectError(reportPosition({ kind: 'key', key }, uuidv7(), fix(), NOW), NotFoundError);
		await expectError(reportPosition({ kind: 'key', key }, 'not-an-id', fix(), NOW), NotFoundError);
	});
});

describe('stale positions and settings', () => {
	it('a position older than the stale setting is flagged stale; changing the setting changes the flag', async () => {
		const staleTech = await createTestUser(fresh.db, 'technician');
		const staleId = await addTechnician(staleTech.id);
		await reportPosition({ kind: 'user', actor: staleTech }, null, fix({ recordedAt: ago(20) }), NOW);
		expect(await positionStaleMinutes()).toBe(15);
		const view = await positionsOfTechnician(dispatcher, staleId, new URLSearchParams(), NOW);
		expect(view.current).toMatchObject({ stale: true, technicianId: staleId });
		expect(view.trail).toHaveLength(1);
		await updatePositionSettings(admin, { staleMinutes: 30, retentionDays: 90 });
		expect(await positionStaleMinutes()).toBe(30);
		expect((await positionsOfTechnician(dispatcher, staleId, new URLSearchParams(), NOW)).current?.stale).toBe(false);
		await updatePositionSettings(admin, { staleMinutes: 15, retentionDays: 90 });
		await expectError(positionsOfTechnician(techUser, staleId, new URLSearchParams(), NOW), ForbiddenError);
		await expectError(positionsOfTechnician(dispatcher, staleId, new URLSearchParams('from=yesterday'), NOW), ValidationError, 'from');
		await expectError(positionsOfTechnician(dispatcher, staleId, new URLSearchParams('limit=0'), NOW), ValidationError, 'limit');
	});

	it('settings: admins only, whole numbers in range, defaults 15 minutes and 90 days', async () => {
		expect(await readPositionSettings(admin)).toEqual({ staleMinutes: 15, retentionDays: 90 });
		await expectError(updatePositionSettings(dispatcher, { staleMinutes: 10, retentionDays: 30 }), ForbiddenError);
		await expectError(updatePositionSettings(admin, { staleMinutes: 0, retentionDays: 30 }), ValidationError, 'staleMinutes');
		await expectError(updatePositionSettings(admin, { staleMinutes: 10, retentionDays: 1.5 }), ValidationError, 'retentionDays');
		await expectError(updatePositionSettings(admin, { staleMinutes: 'x', retentionDays: 30 }), ValidationError, 'staleMinutes');
	});
});

describe('history partitions', () => {
	async function partitionOf(technicianId: string, recordedAt: string): Promise<string> {
		const rows = await fresh.db.execute<{ part: string }>(
			sql`select tableoid::regclass::text as part from position_history where technician_id = ${technicianId} and recorded_at = ${recordedAt}::timestamptz`
		);
		return rows[0].part;
	}

	it('creates day partitions ahead, moving rows already in DEFAULT so they do not block creation', async () => {
		const real = new Date();
		const t = await addTechnician(null);
		const today = ago(5, real);
		await reportPosition({ kind: 'key', key }, t, fix({ recordedAt: today }), real);
		expect(await partitionOf(t, today)).toBe('position_history_default');
		const report = await maintainPositionPartitions(real);
		expect(report.created.length).toBeGreaterThanOrEqual(8);
		expect(report.created).toContain(today.slice(0, 10));
		expect(report.movedRows).toBeGreaterThanOrEqual(1);
		expect(await partitionOf(t, today)).toBe(`position_history_p${today.slice(0, 10).replaceAll('-', '')}`);
		// Idempotent: a second run creates and moves nothing.
		const again = await maintainPositionPartitions(real);
		expect(again).toMatchObject({ created: [], dropped: [], movedRows: 0 });
		// New fixes land in the day partition directly.
		const later = ago(1, real);
		await reportPosition({ kind: 'key', key }, t, fix({ recordedAt: later }), real);
		expect(await partitionOf(t, later)).toMatch(/^position_history_p\d{8}$/);
	});

	it('drops partitions and DEFAULT rows past the retention setting (through the job registry)', async () => {
		const real = new Date();
		const t = await addTechnician(null);
		// Partitions made "five days ago" cover days 5..-2 before today.
		const fiveDaysAgo = new Date(real.getTime() - 5 * 86_400_000);
		await maintainPositionPartitions(fiveDaysAgo);
		// Noon of that day: inside the partitions just made, whatever time the test runs at.
		const oldFix = `${fiveDaysAgo.toISOString().slice(0, 10)}T12:00:00.000Z`;
		await reportPosition({ kind: 'key', key }, t, fix({ recordedAt: oldFix }), real);
		await updatePositionSettings(admin, { staleMinutes: 15, retentionDays: 2 });
		try {
			const report = (await runJob('positions.partitions', { at: real.toISOString() })) as { dropped: string[] };
			expect(report.dropped).toContain(oldFix.slice(0, 10));
			expect(report.dropped.every((d) => new Date(`${d}T00:00:00Z`).getTime() < real.getTime() - 2 * 86_400_000)).toBe(true);
			expect(await historyOf(t)).toHaveLength(0);
			await expect(runJob('positions.partitions', { at: 'tomorrow' })).rejects.toThrow(/invalid payload/);
		} finally {
			await updatePositionSettings(admin, { staleMinutes: 15, retentionDays: 90 });
			forgetPositionSettings();
		}
	});
});
