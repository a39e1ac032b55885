import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCallsView } from '../../src/lib/server/calls/calls-search.service';
import { listCalls } from '../../src/lib/server/calls/calls.service';
import { sites } from '../../src/lib/server/db/schema';
import { ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { boardFixtures } from '../support/board-fixtures';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

// GET /api/calls gains the calls page's `sla` and `province` filters, with the same meaning:
// both lists must return the same calls for the same query.
const NOW = new Date('2026-12-04T09:00:00Z');
let fresh: FreshDatabase;
let fx: Awaited<ReturnType<typeof boardFixtures>>;
let dispatcher: { id: string; role: 'dispatcher'; email: string };
const named: Record<string, string> = {};

beforeAll(async () => {
	fresh = await freshDatabase();
	fx = await boardFixtures(fresh.db, { technicians: 1, calls: 7 });
	dispatcher = { ...(await createTestUser(fresh.db, 'dispatcher')), role: 'dispatcher' };
	const bergamo = uuidv7();
	await fresh.db.insert(sites).values({ id: bergamo, customerId: fx.customerId, name: 'Magazzino', address: 'Via Borgo 9', comuneIstat: '016024', comuneName: 'Bergamo', province: 'BG', regionCode: '03', location: { lng: 9.67, lat: 45.69 } });
	const [overdue, dueSoon, dueEdge, later, noDue, overdueDone, bgOverdue] = fx.callIds;
	Object.assign(named, { overdue, dueSoon, dueEdge, later, noDue, overdueDone, bgOverdue });
	const due = (id: string, iso: string | null) => fresh.db.execute(sql`update calls set onsite_due = ${iso} where id = ${id}`);
	await due(overdue, '2026-12-04T08:59:00Z');
	await due(dueSoon, '2026-12-04T10:00:00Z');
	await due(dueEdge, '2026-12-04T11:00:00Z'); // exactly 120 minutes: due soon
	await due(later, '2026-12-04T11:01:00Z');
	await due(noDue, null);
	await due(overdueDone, '2026-12-04T08:00:00Z');
	await fresh.db.execute(sql`update calls set status = 'on_site' where id = ${overdueDone}`);
	await due(bgOverdue, '2026-12-04T07:00:00Z');
	await fresh.db.execute(sql`update calls set site_id = ${bergamo} where id = ${bgOverdue}`);
});
afterAll(async () => {
	await fresh.close();
});

const names = (ids: string[]) => Object.entries(named).filter(([, id]) => ids.includes(id)).map(([n]) => n).sort();
const api = async (q: Record<string, string>) => names((await listCalls(dispatcher, new URLSearchParams(q), NOW)).items.map((c) => c.id));
const page = async (q: Record<string, string>) => names((await listCallsView(dispatcher, new URLSearchParams(q), NOW)).items.map((c) => c.id));

describe('GET /api/calls sla and province filters (service)', () => {
	it.each<[string, Record<string, string>, string[]]>([
		['overdue: still to reach on site and past the on-site time', { sla: 'overdue' }, ['bgOverdue', 'overdue']],
		['due soon: within 120 minutes, the last minute included', { sla: 'due-soon' }, ['dueEdge', 'dueSoon']],
		['province, any case', { province: 'bg' }, ['bgOverdue']],
		['province MI', { province: 'MI' }, ['dueEdge', 'dueSoon', 'later', 'noDue', 'overdue', 'overdueDone']],
		['both together', { sla: 'overdue', province: 'MI' }, ['overdue']],
		['with the other filters', { sla: 'overdue', status: 'new', priority: 'medium' }, ['bgOverdue', 'overdue']]
	])('%s', async (_n, q, expected) => {
		expect(await api(q)).toEqual(expected);
		// Same semantics as the calls page.
		expect(await page(q)).toEqual(expected);
	});

	it.each([
		['sla', { sla: 'late' }],
		['province', { province: 'Milano' }],
		['province', { province: 'M1' }]
	])('a bad value is a ValidationError on %s', async (field, q) => {
		await expect(listCalls(dispatcher, new URLSearchParams(q), NOW)).rejects.toMatchObject({ field });
		await expect(listCalls(dispatcher, new URLSearchParams(q), NOW)).rejects.toBeInstanceOf(ValidationError);
	});
});

describe('GET /api/calls sla and province filters (HTTP)', () => {
	let server: ServerProcess;
	let cookie: string;
	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
		cookie = await loginCookie(server.url, dispatcher.email);
		// The server judges against the real clock: one call overdue now, one due in an hour, both in BG.
		await fresh.db.execute(sql`update calls set onsite_due = now() - interval '1 hour' where id = ${named.bgOverdue}`);
		await fresh.db.execute(sql`update calls set onsite_due = now() + interval '1 hour', site_id = (select site_id from calls where id = ${named.bgOverdue}) where id = ${named.later}`);
	});
	afterAll(async () => {
		await server.stop();
	});

	it('filters by province and SLA state and counts the filtered total', async () => {
		const res = await fetch(`${server.url}/api/calls?province=bg&sla=overdue`, { headers: { cookie } });
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.items.map((c: { id: string }) => c.id)).toEqual([named.bgOverdue]);
		expect(body.total).toBe(1);
		expect(body.items[0].site.province).toBe('BG');
		const soon = await (await fetch(`${server.url}/api/calls?province=BG&sla=due-soon`, { headers: { cookie } })).json();
		expect(soon.items.map((c: { id: string }) => c.id)).toEqual([named.later]);
	});

	it.each([
		['sla', 'sla=late'],
		['province', 'province=Lombardia']
	])('400 naming %s', async (field, query) => {
		const res = await fetch(`${server.url}/api/calls?${query}`, { headers: { cookie } });
		expect(res.status).toBe(400);
		expect((await res.json()).field).toBe(field);
	});
});
