import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { toCsv, type CsvColumn } from '../csv';
import { db, type Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { conflictFromDatabase, customerCode, EXPORT_LIMIT, listFilter, throwFirst } from './service-helpers';
import { uuidv7 } from '../ids';
import { pageOf, type Page, type PageRequest } from '../pagination';
import { findComune } from './comuni.queries';
import { contactsOfCustomer } from './contacts.queries';
import { checkCustomer, CUSTOMER_FIELDS, isUuid, type CustomerValues } from './customer-input';
import * as queries from './customers.queries';
import { contractsOfCustomer } from './linked.queries';
import { sitesOfCustomer } from './sites.queries';

/** Fills comune name, province and the main CAP from the ISTAT code; an unknown code is a 400. */
async function placeBilling(database: Db, value: CustomerValues): Promise<void> {
	if (!value.comuneIstat) return;
	const comune = await findComune(database, value.comuneIstat);
	if (!comune) throw new ValidationError('comuneIstat', 'unknown comune: no comune has this ISTAT code');
	value.comuneName = comune.name;
	value.province = comune.province;
	value.cap ??= comune.caps[0] ?? null;
}

function row(value: CustomerValues) {
	const { code: _code, ...rest } = value;
	return rest;
}

export async function createCustomer(actor: Actor, input: unknown, ip: string | null = null) {
	authorize(actor, 'customers.write');
	const { value, problems } = checkCustomer(input);
	if (!value) throwFirst(problems);
	try {
		return await db().transaction(async (tx) => {
			await queries.lockCustomerCodes(tx);
			await placeBilling(tx, value);
			if (value.vatNumber) {
				const other = await queries.findCustomerByVat(tx, value.vatNumber);
				if (other) throw new ConflictError('vatNumber', `partita IVA ${value.vatNumber} already belongs to customer ${other.code} (${other.businessName})`);
			}
			if (value.code && (await queries.findCustomerByCode(tx, value.code))) throw new ConflictError('code', `code ${value.code} is already used`);
			const code = value.code ?? customerCode((await queries.highestCustomerNumber(tx)) + 1);
			const id = uuidv7();
			await queries.insertCustomers(tx, [{ id, code, ...row(value) }]);
			await audit({ action: 'customer.create', actorUserId: actor.id, subject: id, ip, details: { code, vatNumber: value.vatNumber } }, tx);
			return (await queries.findCustomerById(tx, id))!;
		});
	} catch (error) {
		return conflictFromDatabase(error);
	}
}

/** PATCH semantics: the fields sent replace the stored ones, then the whole record is checked again. */
export async function updateCustomer(actor: Actor, id: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'customers.write');
	if (!isUuid(id)) throw new NotFoundError('customer not found');
	if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError('body', 'expected an object');
	const patch = input as Record<string, unknown>;
	const unknown = Object.keys(patch).find((k) => !(CUSTOMER_FIELDS as string[]).includes(k));
	if (unknown) throw new ValidationError(unknown, 'unknown field');
	try {
		return await db().transaction(async (tx) => {
			await queries.lockCustomerCodes(tx);
			const existing = await queries.findCustomerById(tx, id);
			if (!existing) throw new NotFoundError('customer not found');
			const merged: Record<string, unknown> = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, existing[f as keyof typeof existing]]));
			if ('comuneIstat' in patch && patch.comuneIstat !== existing.comuneIstat) {
				// A new comune brings its own name, province and CAP unless the patch says otherwise.
				merged.comuneName = null;
				merged.province = null;
				merged.cap = null;
			}
			Object.assign(merged, patch);
			const { value, problems } = checkCustomer(merged);
			if (!value) throwFirst(problems);
			await placeBilling(tx, value);
			if (value.vatNumber && value.vatNumber !== existing.vatNumber) {
				const other = await queries.findCustomerByVat(tx, value.vatNumber, id);
				if (other) throw new ConflictError('vatNumber', `partita IVA ${value.vatNumber} already belongs to customer ${other.code} (${other.businessName})`);
			}
			const code = value.code ?? existing.code;
			if (code !== existing.code && (await queries.findCustomerByCode(tx, code, id))) throw new ConflictError('code', `code ${code} is already used`);
			const updated = await queries.updateCustomer(tx, id, { code, ...row(value) });
			const changed = Object.keys(patch);
			await audit({ action: 'customer.update', actorUserId: actor.id, subject: id, ip, details: { fields: changed } }, tx);
			return updated;
		});
	} catch (error) {
		return conflictFromDatabase(error);
	}
}

export async function getCustomer(actor: Actor, id: string) {
	authorize(actor, 'customers.read');
	if (!isUuid(id)) throw new NotFoundError('customer not found');
	const database = db();
	const customer = await queries.findCustomerById(database, id);
	if (!customer) throw new NotFoundError('customer not found');
	const [regionCode, sites, contacts, contracts] = await Promise.all([
		queries.regionOfComune(database, customer.comuneIstat),
		sitesOfCustomer(database, id),
		contactsOfCustomer(database, id),
		contractsOfCustomer(database, id)
	]);
	return { ...customer, regionCode, sites, contacts, contracts };
}

export async function listCustomers(actor: Actor, filterInput: unknown, page: PageRequest): Promise<Page<queries.CustomerListRow>> {
	authorize(actor, 'customers.read');
	const filter = listFilter(filterInput);
	const { items, total } = await queries.listCustomers(db(), filter, page.pageSize, page.offset);
	return pageOf(items, total, page);
}

/**
 * Export columns: the first sixteen are exactly the import's, so an export can be edited in Excel
 * and its new rows imported; the last two are information only (ignored by the import).
 */
export const CUSTOMER_CSV_COLUMNS: CsvColumn<queries.CustomerListRow>[] = [
	{ header: 'codice', value: (r) => r.code },
	{ header: 'ragione_sociale', value: (r) => r.businessName },
	{ header: 'partita_iva', value: (r) => r.vatNumber },
	{ header: 'codice_fiscale', value: (r) => r.fiscalCode },
	{ header: 'codice_sdi', value: (r) => r.sdiCode },
	{ header: 'pec', value: (r) => r.pec },
	{ header: 'indirizzo', value: (r) => r.address },
	{ header: 'cap', value: (r) => r.cap },
	{ header: 'comune_istat', value: (r) => r.comuneIstat },
	{ header: 'comune', value: (r) => r.comuneName },
	{ header: 'provincia', value: (r) => r.province },
	{ header: 'email', value: (r) => r.email },
	{ header: 'telefono', value: (r) => r.phone },
	{ header: 'giorni_pagamento', value: (r) => r.paymentTermsDays },
	{ header: 'note', value: (r) => r.notes },
	{ header: 'attivo', value: (r) => r.active },
	{ header: 'sedi', value: (r) => r.siteCount },
	{ header: 'contratto_attivo', value: (r) => r.hasContract }
];

export async function exportCustomersCsv(actor: Actor, filterInput: unknown): Promise<string> {
	authorize(actor, 'customers.read');
	const filter = listFilter(filterInput);
	const { items, total } = await queries.listCustomers(db(), filter, EXPORT_LIMIT, 0);
	if (total > EXPORT_LIMIT) throw new ValidationError('q', `more than ${EXPORT_LIMIT} customers match: narrow the filters`);
	return toCsv(items, CUSTOMER_CSV_COLUMNS);
}
