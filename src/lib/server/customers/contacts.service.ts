import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import * as queries from './contacts.queries';
import { checkContact, isUuid, type ContactValues } from './customer-input';
import { findCustomerById } from './customers.queries';
import { throwFirst } from './service-helpers';
import { findSiteById } from './sites.queries';

const CONTACT_FIELDS = ['siteId', 'name', 'role', 'phone', 'email', 'notes'] as const;

/** A site contact must be at one of the customer's own sites. */
async function checkSiteOf(database: Db, customerId: string, value: ContactValues): Promise<void> {
	if (!value.siteId) return;
	const site = await findSiteById(database, value.siteId);
	if (!site || site.customerId !== customerId) throw new ValidationError('siteId', 'not a site of this customer');
}

export async function listContacts(actor: Actor, customerId: string) {
	authorize(actor, 'customers.read');
	if (!isUuid(customerId)) throw new NotFoundError('customer not found');
	const database = db();
	if (!(await findCustomerById(database, customerId))) throw new NotFoundError('customer not found');
	return queries.contactsOfCustomer(database, customerId);
}

export async function getContact(actor: Actor, id: string) {
	authorize(actor, 'customers.read');
	if (!isUuid(id)) throw new NotFoundError('contact not found');
	const contact = await queries.findContactById(db(), id);
	if (!contact) throw new NotFoundError('contact not found');
	return contact;
}

export async function createContact(actor: Actor, customerId: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'customers.write');
	if (!isUuid(customerId)) throw new NotFoundError('customer not found');
	const { value, problems } = checkContact(input);
	if (!value) throwFirst(problems);
	const id = uuidv7();
	await db().transaction(async (tx) => {
		if (!(await findCustomerById(tx, customerId))) throw new NotFoundError('customer not found');
		await checkSiteOf(tx, customerId, value);
		await queries.insertContact(tx, { id, customerId, ...value });
		await audit({ action: 'contact.create', actorUserId: actor.id, subject: id, ip, details: { customerId, siteId: value.siteId } }, tx);
	});
	return (await queries.findContactById(db(), id))!;
}

export async function updateContact(actor: Actor, id: string, input: unknown, ip: string | null = null) {
	authorize(actor, 'customers.write');
	if (!isUuid(id)) throw new NotFoundError('contact not found');
	if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ValidationError('body', 'expected an object');
	const patch = input as Record<string, unknown>;
	const unknown = Object.keys(patch).find((k) => !(CONTACT_FIELDS as readonly string[]).includes(k));
	if (unknown) throw new ValidationError(unknown, 'unknown field');
	await db().transaction(async (tx) => {
		const existing = await queries.findContactById(tx, id);
		if (!existing) throw new NotFoundError('contact not found');
		const merged = { ...Object.fromEntries(CONTACT_FIELDS.map((f) => [f, existing[f]])), ...patch };
		const { value, problems } = checkContact(merged);
		if (!value) throwFirst(problems);
		await checkSiteOf(tx, existing.customerId, value);
		await queries.updateContact(tx, id, value);
		await audit({ action: 'contact.update', actorUserId: actor.id, subject: id, ip, details: { fields: Object.keys(patch) } }, tx);
	});
	return (await queries.findContactById(db(), id))!;
}

export async function deleteContact(actor: Actor, id: string, ip: string | null = null): Promise<void> {
	authorize(actor, 'customers.write');
	if (!isUuid(id)) throw new NotFoundError('contact not found');
	await db().transaction(async (tx) => {
		const existing = await queries.findContactById(tx, id);
		if (!existing) throw new NotFoundError('contact not found');
		await queries.deleteContact(tx, id);
		await audit({ action: 'contact.delete', actorUserId: actor.id, subject: id, ip, details: { customerId: existing.customerId, name: existing.name } }, tx);
	});
}
