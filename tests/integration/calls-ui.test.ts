import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/server/csv';
import { exportCallsCsv, EXPORT_MAX_ROWS } from '../../src/lib/server/calls/calls-csv.service';
import { callDetailExtras, intakeOptions, listCallsView, searchIntake } from '../../src/lib/server/calls/calls-search.service';
import { changeStatus, createCall } from '../../src/lib/server/calls/calls.service';
import { assignments, calls, customers, equipment, equipmentModels, sites, skills, technicians } from '../../src/lib/server/db/schema';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { createCalendar } from '../../src/lib/server/sla/calendars.service';
import { createSlaLevel } from '../../src/lib/server/sla/sla-levels.service';
import { setDueSoonMinutes } from '../../src/lib/server/sla/due-soon.service';
import { startServer, type ServerProcess } from '../support/server-process';
import { createTestUser, loginCookie } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let dispatcher: { id: string; role: 'dispatcher'; email: string };
let technician: { id: string; role: 'technician'; email: string };
let supervisor: { id: string; role: 'supervisor'; email: string };
let admin: { id: string; role: 'admin'; email: string };

const ids = {
	ferri: uuidv7(),
	ferriMilano: uuidv7(),
	ferriBergamo: uuidv7(),
	bianchi: uuidv7(),
	bianchiTorino: uuidv7(),
	ferriOld: uuidv7(),
	oldCopier: uuidv7(),
	closed: uuidv7(),
	closedSite: uuidv7(),
	copierModel: uuidv7(),
	liftModel: uuidv7(),
	copier: uuidv7(),
	lift: uuidv7(),
	scrapped: uuidv7(),
	tech: uuidv7()
};

const office = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), d <= 5 ? [['08:30', '12:30'], ['14:00', '18:00']] : []]));
const hours = (h: number) => h * 60;
/** Friday 4 December 2026, 10:00 in Rome. */
const OPENED = new Date('2026-12-04T09:00:00Z');

type Made = { id: string; number: string };
const made: Record<string, Made> = {};

async function arrange() {
	const db = fresh.db;
	await db
		.insert(skills)
		.values([
			{ code: 'copier_colour', nameIt: 'Fotocopiatrici a colori', nameEn: 'Colour copiers' },
			{ code: 'lift', nameIt: 'Ascensori', nameEn: 'Lifts' },
			{ code: 'electrical', nameIt: 'Impianti elettrici', nameEn: 'Electrical' }
		])
		.onConflictDoNothing();
	await db.insert(customers).values([
		{ id: ids.ferri, code: 'UI-FERRI', businessName: 'Ferramenta Ferri Srl', address: 'Via Dante 3', comuneName: 'Milano', province: 'MI', vatNumber: '01234567897' },
		{ id: ids.bianchi, code: 'UI-BIANCHI', businessName: 'Studio Bianchi & Associati', address: 'Corso Francia 10', comuneName: 'Torino', province: 'TO' },
		{ id: ids.closed, code: 'UI-CLOSED', businessName: 'Ferri Cessata Snc', address: 'Via Chiusa 1', active: false }
	]);
	const site = (id: string, customerId: string, name: string, address: string, comuneIstat: string, comuneName: string, province: string, regionCode: string, lat: number, lng: number) => ({
		id,
		customerId,
		name,
		address,
		comuneIstat,
		comuneName,
		province,
		regionCode,
		location: { lat, lng }
	});
	await db.insert(sites).values([
		site(ids.ferriMilano, ids.ferri, 'Negozio centro', 'Via Dante 3', '015146', 'Milano', 'MI', '03', 45.4656, 9.1866),
		site(ids.ferriBergamo, ids.ferri, 'Magazzino', 'Via Borgo Palazzo 90', '016024', 'Bergamo', 'BG', '03', 45.6983, 9.6773),
		site(ids.bianchiTorino, ids.bianchi, 'Sede legale', 'Corso Francia 10', '001272', 'Torino', 'TO', '01', 45.0762, 7.6594),
		site(ids.closedSite, ids.closed, 'Vecchia sede', 'Via Chiusa 1', '016024', 'Bergamo', 'BG', '03', 45.69, 9.67),
		{ ...site(ids.ferriOld, ids.ferri, 'Vecchio negozio', 'Via Vecchia 2', '016024', 'Bergamo', 'BG', '03', 45.69, 9.66), active: false }
	]);
	await db.insert(equipmentModels).values([
		{ id: ids.copierModel, brand: 'Ricoh', model: 'IM C3000', category: 'copier_colour' },
		{ id: ids.liftModel, brand: 'Kone', model: 'MonoSpace 500', category: 'lift' }
	]);
	await db.insert(equipment).values([
		{ id: ids.copier, modelId: ids.copierModel, brand: 'Ricoh', serialNumber: 'RC-3000-7781', serialKey: 'RC30007781', siteId: ids.ferriMilano },
		{ id: ids.lift, modelId: ids.liftModel, brand: 'Kone', serialNumber: 'KN 5501 22', serialKey: 'KN550122', siteId: ids.bianchiTorino },
		{ id: ids.scrapped, modelId: ids.copierModel, brand: 'Ricoh', serialNumber: 'RC-3000-9999', serialKey: 'RC30009999', siteId: ids.ferriMilano, status: 'decommissioned' },
		{ id: ids.oldCopier, modelId: ids.copierModel, brand: 'Ricoh', serialNumber: 'RC-3000-5555', serialKey: 'RC30005555', siteId: ids.ferriOld }
	]);
	await db.insert(technicians).values({ id: ids.tech, code: 'UI-T1', name: 'Mario Rossi', homeBase: { lng: 9.2, lat: 45.47 } });

	const open = async (key: string, input: Record<string, unknown>, at = OPENED) => {
		made[key] = await createCall(dispatcher, { type: 'breakdown', description: `Chiamata ${key}`, ...input }, null, at);
	};
	// A unit's call: skills come from its category (colour copier).
	await open('copier', { customerId: ids.ferri, siteId: ids.ferriMilano, equipmentId: ids.copier, priority: 'high', description: 'Inceppamento; carta bloccata nel cassetto 2' });
	await open('lift', { customerId: ids.bianchi, siteId: ids.bianchiTorino, equipmentId: ids.lift, priority: 'high' });
	await open('bergamo', { customerId: ids.ferri, siteId: ids.ferriBergamo, priority: 'low', requiredSkills: ['electrical'] });
	await open('cancelled', { customerId: ids.ferri, siteId: ids.ferriBergamo, priority: 'medium' });
	await open('onsite', { customerId: ids.bianchi, siteId: ids.bianchiTorino, priority: 'medium' });
	// 00:30 on Saturday 5 December in Rome, still Friday in UTC.
	await open('night', { customerId: ids.bianchi, siteId: ids.bianchiTorino, priority: 'low' }, new Date('2026-12-04T23:30:00Z'));
	await changeStatus(dispatcher, made.cancelled.id, { status: 'cancelled', reason: 'Doppione' });
	// The technician app moves calls to on_site; the test puts it there directly.
	await db.update(calls).set({ status: 'on_site' }).where(eq(calls.id, made.onsite.id));
}

/** Sets on-site due times relative to `NOW` so the SLA filters have one call in each state. */
const NOW = new Date('2026-12-07T10:00:00Z');
async function setOnsiteDue(key: string, minutesFromNow: number) {
	await fresh.db
		.update(calls)
		.set({ onsiteDue: new Date(NOW.getTime() + minutesFromNow * 60_000) })
		.where(eq(calls.id, made[key].id));
}

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = { ...(await createTestUser(fresh.db, 'admin')), role: 'admin' as const };
	dispatcher = { ...(await createTestUser(fresh.db, 'dispatcher')), role: 'dispatcher' as const };
	technician = { ...(await createTestUser(fresh.db, 'technician')), role: 'technician' as const };
	supervisor = { ...(await createTestUser(fresh.db, 'supervisor')), role: 'supervisor' as const };
	const calendar = await createCalendar(admin, { name: 'Ufficio', weeklyHours: office, cutoffTime: '17:00' });
	await createSlaLevel(admin, {
		code: 'BASE',
		name: 'Base',
		calendarId: calendar.id,
		isDefault: true,
		targets: {
			low: { acknowledgeMinutes: hours(8), onsiteMinutes: hours(40), resolutionMinutes: hours(80) },
			medium: { acknowledgeMinutes: hours(4), onsiteMinutes: hours(16), resolutionMinutes: hours(40) },
			high: { acknowledgeMinutes: hours(1), onsiteMinutes: hours(4), resolutionMinutes: hours(16) }
		}
	});
	await arrange();
	await setOnsiteDue('copier', -30); // overdue
	await setOnsiteDue('lift', 45); // due soon
	await setOnsiteDue('bergamo', 0); // due right now: due soon, not yet overdue
	await setOnsiteDue('night', 121); // just outside the 120-minute window: on time
	await setOnsiteDue('cancelled', -600); // past, but cancelled: no SLA state
	await setOnsiteDue('onsite', -600); // past, but the technician is on site: met
});
afterAll(async () => {
	await fresh.close();
});

const q = (params: Record<string, string>) => new URLSearchParams(params);
const numbers = (page: { items: Array<{ id: string }> }) => page.items.map((i) => Object.entries(made).find(([, v]) => v.id === i.id)?.[0]).sort();

describe('intake search (one box: customer, site or unit)', () => {
	it('finds a customer by part of its name, with its active sites counted', async () => {
		const hits = await searchIntake(dispatcher, q({ q: 'ferri' }));
		const customer = hits.find((h) => h.kind === 'customer');
		expect(customer).toMatchObject({ kind: 'customer', id: ids.ferri, name: 'Ferramenta Ferri Srl', siteCount: 2 });
		// Inactive customers cannot have calls: not offered.
		expect(hits.some((h) => h.id === ids.closed || h.id === ids.closedSite)).toBe(false);
	});

	it('finds sites by town, with their customer', async () => {
		const hits = await searchIntake(dispatcher, q({ q: 'berg', kinds: 'site' }));
		expect(hits).toEqual([expect.objectContaining({ kind: 'site', id: ids.ferriBergamo, comune: 'Bergamo', customerId: ids.ferri, customerName: 'Ferramenta Ferri Srl' })]);
	});

	it.each([
		['as printed', 'KN 5501 22'],
		['lower case with dashes', 'kn-5501-22'],
		['a middle part', '550122'],
		['a prefix', 'kn55']
	])('finds a unit by serial typed %s, with customer, site and category', async (_name, typed) => {
		const hits = await searchIntake(dispatcher, q({ q: typed }));
		expect(hits[0]).toMatchObject({ kind: 'unit', id: ids.lift, serial: 'KN 5501 22', brand: 'Kone', category: 'lift', siteId: ids.bianchiTorino, customerId: ids.bianchi, comune: 'Torino' });
	});

	it('never offers decommissioned units, nor units or sites where the site is closed', async () => {
		const hits = await searchIntake(dispatcher, q({ q: 'RC-3000', kinds: 'unit' }));
		expect(hits.map((h) => h.id)).toEqual([ids.copier]);
		expect(await searchIntake(dispatcher, q({ q: 'vecchi', kinds: 'site' }))).toEqual([]);
	});

	it('finds customers by VAT number and code, and limits each kind', async () => {
		expect((await searchIntake(dispatcher, q({ q: '01234567897', kinds: 'customer' }))).map((h) => h.id)).toEqual([ids.ferri]);
		expect((await searchIntake(dispatcher, q({ q: 'ui-bianchi', kinds: 'customer' }))).map((h) => h.id)).toEqual([ids.bianchi]);
		expect(await searchIntake(dispatcher, q({ q: 'via', kinds: 'site' }))).toHaveLength(2);
		expect(await searchIntake(dispatcher, q({ q: 'via', kinds: 'site', limit: '1' }))).toHaveLength(1);
	});

	it.each([
		['one character', { q: 'f' }, 'q'],
		['an unknown kind', { q: 'ferri', kinds: 'contract' }, 'kinds.0'],
		['a limit too large', { q: 'ferri', limit: '500' }, 'limit']
	])('refuses %s with the field at fault', async (_name, params, field) => {
		await expect(searchIntake(dispatcher, q(params))).rejects.toMatchObject({ field });
	});

	it('treats LIKE wildcards as text', async () => {
		expect(await searchIntake(dispatcher, q({ q: '%%' }))).toEqual([]);
		expect(await searchIntake(dispatcher, q({ q: '__' }))).toEqual([]);
	});

	it('technicians cannot search', async () => {
		await expect(searchIntake(technician, q({ q: 'ferri' }))).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('the intake form offers the skills to dispatchers only (supervisors read calls, never open them)', async () => {
		expect((await intakeOptions(dispatcher)).skills.map((s) => s.code)).toEqual(expect.arrayContaining(['copier_colour', 'electrical', 'lift']));
		await expect(intakeOptions(supervisor)).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('calls list filters', () => {
	it('unit calls get the skills of the unit category', async () => {
		const page = await listCallsView(dispatcher, q({ q: made.copier.number }), NOW);
		expect(page.items[0]).toMatchObject({ requiredSkills: ['copier_colour'], equipmentSerial: 'RC-3000-7781', siteComune: 'Milano' });
	});

	it.each<[string, Record<string, string>, string[]]>([
		['everything', {}, ['bergamo', 'cancelled', 'copier', 'lift', 'night', 'onsite']],
		['several statuses (comma)', { status: 'cancelled,on_site' }, ['cancelled', 'onsite']],
		['priority high', { priority: 'high' }, ['copier', 'lift']],
		['two priorities', { priority: 'low,medium' }, ['bergamo', 'cancelled', 'night', 'onsite']],
		['customer', { customerId: ids.bianchi }, ['lift', 'night', 'onsite']],
		['skill', { skill: 'electrical' }, ['bergamo']],
		['area (province, any case)', { province: 'bg' }, ['bergamo', 'cancelled']],
		['day opened, Rome time', { date: '2026-12-05' }, ['night']],
		['day opened, the day before', { date: '2026-12-04' }, ['bergamo', 'cancelled', 'copier', 'lift', 'onsite']],
		['SLA overdue (open calls past the on-site time)', { sla: 'overdue' }, ['copier']],
		['SLA due soon (within 120 minutes, the due minute included)', { sla: 'due-soon' }, ['bergamo', 'lift']],
		['SLA and customer together', { sla: 'due-soon', customerId: ids.ferri }, ['bergamo']],
		['text: town', { q: 'torino' }, ['lift', 'night', 'onsite']],
		['text: serial however typed', { q: 'rc 3000' }, ['copier']],
		['text: description', { q: 'inceppamento' }, ['copier']],
		['nothing matches', { q: 'zzzz' }, []]
	])('%s', async (_name, params, expected) => {
		const page = await listCallsView(dispatcher, q(params), NOW);
		expect(numbers(page)).toEqual(expected);
		expect(page.total).toBe(expected.length);
	});

	it('repeated status parameters work like a comma list (the page sends checkboxes)', async () => {
		const params = new URLSearchParams([
			['status', 'cancelled'],
			['status', 'on_site']
		]);
		expect(numbers(await listCallsView(dispatcher, params, NOW))).toEqual(['cancelled', 'onsite']);
	});

	it('gives each row its SLA state, judged like slaState', async () => {
		const page = await listCallsView(dispatcher, q({}), NOW);
		const state = Object.fromEntries(page.items.map((i) => [Object.entries(made).find(([, v]) => v.id === i.id)![0], i.slaState]));
		expect(state).toEqual({ copier: 'overdue', lift: 'due-soon', bergamo: 'due-soon', night: 'on-time', cancelled: null, onsite: 'met' });
	});

	it('sorts most urgent first and pages on the server', async () => {
		const all = await listCallsView(dispatcher, q({}), NOW);
		expect(all.items[0].id).toBe(made.cancelled.id);
		const second = await listCallsView(dispatcher, q({ page: '2', pageSize: '4' }), NOW);
		expect(second).toMatchObject({ page: 2, pageSize: 4, total: 6, pages: 2 });
		expect(second.items.map((i) => i.id)).toEqual(all.items.slice(4).map((i) => i.id));
	});

	it.each([
		['unknown status', { status: 'lost' }, 'status.0'],
		['unknown priority', { priority: 'urgent' }, 'priority.0'],
		['unknown SLA state', { sla: 'late' }, 'sla'],
		['malformed customer', { customerId: 'abc' }, 'customerId'],
		['bad day', { date: '05/12/2026' }, 'date'],
		['impossible day', { date: '2026-02-30' }, 'date'],
		['bad province', { province: 'Milano' }, 'province'],
		['page 0', { page: '0' }, 'page']
	])('refuses %s with the field at fault', async (_name, params, field) => {
		const error = await listCallsView(dispatcher, q(params), NOW).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error).toMatchObject({ field });
	});

	it("follows the admin's due-soon window, the same setting as the map's: states, filter, CSV and the call page", async () => {
		const states = async () => Object.fromEntries((await listCallsView(dispatcher, q({}), NOW)).items.map((i) => [Object.entries(made).find(([, v]) => v.id === i.id)![0], i.slaState]));
		try {
			await setDueSoonMinutes(admin, 30);
			expect(await states()).toMatchObject({ lift: 'on-time', bergamo: 'due-soon', night: 'on-time' });
			expect(numbers(await listCallsView(dispatcher, q({ sla: 'due-soon' }), NOW))).toEqual(['bergamo']);
			const csv = parseCsv(await exportCallsCsv(dispatcher, q({}), NOW));
			expect(csv.find((r) => r.values.numero === made.lift.number)?.values.stato_sla).toBe('nei tempi');
			expect(parseCsv(await exportCallsCsv(dispatcher, q({ sla: 'due-soon' }), NOW)).map((r) => r.values.numero)).toEqual([made.bergamo.number]);
			expect((await callDetailExtras(dispatcher, made.lift.id)).dueSoonMinutes).toBe(30);
			await setDueSoonMinutes(admin, 180);
			expect(await states()).toMatchObject({ lift: 'due-soon', bergamo: 'due-soon', night: 'due-soon' });
			expect(numbers(await listCallsView(dispatcher, q({ sla: 'due-soon' }), NOW))).toEqual(['bergamo', 'lift', 'night']);
		} finally {
			await setDueSoonMinutes(admin, 120);
		}
	});

	it('supervisors read, technicians do not', async () => {
		expect((await listCallsView(supervisor, q({}), NOW)).total).toBe(6);
		await expect(listCallsView(technician, q({}), NOW)).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('CSV export of the filtered list', () => {
	it('is Italian Excel CSV: BOM, semicolons, CRLF, Italian headers and values', async () => {
		const csv = await exportCallsCsv(dispatcher, q({}), NOW);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe(
			'numero;cliente;sede;comune;provincia;matricola;tipo;priorita;stato;competenze;scadenza_presa_in_carico;scadenza_intervento;scadenza_ripristino;stato_sla;presa_in_carico;aperta_il;descrizione'
		);
		const rows = parseCsv(csv);
		expect(rows).toHaveLength(6);
		const copier = rows.find((r) => r.values.numero === made.copier.number)!.values;
		expect(copier).toMatchObject({
			cliente: 'Ferramenta Ferri Srl',
			sede: 'Negozio centro',
			comune: 'Milano',
			provincia: 'MI',
			matricola: 'RC-3000-7781',
			tipo: 'guasto',
			priorita: 'alta',
			stato: 'nuova',
			competenze: 'copier_colour',
			// Overdue 30 minutes before 11:00 Rome time on Monday 7 December.
			scadenza_intervento: '07/12/2026 10:30',
			stato_sla: 'scaduta',
			aperta_il: '04/12/2026 10:00',
			// A semicolon inside a field is quoted, so the columns stay in place.
			descrizione: 'Inceppamento; carta bloccata nel cassetto 2'
		});
		expect(csv).toContain('"Inceppamento; carta bloccata nel cassetto 2"');
		const cancelled = rows.find((r) => r.values.numero === made.cancelled.number)!.values;
		expect(cancelled).toMatchObject({ stato: 'annullata', stato_sla: '', priorita: 'media' });
		expect(rows.find((r) => r.values.numero === made.lift.number)!.values.stato_sla).toBe('in scadenza');
	});

	it('exports every page of the filtered list, not just the first', async () => {
		const csv = await exportCallsCsv(dispatcher, q({ priority: 'low,medium', page: '2', pageSize: '1' }), NOW);
		expect(
			parseCsv(csv)
				.map((r) => r.values.numero)
				.sort()
		).toEqual([made.bergamo.number, made.cancelled.number, made.night.number, made.onsite.number].sort());
	});

	it('applies the SLA filter like the page', async () => {
		const rows = parseCsv(await exportCallsCsv(dispatcher, q({ sla: 'overdue' }), NOW));
		expect(rows.map((r) => r.values.numero)).toEqual([made.copier.number]);
	});

	it('an empty result is just the header', async () => {
		const csv = await exportCallsCsv(dispatcher, q({ q: 'zzzz' }), NOW);
		expect(csv.slice(1).split('\r\n').filter(Boolean)).toHaveLength(1);
	});

	it('refuses bad filters and technicians', async () => {
		await expect(exportCallsCsv(dispatcher, q({ sla: 'late' }), NOW)).rejects.toMatchObject({ field: 'sla' });
		await expect(exportCallsCsv(technician, q({}), NOW)).rejects.toBeInstanceOf(ForbiddenError);
		expect(EXPORT_MAX_ROWS).toBeGreaterThan(1000);
	});
});

describe('call detail extras', () => {
	it('history with who made each change, the creator, and board assignments', async () => {
		await fresh.db.insert(assignments).values({
			id: uuidv7(),
			day: '2026-12-07',
			callId: made.lift.id,
			technicianId: ids.tech,
			startsAt: new Date('2026-12-07T08:00:00Z'),
			endsAt: new Date('2026-12-07T09:30:00Z'),
			status: 'planned'
		});
		const lift = await callDetailExtras(dispatcher, made.lift.id);
		expect(lift.assignments).toEqual([expect.objectContaining({ day: '2026-12-07', technicianName: 'Mario Rossi', status: 'planned' })]);
		expect(lift.createdByName).toBe('Test dispatcher');
		expect(lift.equipmentCategory).toBe('lift');
		expect(lift.skills.map((s) => s.code)).toContain('lift');
		const cancelled = await callDetailExtras(dispatcher, made.cancelled.id);
		// Opened at a fixed date, cancelled at the real clock: compare without order.
		expect(cancelled.history.map((h) => [h.fromStatus, h.toStatus, h.reason, h.byName])).toEqual(expect.arrayContaining([
			[null, 'new', null, 'Test dispatcher'],
			['new', 'cancelled', 'Doppione', 'Test dispatcher']
		]));
		expect(cancelled.history).toHaveLength(2);
		expect(cancelled.statusReason).toBe('Doppione');
		expect(cancelled.assignments).toEqual([]);
	});

	it('unknown or malformed ids are not found', async () => {
		await expect(callDetailExtras(dispatcher, 'nope')).rejects.toBeInstanceOf(NotFoundError);
		await expect(callDetailExtras(dispatcher, uuidv7())).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('HTTP: search endpoint and CSV download', () => {
	let server: ServerProcess;
	let cookie: string;
	beforeAll(async () => {
		server = await startServer({ DATABASE_URL: fresh.url, REDIS_PREFIX: fresh.redisPrefix });
		cookie = await loginCookie(server.url, dispatcher.email);
	});
	afterAll(async () => {
		await server.stop();
	});

	it('GET /api/calls/search answers items; bad input is a 400 with the field; technicians get 403', async () => {
		const res = await fetch(`${server.url}/api/calls/search?q=kn-55`, { headers: { cookie } });
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.items[0]).toMatchObject({ kind: 'unit', id: ids.lift, customerId: ids.bianchi, siteId: ids.bianchiTorino });
		const bad = await fetch(`${server.url}/api/calls/search?q=k`, { headers: { cookie } });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: 'validation', field: 'q' });
		const tech = await loginCookie(server.url, technician.email);
		expect((await fetch(`${server.url}/api/calls/search?q=ferri`, { headers: { cookie: tech } })).status).toBe(403);
	});

	it('GET /calls/export.csv downloads the filtered list as an attachment', async () => {
		const res = await fetch(`${server.url}/calls/export.csv?priority=high`, { headers: { cookie } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="chiamate-\d{4}-\d{2}-\d{2}\.csv"$/);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const rows = parseCsv(new TextDecoder().decode(bytes));
		expect(rows.map((r) => r.values.numero).sort()).toEqual([made.copier.number, made.lift.number].sort());
		const bad = await fetch(`${server.url}/calls/export.csv?status=lost`, { headers: { cookie } });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ field: 'status.0' });
	});

	it('the pages answer: list with filters, intake form, detail, unknown call 404', async () => {
		const list = await fetch(`${server.url}/calls?priority=high&status=new`, { headers: { cookie } });
		expect(list.status).toBe(200);
		const html = await list.text();
		expect(html).toContain(made.copier.number);
		expect(html).toContain(made.lift.number);
		expect(html).not.toContain(made.bergamo.number);
		// A hand-edited bad filter shows a message, not an error page.
		const bad = await fetch(`${server.url}/calls?sla=late`, { headers: { cookie } });
		expect(bad.status).toBe(200);
		expect(await bad.text()).toContain('Filtro non valido: sla.');
		expect((await fetch(`${server.url}/calls/new`, { headers: { cookie } })).status).toBe(200);
		const detail = await fetch(`${server.url}/calls/${made.cancelled.id}`, { headers: { cookie } });
		expect(detail.status).toBe(200);
		expect(await detail.text()).toContain('Doppione');
		expect((await fetch(`${server.url}/calls/${uuidv7()}`, { headers: { cookie } })).status).toBe(404);
		const sup = await loginCookie(server.url, supervisor.email);
		expect((await fetch(`${server.url}/calls/new`, { headers: { cookie: sup } })).status).toBe(403);
		expect((await fetch(`${server.url}/calls`, { headers: { cookie: sup } })).status).toBe(200);
	});
});
