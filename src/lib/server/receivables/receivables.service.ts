/**
 * Open items (partite aperte) and the derived customer flag "has overdue receivables". Data
 * comes per source and replaces that source's rows as a whole, in one transaction: from the CSV
 * import (source 'csv') or from an integration's PUT /api/receivables.
 */
import { authorize, type Actor } from '../auth/actor';
import type { ApiKeyPrincipal } from '../auth/api-keys.service';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { todayInRome } from '../dispatch/board-page.service';
import { logger } from '../logger';
import { announce } from '../realtime/announce';
import { roomOfRole } from '$lib/realtime/events';
import { customerRef, replaceInput, type ReceivableItem } from './receivable-input';
import * as queries from './receivables.queries';

export type ReceivablesPrincipal = { kind: 'user'; actor: Actor } | { kind: 'apiKey'; key: ApiKeyPrincipal };

export function principalOf(user: Actor | null | undefined, apiKey: ApiKeyPrincipal | null | undefined): ReceivablesPrincipal | null {
	if (apiKey) return { kind: 'apiKey', key: apiKey };
	if (user) return { kind: 'user', actor: user };
	return null;
}

function authorizeWriter(principal: ReceivablesPrincipal | null): asserts principal is ReceivablesPrincipal {
	if (!principal) throw new ForbiddenError();
	if (principal.kind === 'user') authorize(principal.actor, 'receivables.write');
	else if (!principal.key.scopes.includes('receivables')) throw new ForbiddenError('the key lacks scope receivables');
}

/** Maps customer references to ids; unknown references are returned for the caller to report. */
export async function resolveCustomers(refs: string[]): Promise<Map<string, string>> {
	const normalised = [...new Set(refs.map(customerRef))];
	const found = await queries.customersByReference(db(), normalised);
	const byRef = new Map<string, string>();
	for (const c of found) {
		byRef.set(c.code.toUpperCase(), c.id);
		if (c.vatNumber) byRef.set(c.vatNumber, c.id);
		byRef.set(c.id, c.id);
	}
	return byRef;
}

/** Same customer, document and due date twice: the item would be counted twice. */
export function duplicateKey(customerId: string, item: Pick<ReceivableItem, 'documentNumber' | 'dueDate'>): string {
	return `${customerId}\u0000${item.documentNumber.toUpperCase()}\u0000${item.dueDate}`;
}

/**
 * Writes the checked items of one source, replacing what it sent before. Customers whose
 * "unpaid" flag changed are announced after the commit, so open maps recolour their calls now
 * rather than at their next periodic resync.
 */
export async function writeSource(source: string, rows: { customerId: string; item: ReceivableItem }[], auditBy: { actorUserId: string | null; apiKeyId?: string; ip: string | null }) {
	const now = new Date();
	const today = todayInRome(now);
	const result = await db().transaction(async (tx) => {
		await queries.lockReceivableWrites(tx);
		const touched = [...new Set([...(await queries.customersOfSource(tx, source)), ...rows.map((r) => r.customerId)])];
		const before = await queries.customersWithOverdue(tx, touched, today);
		const { deleted } = await queries.replaceSource(
			tx,
			source,
			rows.map(({ customerId, item }) => ({
				id: uuidv7(),
				source,
				customerId,
				documentNumber: item.documentNumber,
				documentDate: item.documentDate,
				dueDate: item.dueDate,
				amountCents: item.amountCents,
				paidCents: item.paidCents,
				importedAt: now
			}))
		);
		await audit({ action: 'receivables.replace', actorUserId: auditBy.actorUserId, subject: source, ip: auditBy.ip, details: { items: rows.length, deleted, apiKeyId: auditBy.apiKeyId } }, tx);
		const after = await queries.customersWithOverdue(tx, touched, today);
		const flipped = touched.filter((id) => before.has(id) !== after.has(id)).map((id) => ({ id, unpaid: after.has(id) }));
		return { deleted, flipped };
	});
	await announceUnpaidChanged(result.flipped);
	return { deleted: result.deleted };
}

/** Who hears about it: the office roles (wall screens act as supervisors). */
const OFFICE_ROOMS = [roomOfRole('dispatcher'), roomOfRole('admin'), roomOfRole('supervisor')];

/**
 * The flags as `customer:unpaid` (badges on lists, call pages and the board), and the open calls
 * of those customers as `call:planned`: the event maps and wall screens refetch calls on (a big
 * batch makes them resync once). Best effort: pages ask again when they load, maps resync.
 */
async function announceUnpaidChanged(flipped: Array<{ id: string; unpaid: boolean }>): Promise<void> {
	if (flipped.length === 0) return;
	try {
		announce(OFFICE_ROOMS, 'customer:unpaid', { customers: flipped });
		const ids = await queries.openCallsOfCustomers(db(), flipped.map((c) => c.id));
		if (ids.length) announce(OFFICE_ROOMS, 'call:planned', { ids });
	} catch (error) {
		logger().warn({ err: error }, 'could not announce the unpaid flag change');
	}
}

/**
 * PUT /api/receivables: { source, items } replaces every item of `source`. Every bad item is a
 * 400 naming it (items.3.dueDate); an unknown customer too. Nothing is written unless all pass.
 */
export async function replaceReceivables(principal: ReceivablesPrincipal | null, input: unknown, ip: string | null = null) {
	authorizeWriter(principal);
	const parsed = replaceInput.safeParse(input);
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	const { source, items } = parsed.data;
	const byRef = await resolveCustomers(items.map((i) => i.customer));
	const seen = new Set<string>();
	const rows = items.map((item, index) => {
		const customerId = byRef.get(customerRef(item.customer));
		if (!customerId) throw new ValidationError(`items.${index}.customer`, `no customer has code, partita IVA or id ${item.customer}`);
		const key = duplicateKey(customerId, item);
		if (seen.has(key)) throw new ValidationError(`items.${index}.documentNumber`, 'the same document and due date appear twice');
		seen.add(key);
		return { customerId, item };
	});
	const { deleted } = await writeSource(source, rows, {
		actorUserId: principal.kind === 'user' ? principal.actor.id : null,
		apiKeyId: principal.kind === 'apiKey' ? principal.key.id : undefined,
		ip
	});
	return { source, written: rows.length, replaced: deleted };
}

/** Customers among `customerIds` (all when null) that have overdue receivables today. */
export async function unpaidCustomers(customerIds: string[] | null, now = new Date()): Promise<Set<string>> {
	return queries.customersWithOverdue(db(), customerIds, todayInRome(now));
}

/** Whether one customer has overdue receivables, with the open items for the detail page. */
export async function customerReceivables(actor: Actor | null | undefined, customerId: string, now = new Date()) {
	authorize(actor, 'receivables.read');
	if (!/^[0-9a-f-]{36}$/i.test(customerId)) throw new NotFoundError('customer not found');
	const today = todayInRome(now);
	const items = (await queries.receivablesOfCustomer(db(), customerId)).map((r) => ({
		...r,
		openCents: r.amountCents - r.paidCents,
		overdue: r.dueDate < today && r.paidCents < r.amountCents
	}));
	return { overdue: items.some((i) => i.overdue), overdueCents: items.filter((i) => i.overdue).reduce((s, i) => s + i.openCents, 0), items };
}

export async function receivableSources(actor: Actor | null | undefined) {
	authorize(actor, 'receivables.read');
	return (await queries.sourceSummaries(db())).map((s) => ({ ...s, openCents: Number(s.openCents) }));
}

/** For pages: which of these customers are flagged unpaid (at most 500 ids per ask). */
export async function unpaidAmong(actor: Actor | null | undefined, customerIds: string[], now = new Date()): Promise<string[]> {
	authorize(actor, 'receivables.read');
	const ids = [...new Set(customerIds)].filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
	if (ids.length > 500) throw new ValidationError('customers', 'at most 500 customers per request');
	return [...(await unpaidCustomers(ids, now))];
}
