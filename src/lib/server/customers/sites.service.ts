import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { toCsv, type CsvColumn } from '../csv';
import { db, type Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { pageOf, type Page, type PageRequest } from '../pagination';
import { findComune, type ComuneRow } from './comuni.queries';
import { contactsOfSite } from './contacts.queries';
import { checkSite, isUuid, type SiteValues } from './customer-input';
import { EXPORT_LIMIT, listFilter, throwFirst } from './service-helpers';
import { findCustomerById } from './customers.queries';
import * as queries from './sites.queries';

const SITE_FIELDS = ['name', 'address', 'comuneIstat', 'cap', 'location', 'accessNotes', 'openingHours', 'active'] as const;

async function comuneOf(database: Db, istat: string): Promise<ComuneRow> {
	const comune = await findComune(database, istat);
	if (!comune) throw new ValidationError('comuneIstat', 'unknown comune: no comune has this ISTAT code');
	return comune;
}

/** The row to store: the comune gives province, region, the main CAP and, until moved, the point. */
export function siteRow(value: SiteValues, comune: ComuneRow) {
	return {
		name: value.name,
		address: value.address,
		comuneIstat: comune.istat,
		comuneName: comune.name,
		province: comune.province,
		regionCode: comune.regionCode,
		cap: value.cap ?? comune.caps[0] ?? null,
		location: value.location ?? { lng: comune.lng, lat: comune.lat },
		accessNotes: value.accessNotes,
		openingHours: value.openingHours,
		active: value.active
	};
}

function nameTaken(name: string): ConflictError {
	return new ConflictError('name', `this customer already has a site named "${name}"`);
}

export async function createSite(actor: Actor, customerId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'customers.write');
	if (!isUuid(customerId)) throw new NotFoundError('customer not found');
	const { value, problems } = checkSite(input);
	if (!value) throwFirst(problems);
	const id = uuidv7();
	await db().transaction(async (tx) => {
		if (!(await findCustomerById(tx, customerId))) throw new NotFoundError('customer not found');
		const comune = await comuneOf(tx, value.comuneIstat);
		if (await queries.findSiteByName(tx, customerId, value.name)) throw nameTaken(value.name);
		await queries.insertSites(tx, [{ id, customerId, ...siteRow(value, comune) }]);
		await audit({ action: 'site.create', actorUserId: actor.id, subject: id, ip, details: { customerId, comuneIstat: comune.istat } }, tx);
	});
	return (await queries.findSiteById(db(), id))!;
}

/**
 * PATCH: sent fields replace stored ones. Changing the comune without sending a location or
 * CAP moves the site to the new comune's point and main CAP; a stale pin would be worse.
 */
export async function updateSite(actor: Actor, id: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'customers.write');
	if (!isUuid(id)) throw new NotFoundError('site not found');
	if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError('body', 'expected an object');
	const patch = input as Record<string, unknown>;
	const unknown = Object.keys(patch).find((k) => !(SITE_FIELDS as readonly string[]).includes(k));
	if (unknown) throw new ValidationError(unknown, 'unknown field');
	await db().transaction(async (tx) => {
		const existing = await queries.findSiteById(tx, id);
		if (!existing) throw new NotFoundError('site not found');
		const merged: Record<string, unknown> = Object.fromEntries(SITE_FIELDS.map((f) => [f, existing[f]]));
		if ('comuneIstat' in patch && patch.comuneIstat !== existing.comuneIstat) {
			merged.cap = null;
			merged.location = null;
		}
		Object.assign(merged, patch);
		const { value, problems } = checkSite(merged);
		if (!value) throwFirst(problems);
		const comune = await comuneOf(tx, value.comuneIstat);
		if (value.name.toLowerCase() !== existing.name.toLowerCase() && (await queries.findSiteByName(tx, existing.customerId, value.name, id))) {
			throw nameTaken(value.name);
		}
		await queries.updateSite(tx, id, siteRow(value, comune));
		await audit({ action: 'site.update', actorUserId: actor.id, subject: id, ip, details: { fields: Object.keys(patch) } }, tx);
	});
	return (await queries.findSiteById(db(), id))!;
}

export async function getSite(actor: Actor, id: string) {
	authorize(actor, 'customers.read');
	if (!isUuid(id)) throw new NotFoundError('site not found');
	const database = db();
	const site = await queries.findSiteById(database, id);
	if (!site) throw new NotFoundError('site not found');
	const [contacts, equipment] = await Promise.all([contactsOfSite(database, id), queries.equipmentAtSite(database, id)]);
	return { ...site, contacts, equipment };
}

export async function listCustomerSites(actor: Actor, customerId: string) {
	authorize(actor, 'customers.read');
	if (!isUuid(customerId)) throw new NotFoundError('customer not found');
	const database = db();
	if (!(await findCustomerById(database, customerId))) throw new NotFoundError('customer not found');
	return queries.sitesOfCustomer(database, customerId);
}

export async function listSites(actor: Actor, filterInput: unknown, page: PageRequest): Promise<Page<queries.SiteListRow>> {
	authorize(actor, 'customers.read');
	const filter = listFilter(filterInput);
	const { items, total } = await queries.listSites(db(), filter, page.pageSize, page.offset);
	return pageOf(items, total, page);
}

/** Same columns as the sites import, plus the customer's name and the installed units. */
export const SITE_CSV_COLUMNS: CsvColumn<queries.SiteListRow>[] = [
	{ header: 'cliente', value: (r) => r.customerCode },
	{ header: 'nome', value: (r) => r.name },
	{ header: 'indirizzo', value: (r) => r.address },
	{ header: 'cap', value: (r) => r.cap },
	{ header: 'comune_istat', value: (r) => r.comuneIstat },
	{ header: 'comune', value: (r) => r.comuneName },
	{ header: 'provincia', value: (r) => r.province },
	{ header: 'lat', value: (r) => r.location.lat },
	{ header: 'lng', value: (r) => r.location.lng },
	{ header: 'note_accesso', value: (r) => r.accessNotes },
	{ header: 'orari', value: (r) => r.openingHours },
	{ header: 'attivo', value: (r) => r.active },
	{ header: 'ragione_sociale', value: (r) => r.customerName },
	{ header: 'apparecchiature', value: (r) => r.equipmentCount }
];

export async function exportSitesCsv(actor: Actor, filterInput: unknown): Promise<string> {
	authorize(actor, 'customers.read');
	const filter = listFilter(filterInput);
	const { items, total } = await queries.listSites(db(), filter, EXPORT_LIMIT, 0);
	if (total > EXPORT_LIMIT) throw new ValidationError('q', `more than ${EXPORT_LIMIT} sites match: narrow the filters`);
	return toCsv(items, SITE_CSV_COLUMNS);
}
