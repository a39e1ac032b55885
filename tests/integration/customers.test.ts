// Customers, sites, contacts and comuni at service level, against a real PostgreSQL+PostGIS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitaIvaCheckDigit } from '../../src/lib/domain/italian-tax-ids';
import type { Actor } from '../../src/lib/server/auth/actor';
import { listAudit } from '../../src/lib/server/auth/audit.queries';
import { searchComuni } from '../../src/lib/server/customers/comuni.service';
import { createContact, deleteContact, listContacts, updateContact } from '../../src/lib/server/customers/contacts.service';
import { createCustomer, exportCustomersCsv, getCustomer, listCustomers, updateCustomer } from '../../src/lib/server/customers/customers.service';
import { createSite, exportSitesCsv, getSite, listSites, updateSite } from '../../src/lib/server/customers/sites.service';
import { businessCalendars, contracts, customers } from '../../src/lib/server/db/schema';
import { slaLevels } from '../../src/lib/server/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { uuidv7 } from '../../src/lib/server/ids';
import { parseCsv } from '../../src/lib/server/csv';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let dispatcher: Actor;
let supervisor: Actor;
let technician: Actor;

const MILANO = { istat: '015146', lng: 9.1895, lat: 45.4643 };
const BERGAMO = '016024';
const TORINO = '001272';
const ROMA = '058091';

let serial = 1000;
/** A fresh valid partita IVA each call. */
function vat(): string {
	const first10 = String(7_000_000_000 + serial++).padStart(10, '0');
	return first10 + partitaIvaCheckDigit(first10);
}

function company(overrides: Record<string, unknown> = {}) {
	return { businessName: 'Rossi Srl', address: 'Via Roma 1', vatNumber: vat(), sdiCode: 'ABC1234', comuneIstat: MILANO.istat, ...overrides };
}

async function expectError<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T, field?: string): Promise<T> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(type);
	if (field !== undefined) expect((error as { field?: string }).field).toBe(field);
	return error as T;
}

beforeAll(async () => {
	fresh = await freshDatabase();
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	supervisor = await createTestUser(fresh.db, 'supervisor');
	technician = await createTestUser(fresh.db, 'technician');
});
afterAll(async () => {
	await fresh?.close();
});

describe('customers', () => {
	it('creates a company: next code, comune fills name, province and main CAP, CF defaults to the P.IVA; audited', async () => {
		const input = company({ businessName: 'Alfa Copie Srl', vatNumber: 'IT 0123456789 7' });
		const c = await createCustomer(dispatcher, input);
		expect(c).toMatchObject({
			code: 'C0001',
			businessName: 'Alfa Copie Srl',
			vatNumber: '01234567897',
			fiscalCode: '01234567897',
			sdiCode: 'ABC1234',
			comuneIstat: '015146',
			comuneName: 'Milano',
			province: 'MI',
			cap: '20121',
			paymentTermsDays: 30,
			active: true
		});
		const second = await createCustomer(dispatcher, company());
		expect(second.code).toBe('C0002');
		const log = await listAudit(fresh.db, { action: 'customer.create' });
		expect(log.map((l) => l.subject)).toEqual(expect.arrayContaining([c.id, second.id]));
	});

	it.each([
		['bad P.IVA check digit', { vatNumber: '01234567898' }, 'vatNumber'],
		['P.IVA of 10 digits', { vatNumber: '0123456789' }, 'vatNumber'],
		['invalid codice fiscale', { fiscalCode: 'RSSMRA85T10A562X' }, 'fiscalCode'],
		['no SDI code and no PEC', { sdiCode: '' }, 'sdiCode'],
		['unknown comune', { comuneIstat: '999999' }, 'comuneIstat'],
		['blank business name', { businessName: ' ' }, 'businessName'],
		['no tax id at all', { vatNumber: null, fiscalCode: null }, 'vatNumber']
	])('refuses %s with a 400 naming the field', async (_name, overrides, field) => {
		const before = await fresh.db.$count(customers);
		const error = await expectError(createCustomer(dispatcher, company(overrides)), ValidationError, field);
		if (field === 'sdiCode') expect(error.message).toMatch(/SDI.*PEC/);
		expect(await fresh.db.$count(customers)).toBe(before);
	});

	it('accepts a person with a codice fiscale (omocodia) and no P.IVA', async () => {
		const c = await createCustomer(dispatcher, { businessName: 'Mario Rossi', address: 'Via Po 2', fiscalCode: 'rssmra85t10a56nh' });
		expect(c).toMatchObject({ vatNumber: null, fiscalCode: 'RSSMRA85T10A56NH', comuneIstat: null });
	});

	it('refuses a duplicate P.IVA with a 409, on create and on update', async () => {
		const taken = vat();
		const first = await createCustomer(dispatcher, company({ vatNumber: taken }));
		const error = await expectError(createCustomer(dispatcher, company({ vatNumber: taken })), ConflictError, 'vatNumber');
		expect(error.message).toContain(first.code);
		const other = await createCustomer(dispatcher, company());
		await expectError(updateCustomer(dispatcher, other.id, { vatNumber: taken }), ConflictError, 'vatNumber');
	});

	it('updates with PATCH semantics and re-checks the whole record', async () => {
		const c = await createCustomer(dispatcher, company({ pec: 'a@pec.it' }));
		const updated = await updateCustomer(dispatcher, c.id, { businessName: 'Rossi & Figli Srl', comuneIstat: BERGAMO, paymentTermsDays: '60' });
		expect(updated).toMatchObject({ businessName: 'Rossi & Figli Srl', comuneName: 'Bergamo', province: 'BG', cap: '24121', paymentTermsDays: 60, pec: 'a@pec.it' });
		await updateCustomer(dispatcher, c.id, { sdiCode: null });
		// Removing the last channel for electronic invoices is refused.
		await expectError(updateCustomer(dispatcher, c.id, { pec: '' }), ValidationError, 'sdiCode');
		await expectError(updateCustomer(dispatcher, c.id, { colour: 'red' }), ValidationError, 'colour');
		await expectError(updateCustomer(dispatcher, uuidv7(), { notes: 'x' }), NotFoundError);
		await expectError(updateCustomer(dispatcher, 'not-a-uuid', { notes: 'x' }), NotFoundError);
		await expectError(getCustomer(dispatcher, 'not-a-uuid'), NotFoundError);
	});

	it('lets a supervisor read but not write, and a technician do neither', async () => {
		const c = await createCustomer(dispatcher, company());
		expect((await getCustomer(supervisor, c.id)).id).toBe(c.id);
		await expectError(createCustomer(supervisor, company()), ForbiddenError);
		await expectError(updateCustomer(supervisor, c.id, { notes: 'x' }), ForbiddenError);
		await expectError(getCustomer(technician, c.id), ForbiddenError);
		await expectError(listCustomers(technician, {}, { page: 1, pageSize: 10, offset: 0 }), ForbiddenError);
	});
});

describe('sites', () => {
	it('places a new site at its comune, then moves it to the door', async () => {
		const c = await createCustomer(dispatcher, company());
		const site = await createSite(dispatcher, c.id, { name: 'Sede', address: 'Via Dante 3', comuneIstat: MILANO.istat, openingHours: 'lun-ven 8:30-17:30' });
		expect(site).toMatchObject({ comuneName: 'Milano', province: 'MI', regionCode: '03', cap: '20121', customerCode: c.code, equipmentCount: 0 });
		expect(site.location.lng).toBeCloseTo(MILANO.lng, 4);
		expect(site.location.lat).toBeCloseTo(MILANO.lat, 4);

		const moved = await updateSite(dispatcher, site.id, { location: { lng: 9.1901, lat: '45,4655' }, cap: '20123' });
		expect(moved.location).toEqual({ lng: 9.1901, lat: 45.4655 });
		expect(moved.cap).toBe('20123');
		expect(moved.openingHours).toBe('lun-ven 8:30-17:30');

		await expectError(updateSite(dispatcher, site.id, { location: { lng: 2.35, lat: 48.85 } }), ValidationError, 'location.lng');
		await expectError(updateSite(dispatcher, site.id, { location: { lng: 9.19, lat: 30 } }), ValidationError, 'location.lat');
		expect((await getSite(dispatcher, site.id)).location).toEqual({ lng: 9.1901, lat: 45.4655 });

		// A new comune without a new point moves the site to that comune and its main CAP.
		const elsewhere = await updateSite(dispatcher, site.id, { comuneIstat: TORINO });
		expect(elsewhere).toMatchObject({ comuneName: 'Torino', province: 'TO', regionCode: '01', cap: '10121' });
		expect(elsewhere.location.lng).toBeCloseTo(7.6868, 4);
	});

	it('refuses bad input with the field, unknown ids with 404, a duplicate name with 409', async () => {
		const c = await createCustomer(dispatcher, company());
		await expectError(createSite(dispatcher, c.id, { name: 'X', address: 'Via Y', comuneIstat: '123' }), ValidationError, 'comuneIstat');
		await expectError(createSite(dispatcher, c.id, { name: 'X', address: 'Via Y', comuneIstat: '999999' }), ValidationError, 'comuneIstat');
		await expectError(createSite(dispatcher, c.id, { name: '', address: 'Via Y', comuneIstat: ROMA }), ValidationError, 'name');
		await expectError(createSite(dispatcher, uuidv7(), { name: 'X', address: 'Via Y', comuneIstat: ROMA }), NotFoundError);
		await expectError(createSite(dispatcher, 'nope', { name: 'X', address: 'Via Y', comuneIstat: ROMA }), NotFoundError);
		await createSite(dispatcher, c.id, { name: 'Magazzino', address: 'Via Y 1', comuneIstat: ROMA });
		await expectError(createSite(dispatcher, c.id, { name: 'magazzino', address: 'Via Z 2', comuneIstat: ROMA }), ConflictError, 'name');
		await expectError(getSite(dispatcher, uuidv7()), NotFoundError);
		await expectError(updateSite(dispatcher, 'x', { name: 'y' }), NotFoundError);
		await expectError(createSite(technician, c.id, { name: 'X', address: 'Via Y', comuneIstat: ROMA }), ForbiddenError);
	});
});

describe('contacts', () => {
	it('keeps customer-level and site-level contacts; a site of another customer is refused', async () => {
		const c = await createCustomer(dispatcher, company());
		const other = await createCustomer(dispatcher, company());
		const site = await createSite(dispatcher, c.id, { name: 'Sede', address: 'Via A 1', comuneIstat: ROMA });
		const foreignSite = await createSite(dispatcher, other.id, { name: 'Sede', address: 'Via B 1', comuneIstat: ROMA });

		const admin = await createContact(dispatcher, c.id, { name: 'Laura Bianchi', role: 'Amministrazione', email: 'laura@rossi.it' });
		const door = await createContact(dispatcher, c.id, { name: 'Piero Neri', role: 'Portineria', phone: '02 1234567', siteId: site.id });
		expect(door).toMatchObject({ siteId: site.id, siteName: 'Sede' });
		await expectError(createContact(dispatcher, c.id, { name: 'X', siteId: foreignSite.id }), ValidationError, 'siteId');
		await expectError(createContact(dispatcher, c.id, { name: 'X', email: 'nope' }), ValidationError, 'email');

		expect((await listContacts(dispatcher, c.id)).map((x) => x.name)).toEqual(['Laura Bianchi', 'Piero Neri']);
		expect((await getSite(dispatcher, site.id)).contacts.map((x) => x.name)).toEqual(['Piero Neri']);

		const moved = await updateContact(dispatcher, admin.id, { siteId: site.id, phone: '333 1234567' });
		expect(moved).toMatchObject({ siteId: site.id, phone: '333 1234567', email: 'laura@rossi.it' });
		await deleteContact(dispatcher, door.id);
		expect((await listContacts(dispatcher, c.id)).map((x) => x.name)).toEqual(['Laura Bianchi']);
		await expectError(deleteContact(dispatcher, door.id), NotFoundError);
		await expectError(deleteContact(supervisor, admin.id), ForbiddenError);
	});
});

describe('search, filters and pagination', () => {
	let ids: Record<string, string>;
	const tag = 'Zeta';

	beforeAll(async () => {
		// Five customers tagged "Zeta" so the assertions ignore rows other tests created.
		const a = await createCustomer(dispatcher, company({ businessName: `${tag} Alpha Srl`, comuneIstat: MILANO.istat }));
		const b = await createCustomer(dispatcher, company({ businessName: `${tag} Beta Spa`, comuneIstat: BERGAMO }));
		const c = await createCustomer(dispatcher, company({ businessName: `${tag} Gamma Snc`, comuneIstat: ROMA, active: false }));
		const d = await createCustomer(dispatcher, company({ businessName: `${tag} Delta Srl`, comuneIstat: MILANO.istat }));
		const e = await createCustomer(dispatcher, company({ businessName: `${tag} Epsilon Sas`, comuneIstat: ROMA }));
		// Alpha has a plant in Turin: found by the city and by province TO / region 01.
		await createSite(dispatcher, a.id, { name: 'Stabilimento', address: 'Corso Francia 1', comuneIstat: TORINO });
		// Beta and Delta have contracts; only Beta's is active.
		const calendarId = uuidv7();
		const slaLevelId = uuidv7();
		await fresh.db.insert(businessCalendars).values({ id: calendarId, name: 'Standard', weeklyHours: { '1': [], '2': [], '3': [], '4': [], '5': [], '6': [], '7': [] } });
		await fresh.db.insert(slaLevels).values({ id: slaLevelId, code: 'STD', name: 'Standard', calendarId });
		await fresh.db.insert(contracts).values([
			{ id: uuidv7(), number: '2026/000001', customerId: b.id, status: 'active', periodicity: 'quarterly', slaLevelId },
			{ id: uuidv7(), number: '2026/000002', customerId: d.id, status: 'expired', periodicity: 'monthly', slaLevelId }
		]);
		ids = { a: a.id, b: b.id, c: c.id, d: d.id, e: e.id, vatOfE: e.vatNumber! };
	});

	const names = async (filter: Record<string, unknown>, page = { page: 1, pageSize: 50, offset: 0 }) =>
		(await listCustomers(dispatcher, { q: tag, ...filter }, page)).items.map((i) => i.businessName.replace(`${tag} `, ''));

	it.each([
		['name contains', { q: 'beta' }, ['Beta Spa']],
		['the tag', {}, ['Alpha Srl', 'Beta Spa', 'Delta Srl', 'Epsilon Sas', 'Gamma Snc']],
		['province of billing address', { province: 'BG' }, ['Beta Spa']],
		['province of a site', { province: 'TO' }, ['Alpha Srl']],
		['region 03 (Lombardia)', { region: '03' }, ['Alpha Srl', 'Beta Spa', 'Delta Srl']],
		['region 12 (Lazio)', { region: '12' }, ['Epsilon Sas', 'Gamma Snc']],
		['inactive', { active: 'false' }, ['Gamma Snc']],
		['active in Rome', { active: true, province: 'rm' }, ['Epsilon Sas']],
		['has an active contract', { hasContract: 'true' }, ['Beta Spa']],
		['has no active contract (expired ones do not count)', { hasContract: 'false' }, ['Alpha Srl', 'Delta Srl', 'Epsilon Sas', 'Gamma Snc']]
	])('%s', async (_name, filter, expected) => {
		expect(await names(filter)).toEqual(expected);
	});

	it('finds by city (a site in Turin), by P.IVA prefix and by code', async () => {
		const byCity = await listCustomers(dispatcher, { q: 'torino' }, { page: 1, pageSize: 50, offset: 0 });
		// Another test moved a site to Turin too; of ours, only Alpha is there.
		const found = byCity.items.map((i) => i.id);
		expect(found).toContain(ids.a);
		expect(found.filter((id) => [ids.b, ids.c, ids.d, ids.e].includes(id))).toEqual([]);
		const byVat = await listCustomers(dispatcher, { q: ids.vatOfE.slice(0, 10) }, { page: 1, pageSize: 50, offset: 0 });
		expect(byVat.items.map((i) => i.id)).toEqual([ids.e]);
		const detail = await getCustomer(dispatcher, ids.e);
		const byCode = await listCustomers(dispatcher, { q: detail.code }, { page: 1, pageSize: 50, offset: 0 });
		expect(byCode.items.map((i) => i.id)).toContain(ids.e);
		const rows = await listCustomers(dispatcher, { q: tag }, { page: 1, pageSize: 50, offset: 0 });
		expect(rows.items.find((i) => i.id === ids.a)).toMatchObject({ siteCount: 1, hasContract: false });
		expect(rows.items.find((i) => i.id === ids.b)).toMatchObject({ siteCount: 0, hasContract: true });
	});

	it('pages the filtered list', async () => {
		const p1 = await listCustomers(dispatcher, { q: tag }, { page: 1, pageSize: 2, offset: 0 });
		const p3 = await listCustomers(dispatcher, { q: tag }, { page: 3, pageSize: 2, offset: 4 });
		expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 2, pages: 3 });
		expect(p1.items.map((i) => i.businessName)).toEqual([`${tag} Alpha Srl`, `${tag} Beta Spa`]);
		expect(p3.items.map((i) => i.businessName)).toEqual([`${tag} Gamma Snc`]);
	});

	it('refuses a malformed filter with the field', async () => {
		await expectError(listCustomers(dispatcher, { province: 'Milano' }, { page: 1, pageSize: 10, offset: 0 }), ValidationError, 'province');
		await expectError(listCustomers(dispatcher, { hasContract: 'sometimes' }, { page: 1, pageSize: 10, offset: 0 }), ValidationError, 'hasContract');
	});

	it('exports the list as filtered: BOM, semicolons, one row per match, import-compatible headers', async () => {
		const csv = await exportCustomersCsv(dispatcher, { q: tag, region: '03' });
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe(
			'codice;ragione_sociale;partita_iva;codice_fiscale;codice_sdi;pec;indirizzo;cap;comune_istat;comune;provincia;email;telefono;giorni_pagamento;note;attivo;sedi;contratto_attivo'
		);
		const rows = parseCsv(csv);
		expect(rows.map((r) => r.values.ragione_sociale)).toEqual([`${tag} Alpha Srl`, `${tag} Beta Spa`, `${tag} Delta Srl`]);
		expect(rows[1].values).toMatchObject({ comune: 'Bergamo', provincia: 'BG', attivo: 'sì', contratto_attivo: 'sì', sedi: '0' });
		// P.IVA keep their leading zeros as text.
		expect(rows[0].values.partita_iva).toMatch(/^\d{11}$/);
	});

	it('lists and exports sites with their filters', async () => {
		const page = await listSites(dispatcher, { province: 'TO', q: tag }, { page: 1, pageSize: 10, offset: 0 });
		expect(page.items.map((s) => [s.customerName, s.name, s.comuneName])).toEqual([[`${tag} Alpha Srl`, 'Stabilimento', 'Torino']]);
		const csv = await exportSitesCsv(dispatcher, { customerId: ids.a });
		const rows = parseCsv(csv);
		expect(rows).toHaveLength(1);
		expect(rows[0].values).toMatchObject({ nome: 'Stabilimento', comune_istat: '001272', provincia: 'TO', lat: '45,0705' });
	});
});

describe('comuni search', () => {
	it.each([
		['mil', ['Milano', 'Milazzo']],
		['MILANO', ['Milano']],
		['20121', ['Milano']],
		['015146', ['Milano']],
		['forli', ['Forlì']],
		['peschiera borr', ['Peschiera Borromeo']]
	])('%s', async (q, expectedFirst) => {
		const items = await searchComuni(dispatcher, q, '10');
		expect(items.slice(0, expectedFirst.length).map((c) => c.name)).toEqual(expectedFirst);
	});

	it('returns the shape the combobox needs, prefix matches before contains matches', async () => {
		const [milano] = await searchComuni(dispatcher, 'milano', '1');
		expect(milano).toEqual({ istat: '015146', name: 'Milano', province: 'MI', regionCode: '03', caps: expect.arrayContaining(['20121', '20162']), lat: 45.4643, lng: 9.1895 });
		const bor = await searchComuni(dispatcher, 'borromeo', '5');
		expect(bor.map((c) => c.name)).toContain('Peschiera Borromeo');
		const san = await searchComuni(dispatcher, 'san', '20');
		expect(san.every((c) => c.name.toLowerCase().startsWith('san'))).toBe(true);
	});

	it('refuses silly limits and needs customers.read', async () => {
		await expectError(searchComuni(dispatcher, 'mil', '500'), ValidationError, 'limit');
		expect(await searchComuni(dispatcher, '  ', null)).toEqual([]);
		await expectError(searchComuni(technician, 'mil', null), ForbiddenError);
	});
});
