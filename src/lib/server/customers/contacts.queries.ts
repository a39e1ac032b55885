import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contacts, sites } from '../db/schema';

export type ContactRow = typeof contacts.$inferSelect;
export type NewContactRow = typeof contacts.$inferInsert;

const contactColumns = {
	id: contacts.id,
	customerId: contacts.customerId,
	siteId: contacts.siteId,
	siteName: sites.name,
	name: contacts.name,
	role: contacts.role,
	phone: contacts.phone,
	email: contacts.email,
	notes: contacts.notes,
	createdAt: contacts.createdAt
};
export type ContactListRow = ContactRow & { siteName: string | null };

export async function contactsOfCustomer(db: Db, customerId: string): Promise<ContactListRow[]> {
	return db
		.select(contactColumns)
		.from(contacts)
		.leftJoin(sites, eq(sites.id, contacts.siteId))
		.where(eq(contacts.customerId, customerId))
		.orderBy(sql`${contacts.siteId} nulls first`, asc(sites.name), asc(contacts.name), asc(contacts.id));
}

export async function contactsOfSite(db: Db, siteId: string): Promise<ContactListRow[]> {
	return db
		.select(contactColumns)
		.from(contacts)
		.leftJoin(sites, eq(sites.id, contacts.siteId))
		.where(eq(contacts.siteId, siteId))
		.orderBy(asc(contacts.name), asc(contacts.id));
}

export async function findContactById(db: Db, id: string): Promise<ContactListRow | null> {
	const rows = await db.select(contactColumns).from(contacts).leftJoin(sites, eq(sites.id, contacts.siteId)).where(eq(contacts.id, id)).limit(1);
	return rows[0] ?? null;
}

export async function insertContact(db: Db, row: NewContactRow): Promise<void> {
	await db.insert(contacts).values(row);
}

export async function updateContact(db: Db, id: string, changes: Partial<Omit<NewContactRow, 'id' | 'customerId'>>): Promise<void> {
	await db.update(contacts).set(changes).where(eq(contacts.id, id));
}

export async function deleteContact(db: Db, id: string): Promise<void> {
	await db.delete(contacts).where(eq(contacts.id, id));
}
