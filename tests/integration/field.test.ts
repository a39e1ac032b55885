import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putEntry } from '../../src/lib/realtime/board-doc';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { acceptAssignment, changeMyCallStatus, changeMyCallStatusOnce, declineAssignment } from '../../src/lib/server/field/field-actions.service';
import { freeCallsNearMe, takeFreeCall } from '../../src/lib/server/field/free-calls.service';
import { runOnce } from '../../src/lib/server/field/idempotency.service';
import { myDay, myJob, positionConsent, setPositionConsent } from '../../src/lib/server/field/my-day.service';
import { boardIso, instantAt, todayInRome } from '../../src/lib/server/field/technician';
import { uuidv7 } from '../../src/lib/server/ids';
import { editBoardDay } from '../../src/lib/server/realtime/board-edits';
import { calls, sites } from '../../src/lib/server/db/schema';
import { reportPosition } from '../../src/lib/server/positions/positions.service';
import { boardFixtures, callStatus, setCallStatus } from '../support/board-fixtures';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let fx: Awaited<ReturnType<typeof boardFixtures>>;
const techUsers: Array<{ id: string; role: 'technician' }> = [];
const dispatcher = { id: '', role: 'dispatcher' as const };
const today = todayInRome();

async function assign(callId: string, techIndex: number, from: string, to: string, status: 'planned' | 'confirmed' = 'planned'): Promise<string> {
	const id = uuidv7();
	await editBoardDay(today, (doc) => putEntry(doc, 'assignment', id, { callId, technicianId: fx.techIds[techIndex], start: boardIso(instantAt(today, from)), end: boardIso(instantAt(today, to)), status }), dispatcher.id);
	return id;
}

async function historyOf(callId: string) {
	return fresh.db.execute<{ from_status: string | null; to_status: string; device_at: Date | null; reason: string | null; by_user: string | null }>(
		sql`select from_status, to_status, device_at, reason, by_user from call_status_history where call_id = ${callId} order by at, id`
	);
}

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 3, calls: 13 });
	dispatcher.id = (await createTestUser(fresh.db, 'dispatcher')).id;
	for (const techId of fx.techIds) {
		const u = await createTestUser(fresh.db, 'technician');
		await fresh.db.execute(sql`update technicians set user_id = ${u.id} where id = ${techId}`);
		techUsers.push({ id: u.id, role: 'technician' });
	}
});
afterAll(async () => {
	await fresh?.close();
});

describe('my day', () => {
	it('lists only my assignments of the day, in time order, with the call, site and SLA', async () => {
		const late = await assign(fx.callIds[0], 0, '14:00', '15:00');
		const early = await assign(fx.callIds[1], 0, '09:00', '10:00');
		await assign(fx.callIds[2], 1, '09:00', '10:00');
		const day = await myDay(techUsers[0], null);
		expect(day.day).toBe(today);
		// The countdowns turn "soon" by the office's window (the admin's setting, 120 by default).
		expect(day.dueSoonMinutes).toBe(120);
		expect(day.jobs.map((j) => j.assignmentId)).toEqual([early, late]);
		expect(day.jobs[0]).toMatchObject({ assignmentStatus: 'planned', call: { id: fx.callIds[1], status: 'assigned' }, customerName: 'Cliente di prova Srl', site: { comune: 'Milano' } });
		expect(day.jobs[0].next).toEqual(expect.arrayContaining(['travelling', 'on_site', 'on_hold']));
		await expect(myDay(techUsers[0], '2026-02-30')).rejects.toBeInstanceOf(ValidationError);
		await expect(myDay(techUsers[0], '2026-13-01')).rejects.toMatchObject({ field: 'date' });
	});

	it('refuses office users and hides other technicians’ calls', async () => {
		await expect(myDay(dispatcher, null)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(myJob(techUsers[1], fx.callIds[0])).rejects.toBeInstanceOf(NotFoundError);
		await expect(myJob(techUsers[0], 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
		expect((await myJob(techUsers[0], fx.callIds[0])).job.call.id).toBe(fx.callIds[0]);
	});
});

describe('accept, decline, status', () => {
	it('accept confirms the assignment on the board and the call, with the device time', async () => {
		const id = await assign(fx.callIds[3], 0, '11:00', '12:00');
		const deviceAt = new Date(Date.now() - 5 * 60_000);
		const r = await acceptAssignment(techUsers[0], id, deviceAt);
		expect(r).toMatchObject({ assignmentStatus: 'confirmed', callStatus: 'confirmed' });
		const [row] = await fresh.db.execute<{ status: string }>(sql`select status from assignments where id = ${id}`);
		expect(row.status).toBe('confirmed');
		const h = await historyOf(fx.callIds[3]);
		expect(h.at(-1)).toMatchObject({ from_status: 'assigned', to_status: 'confirmed', by_user: techUsers[0].id });
		expect(new Date(h.at(-1)!.device_at!).getTime()).toBe(deviceAt.getTime());
		// Someone else's assignment: refused, without saying whose.
		await expect(acceptAssignment(techUsers[1], id, null)).rejects.toMatchObject({ field: 'call.reassigned' });
	});

	it('decline needs a reason, puts the call back in the queue and removes the assignment', async () => {
		const id = await assign(fx.callIds[4], 0, '16:00', '17:00');
		await expect(declineAssignment(techUsers[0], id, { reason: ' ' }, null)).rejects.toMatchObject({ field: 'reason' });
		await declineAssignment(techUsers[0], id, { reason: 'Cliente chiuso per ferie' }, new Date());
		expect(await callStatus(fresh.db, fx.callIds[4])).toBe('new');
		expect((await fresh.db.execute(sql`select 1 from assignments where id = ${id}`)).length).toBe(0);
		const h = await historyOf(fx.callIds[4]);
		expect(h.at(-1)).toMatchObject({ to_status: 'new', reason: 'Cliente chiuso per ferie', by_user: techUsers[0].id });
		// The projection found the call already back in 'new': no second history row from the board.
		expect(h.filter((r) => r.to_status === 'new').length).toBe(1);
	});

	it('travelling then on site on my own call; on hold needs a reason; others are refused in words', async () => {
		await assign(fx.callIds[5], 0, '18:00', '19:00');
		await changeMyCallStatus(techUsers[0], fx.callIds[5], { status: 'travelling' }, new Date());
		await expect(changeMyCallStatus(techUsers[0], fx.callIds[5], { status: 'on_hold' }, null)).rejects.toMatchObject({ field: 'reason' });
		await changeMyCallStatus(techUsers[0], fx.callIds[5], { status: 'on_site' }, new Date());
		expect(await callStatus(fresh.db, fx.callIds[5])).toBe('on_site');
		await expect(changeMyCallStatus(techUsers[0], fx.callIds[5], { status: 'completed' }, null)).rejects.toMatchObject({ field: 'status' });
		await expect(changeMyCallStatus(techUsers[1], fx.callIds[5], { status: 'travelling' }, null)).rejects.toMatchObject({ field: 'call.reassigned' });
		await expect(changeMyCallStatus(techUsers[0], uuidv7(), { status: 'travelling' }, null)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('a call the office cancelled meanwhile is refused with that reason', async () => {
		await assign(fx.callIds[6], 0, '19:00', '20:00');
		await setCallStatus(fresh.db, fx.callIds[6], 'cancelled');
		await expect(changeMyCallStatus(techUsers[0], fx.callIds[6], { status: 'travelling' }, null)).rejects.toMatchObject({ field: 'call.cancelled' });
	});
});

describe('idempotency of outbox requests', () => {
	it('applies a request once and answers a replay with the first answer', async () => {
		await assign(fx.callIds[7], 2, '08:00', '09:00');
		const clientId = `c-${uuidv7()}`;
		const body = { clientId, deviceAt: new Date().toISOString(), status: 'travelling' };
		const apply = (deviceAt: Date | null) => changeMyCallStatus(techUsers[2], fx.callIds[7], body, deviceAt).then((b) => ({ status: 200, body: b }));
		const [a, b] = await Promise.all([runOnce(techUsers[2], body, 'call.status', apply), runOnce(techUsers[2], body, 'call.status', apply)]);
		const statuses = [a.status, b.status].sort();
		// Either the second waited for nothing (in progress: retry) or replayed the stored answer.
		expect(statuses[0]).toBe(200);
		const again = await runOnce(techUsers[2], body, 'call.status', apply);
		expect(again).toMatchObject({ status: 200, replayed: true, body: { callId: fx.callIds[7], status: 'travelling' } });
		const rows = (await historyOf(fx.callIds[7])).filter((r) => r.to_status === 'travelling');
		expect(rows.length).toBe(1);
		// Another user with the same clientId is a different request.
		const other = await runOnce(techUsers[1], body, 'call.status', async () => ({ status: 200, body: { ok: 1 } }));
		expect(other).toMatchObject({ status: 200, replayed: false });
	});

	it('stores a refusal as the answer and rejects a missing clientId', async () => {
		const clientId = `c-${uuidv7()}`;
		const body = { clientId, status: 'travelling' };
		const apply = () => changeMyCallStatus(techUsers[0], fx.callIds[6], body, null).then((b) => ({ status: 200, body: b }));
		const first = await runOnce(techUsers[0], body, 'call.status', apply);
		expect(first).toMatchObject({ status: 409, body: { field: 'call.cancelled' } });
		expect(await runOnce(techUsers[0], body, 'call.status', apply)).toMatchObject({ status: 409, replayed: true });
		expect(await runOnce(techUsers[0], { status: 'x' }, 'call.status', apply)).toMatchObject({ status: 400, body: { field: 'clientId' } });
	});
});

describe('status changes from the outbox, in one transaction', () => {
	it('a request and its replay racing: applied once, both answered 200, the replay marked', async () => {
		await assign(fx.callIds[11], 2, '20:00', '21:00');
		const body = { clientId: `c-${uuidv7()}`, deviceAt: new Date().toISOString(), status: 'travelling' };
		const results = await Promise.all([changeMyCallStatusOnce(techUsers[2], fx.callIds[11], body), changeMyCallStatusOnce(techUsers[2], fx.callIds[11], body)]);
		expect(results.map((r) => r.status)).toEqual([200, 200]);
		expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
		expect(results[0].body).toEqual({ callId: fx.callIds[11], status: 'travelling' });
		expect(results[1].body).toEqual(results[0].body);
		expect((await historyOf(fx.callIds[11])).filter((r) => r.to_status === 'travelling').length).toBe(1);
		const [audits] = await fresh.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'call.status' and subject = ${fx.callIds[11]}`);
		expect(audits.n).toBe(1);
		// Later the office cancels the call: the replay still answers with the first answer.
		await setCallStatus(fresh.db, fx.callIds[11], 'cancelled');
		expect(await changeMyCallStatusOnce(techUsers[2], fx.callIds[11], body)).toMatchObject({ status: 200, replayed: true, body: { status: 'travelling' } });
		// A new request is judged afresh, and its refusal is stored and replayed as it was.
		const next = { clientId: `c-${uuidv7()}`, status: 'on_site' };
		expect(await changeMyCallStatusOnce(techUsers[2], fx.callIds[11], next)).toMatchObject({ status: 409, replayed: false, body: { field: 'call.cancelled' } });
		await setCallStatus(fresh.db, fx.callIds[11], 'new');
		expect(await changeMyCallStatusOnce(techUsers[2], fx.callIds[11], next)).toMatchObject({ status: 409, replayed: true, body: { field: 'call.cancelled' } });
	});

	it('stores refusals of bad input, not a missing clientId; a refused change leaves nothing behind', async () => {
		const bad = { clientId: `c-${uuidv7()}`, status: 'flying' };
		expect(await changeMyCallStatusOnce(techUsers[2], fx.callIds[0], bad)).toMatchObject({ status: 400, replayed: false, body: { field: 'status' } });
		expect(await changeMyCallStatusOnce(techUsers[2], fx.callIds[0], bad)).toMatchObject({ status: 400, replayed: true });
		expect(await changeMyCallStatusOnce(techUsers[2], fx.callIds[0], { status: 'travelling' })).toMatchObject({ status: 400, body: { field: 'clientId' } });
		// Not my call: refused with the reason, and no history, audit or status change slipped in.
		const before = await historyOf(fx.callIds[2]);
		const notMine = await changeMyCallStatusOnce(techUsers[2], fx.callIds[2], { clientId: `c-${uuidv7()}`, status: 'travelling' });
		expect(notMine).toMatchObject({ status: 409, body: { field: 'call.reassigned' } });
		expect(await historyOf(fx.callIds[2])).toEqual(before);
		expect(await changeMyCallStatusOnce(dispatcher, fx.callIds[2], { clientId: `c-${uuidv7()}`, status: 'travelling' })).toMatchObject({ status: 403 });
		expect(await changeMyCallStatusOnce(techUsers[2], uuidv7(), { clientId: `c-${uuidv7()}`, status: 'travelling' })).toMatchObject({ status: 404 });
	});

	it('an unfinished marker of a live attempt answers "in progress"; a stale one (its process died) is taken over', async () => {
		await assign(fx.callIds[12], 2, '22:00', '23:00');
		const live = `c-${uuidv7()}`;
		await fresh.db.execute(sql`insert into field_requests (user_id, client_id, kind, started_at) values (${techUsers[2].id}, ${live}, 'call.status', now())`);
		expect(await changeMyCallStatusOnce(techUsers[2], fx.callIds[12], { clientId: live, status: 'travelling' })).toMatchObject({ status: 503, body: { error: 'in_progress' } });
		const stale = `c-${uuidv7()}`;
		await fresh.db.execute(sql`insert into field_requests (user_id, client_id, kind, started_at) values (${techUsers[2].id}, ${stale}, 'call.status', now() - interval '3 minutes')`);
		expect(await changeMyCallStatusOnce(techUsers[2], fx.callIds[12], { clientId: stale, status: 'travelling' })).toMatchObject({ status: 200, replayed: false });
		expect(await callStatus(fresh.db, fx.callIds[12])).toBe('travelling');
		expect(await changeMyCallStatusOnce(techUsers[2], fx.callIds[12], { clientId: stale, status: 'travelling' })).toMatchObject({ status: 200, replayed: true });
	});
});

describe('free calls', () => {
	it('lists unassigned calls matching my skills, nearest first', async () => {
		await fresh.db.execute(sql`insert into skills (code, name_it, name_en) values ('lift', 'Ascensori', 'Lifts') on conflict do nothing`);
		await fresh.db.execute(sql`update calls set required_skills = '{lift}' where id = ${fx.callIds[8]}`);
		const free = await freeCallsNearMe(techUsers[1]);
		const ids = free.calls.map((c) => c.callId);
		expect(ids).toContain(fx.callIds[9]);
		expect(ids).not.toContain(fx.callIds[8]);
		expect(ids).not.toContain(fx.callIds[0]);
		expect(free.origin.source).toBe('home_base');
		expect(free.calls[0].distanceMeters).toBeGreaterThan(0);
	});

	it('orders them nearest first from my home base, then from a fresh phone position (a stale one is ignored)', async () => {
		// Four free calls (no skills needed) at four sites around Lombardy; the technician's home base is in Milano (45.47, 9.2).
		const places = {
			milano: { lat: 45.4712, lng: 9.2011, comune: 'Milano' }, // ~150 m from home
			monza: { lat: 45.5845, lng: 9.2744, comune: 'Monza' }, // ~14 km
			pavia: { lat: 45.1847, lng: 9.1582, comune: 'Pavia' }, // ~32 km
			bergamo: { lat: 45.6983, lng: 9.6773, comune: 'Bergamo' } // ~44 km
		};
		const callOf: Record<string, string> = {};
		for (const [name, p] of Object.entries(places)) {
			const siteId = uuidv7();
			await fresh.db.insert(sites).values({ id: siteId, customerId: fx.customerId, name, address: `Via ${name} 1`, comuneIstat: '015146', comuneName: p.comune, province: 'MI', regionCode: '03', location: { lng: p.lng, lat: p.lat } });
			const id = uuidv7();
			const seq = 950_000 + Object.keys(callOf).length;
			await fresh.db.insert(calls).values({ id, number: `2026/${seq}`, year: 2026, seq, customerId: fx.customerId, siteId, priority: 'medium', type: 'breakdown', description: `Libera a ${name}` });
			callOf[id] = name;
		}
		const mine = (list: Awaited<ReturnType<typeof freeCallsNearMe>>) => list.calls.filter((c) => callOf[c.callId]).map((c) => callOf[c.callId]);
		const sortedByDistance = (list: Awaited<ReturnType<typeof freeCallsNearMe>>) => list.calls.map((c) => c.distanceMeters).every((d, i, all) => i === 0 || all[i - 1] <= d);

		const fromHome = await freeCallsNearMe(techUsers[2]);
		expect(fromHome.origin).toMatchObject({ source: 'home_base', lat: 45.47, lng: 9.2 });
		expect(mine(fromHome)).toEqual(['milano', 'monza', 'pavia', 'bergamo']);
		expect(sortedByDistance(fromHome)).toBe(true);
		const nearest = fromHome.calls.find((c) => callOf[c.callId] === 'milano')!;
		expect(nearest.distanceMeters).toBeGreaterThan(50);
		expect(nearest.distanceMeters).toBeLessThan(300);

		// The phone reports from Bergamo: the list now starts there, measured from the phone.
		await reportPosition({ kind: 'user', actor: techUsers[2] }, null, { lat: 45.6951, lng: 9.67, accuracy: 8, recordedAt: new Date().toISOString() });
		const fromPhone = await freeCallsNearMe(techUsers[2]);
		expect(fromPhone.origin).toMatchObject({ source: 'position', lat: 45.6951, lng: 9.67 });
		expect(mine(fromPhone)).toEqual(['bergamo', 'monza', 'milano', 'pavia']);
		expect(sortedByDistance(fromPhone)).toBe(true);
		expect(fromPhone.calls.find((c) => callOf[c.callId] === 'bergamo')!.distanceMeters).toBeLessThan(1_000);

		// Sixteen minutes later that fix is stale: back to the home base.
		const later = await freeCallsNearMe(techUsers[2], new Date(Date.now() + 16 * 60_000));
		expect(later.origin.source).toBe('home_base');
		expect(mine(later)).toEqual(['milano', 'monza', 'pavia', 'bergamo']);
		// Another technician's phone does not move my origin.
		expect((await freeCallsNearMe(techUsers[1])).origin.source).toBe('home_base');
	});

	it('two technicians take the same call at once: exactly one gets it, the other is told', async () => {
		const callId = fx.callIds[10];
		const results = await Promise.allSettled([takeFreeCall(techUsers[1], callId, null), takeFreeCall(techUsers[2], callId, null)]);
		const ok = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
		expect(ok.length).toBe(1);
		expect(refused.length).toBe(1);
		expect(refused[0].reason).toBeInstanceOf(ConflictError);
		expect(refused[0].reason.field).toBe('call.taken');
		const rows = await fresh.db.execute<{ technician_id: string; day: string; status: string }>(sql`select technician_id, day::text, status from assignments where call_id = ${callId}`);
		expect(rows.length).toBe(1);
		expect(rows[0]).toMatchObject({ day: today, status: 'confirmed' });
		expect(await callStatus(fresh.db, callId)).toBe('confirmed');
		await expect(takeFreeCall(techUsers[1], uuidv7(), null)).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('position consent', () => {
	it('is stored per user and device', async () => {
		expect(await positionConsent(techUsers[0], 'device-aaaa-1')).toMatchObject({ granted: false, changedAt: null });
		await setPositionConsent(techUsers[0], { deviceId: 'device-aaaa-1', granted: true });
		expect(await positionConsent(techUsers[0], 'device-aaaa-1')).toMatchObject({ granted: true });
		expect(await positionConsent(techUsers[0], 'device-bbbb-2')).toMatchObject({ granted: false });
		expect(await positionConsent(techUsers[1], 'device-aaaa-1')).toMatchObject({ granted: false });
		await expect(setPositionConsent(techUsers[0], { deviceId: 'x', granted: true })).rejects.toMatchObject({ field: 'deviceId' });
	});
});
