// Open items (partite aperte): CSV import with dry run, bulk replace per source, derived "unpaid" flag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitaIvaCheckDigit } from '../../src/lib/domain/italian-tax-ids';
import type { Actor } from '../../src/lib/server/auth/actor';
import { createCustomer } from '../../src/lib/server/customers/customers.service';
import { receivables } from '../../src/lib/server/db/schema';
import { ForbiddenError, ValidationError } from '../../src/lib/server/errors';
import { importReceivables, parseCents } from '../../src/lib/server/receivables/import.service';
import { customerReceivables, replaceReceivables, unpaidCustomers } from '../../src/lib/server/receivables/receivables.service';
import { heardDuring } from '../support/announcements';
import { createTestUser } from '../support/users';
import { freshDatabase, type FreshDatabase } from './support/database';

let fresh: FreshDatabase;
let admin: Actor;
let dispatcher: Actor;
let technician: Actor;
const customer: Record<'a' | 'b' | 'c', { id: string; code: string; vatNumber: string | null }> = {} as never;

function vat(n: number): string {
	const first10 = String(n).padStart(10, '0');
	return first10 + partitaIvaCheckDigit(first10);
}
const csv = (...lines: string[]) => '\uFEFF' + lines.join('\r\n') + '\r\n';
const summary = (problems: { line: number; field: string; code: string }[]) => problems.map((p) => `${p.line} ${p.field} ${p.code}`);
const HEADER = 'Cliente;Numero documento;Data documento;Scadenza;Importo;Pagato';
// "Now" is fixed: 15 March 2026 at 10:00 in Rome.
const NOW = new Date('2026-03-15T09:00:00Z');
const apiKey = (scopes: string[]) => ({ kind: 'apiKey' as const, key: { id: '0190a0a0-0000-7000-8000-000000000001', name: 'erp', scopes: scopes as never } });

beforeAll(async () => {
	fresh = await freshDatabase();
	admin = await createTestUser(fresh.db, 'admin');
	dispatcher = await createTestUser(fresh.db, 'dispatcher');
	technician = await createTestUser(fresh.db, 'technician');
	let n = 7_000_000_001;
	for (const k of ['a', 'b', 'c'] as const) {
		customer[k] = await createCustomer(dispatcher, { businessName: `Cliente ${k} Srl`, address: 'Via Roma 1', vatNumber: vat(n++), sdiCode: 'ABCDEFG', comuneIstat: '015146' });
	}
});
afterAll(async () => {
	await fresh?.close();
});

describe('amounts', () => {
	it.each([
		['1.234,56', 123456],
		['1234.5', 123450],
		['0,01', 1],
		['12', 1200],
		['€ 7,00', 700],
		['', null],
		['1,234.56', NaN],
		['12,345', NaN],
		['abc', NaN]
	])('%s -> %s cents', (text, cents) => {
		expect(parseCents(text)).toEqual(cents);
	});
});

describe('receivables import', () => {
	it('a dry run lists every bad row and writes nothing; the real run refuses the same file', async () => {
		const file = csv(
			HEADER,
			`${customer.a.code};FT 1/2026;10/01/2026;10/02/2026;1.220,00;0`, // 2 ok
			`ZZZ999;FT 2/2026;10/01/2026;10/02/2026;100;`, // 3 unknown customer
			`${customer.a.code};FT 3/2026;31/02/2026;10/03/2026;100;`, // 4 impossible date
			`${customer.b.vatNumber};FT 4/2026;10/01/2026;10/02/2026;abc;`, // 5 bad amount
			`${customer.b.vatNumber};FT 5/2026;10/01/2026;10/02/2026;100,00;150,00`, // 6 paid more than the amount
			`${customer.a.code};FT 1/2026;10/01/2026;10/02/2026;50;`, // 7 same document and due date as line 2
			`${customer.c.code};FT 6/2026;10/03/2026;10/01/2026;80;` // 8 due before the document date
		);
		const dry = await importReceivables(admin, file, { dryRun: true });
		expect(dry).toMatchObject({ dryRun: true, rows: 7, written: 0 });
		expect(summary(dry.problems)).toEqual([
			'3 cliente unknown_customer',
			'4 data_documento invalid',
			'5 importo invalid',
			'6 pagato invalid',
			'7 numero_documento duplicate_in_file',
			'8 scadenza invalid'
		]);
		const real = await importReceivables(admin, file, { dryRun: false });
		expect(real.written).toBe(0);
		expect(real.problems).toHaveLength(6);
		expect(await fresh.db.$count(receivables)).toBe(0);
	});

	it('refuses a file without the required columns and names them', async () => {
		const report = await importReceivables(admin, csv('Cliente;Importo;Colore', `${customer.a.code};10;rosso`), { dryRun: true });
		expect(summary(report.problems)).toEqual([
			'1 numero_documento missing_column',
			'1 data_documento missing_column',
			'1 scadenza missing_column',
			'1 colore unknown_column'
		]);
	});

	it('a good file replaces the previous CSV import as a whole', async () => {
		const first = csv(
			HEADER,
			`${customer.a.code};FT 1/2026;10/01/2026;10/02/2026;1.220,00;0`,
			`${customer.b.vatNumber};FT 4/2026;10/01/2026;10/04/2026;500,00;`
		);
		expect(await importReceivables(admin, first, { dryRun: false })).toMatchObject({ written: 2, problems: [] });
		const second = csv(HEADER, `IT${customer.b.vatNumber};FT 9/2026;01/03/2026;2026-04-30;99,90;`);
		expect(await importReceivables(admin, second, { dryRun: false })).toMatchObject({ written: 1 });
		const rows = await fresh.db.select().from(receivables);
		expect(rows.map((r) => [r.source, r.documentNumber, r.amountCents, r.customerId])).toEqual([['csv', 'FT 9/2026', 9990, customer.b.id]]);
	});

	it('only admins import; dispatchers and technicians are refused', async () => {
		await expect(importReceivables(dispatcher, csv(HEADER), { dryRun: true })).rejects.toBeInstanceOf(ForbiddenError);
		await expect(importReceivables(technician, csv(HEADER), { dryRun: true })).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('bulk replace per source (PUT /api/receivables)', () => {
	it('replaces only its own source and keeps the CSV rows', async () => {
		const before = await fresh.db.$count(receivables);
		const item = { customer: customer.c.code, documentNumber: 'A-1', documentDate: '2026-01-01', dueDate: '2026-02-01', amountCents: 10000 };
		expect(await replaceReceivables(apiKey(['receivables']), { source: 'erp', items: [item, { ...item, documentNumber: 'A-2' }] })).toMatchObject({ written: 2, replaced: 0 });
		expect(await replaceReceivables(apiKey(['receivables']), { source: 'erp', items: [item] })).toMatchObject({ written: 1, replaced: 2 });
		expect(await fresh.db.$count(receivables)).toBe(before + 1);
		expect(await replaceReceivables({ kind: 'user', actor: admin }, { source: 'erp', items: [] })).toMatchObject({ written: 0, replaced: 1 });
		expect(await fresh.db.$count(receivables)).toBe(before);
	});

	it('names the bad item and field, and writes nothing', async () => {
		const ok = { customer: customer.c.code, documentNumber: 'B-1', documentDate: '2026-01-01', dueDate: '2026-02-01', amountCents: 100 };
		const attempts: [unknown, string][] = [
			[{ source: 'erp', items: [ok, { ...ok, documentNumber: 'B-2', dueDate: '2026-02-30' }] }, 'items.1.dueDate'],
			[{ source: 'erp', items: [ok, { ...ok, documentNumber: 'B-2', amountCents: 10.5 }] }, 'items.1.amountCents'],
			[{ source: 'erp', items: [ok, { ...ok, documentNumber: 'B-2', customer: 'NOPE' }] }, 'items.1.customer'],
			[{ source: 'erp', items: [ok, ok] }, 'items.1.documentNumber'],
			[{ source: 'ERP with spaces', items: [ok] }, 'source'],
			[{ items: [ok] }, 'source']
		];
		for (const [body, field] of attempts) {
			const error = await replaceReceivables(apiKey(['receivables']), body).catch((e) => e);
			expect(error, field).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).field).toBe(field);
		}
		expect(await fresh.db.select().from(receivables).then((r) => r.filter((x) => x.source === 'erp'))).toEqual([]);
	});

	it('a key without the scope, a dispatcher or a technician cannot replace', async () => {
		const body = { source: 'erp', items: [] };
		await expect(replaceReceivables(apiKey(['meter-readings']), body)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(replaceReceivables({ kind: 'user', actor: dispatcher }, body)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(replaceReceivables({ kind: 'user', actor: technician }, body)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(replaceReceivables(null, body)).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('derived flag: has overdue receivables', () => {
	it.each([
		['due yesterday, unpaid', '2026-03-14', 10000, 0, true],
		['due yesterday, partially paid', '2026-03-14', 10000, 9999, true],
		['due yesterday, fully paid', '2026-03-14', 10000, 10000, false],
		['due today (not late yet)', '2026-03-15', 10000, 0, false],
		['due tomorrow', '2026-03-16', 10000, 0, false]
	])('%s -> %s', async (_label, dueDate, amountCents, paidCents, expected) => {
		await replaceReceivables(apiKey(['receivables']), {
			source: 'flag-test',
			items: [{ customer: customer.a.id, documentNumber: 'X', documentDate: '2026-01-01', dueDate, amountCents, paidCents }]
		});
		await replaceReceivables({ kind: 'user', actor: admin }, { source: 'erp', items: [] });
		await replaceReceivables({ kind: 'user', actor: admin }, { source: 'csv', items: [] });
		const flagged = await unpaidCustomers([customer.a.id, customer.b.id], NOW);
		expect(flagged.has(customer.a.id)).toBe(expected);
		expect(flagged.has(customer.b.id)).toBe(false);
		expect((await customerReceivables(dispatcher, customer.a.id, NOW)).overdue).toBe(expected);
	});

	it('the Rome day decides: 23:30 UTC on the 14th is already the 15th in Rome', async () => {
		await replaceReceivables(apiKey(['receivables']), {
			source: 'flag-test',
			items: [{ customer: customer.a.id, documentNumber: 'X', documentDate: '2026-01-01', dueDate: '2026-03-14', amountCents: 100 }]
		});
		expect((await unpaidCustomers(null, new Date('2026-03-14T22:30:00Z'))).has(customer.a.id)).toBe(false);
		expect((await unpaidCustomers(null, new Date('2026-03-14T23:30:00Z'))).has(customer.a.id)).toBe(true);
	});

	it('a technician cannot read receivables', async () => {
		await expect(customerReceivables(technician, customer.a.id, NOW)).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('the unpaid flag announced live', () => {
	const overdue = (source: string) => ({ source, items: [{ customer: customer.c.id, documentNumber: `OD-${source}`, documentDate: '2020-01-01', dueDate: '2020-02-01', amountCents: 100 }] });
	const write = (body: unknown) => heardDuring('customer:unpaid', () => replaceReceivables(apiKey(['receivables']), body));

	it('to the office rooms, with the customers whose flag turned', async () => {
		const turnedOn = await write(overdue('live-1'));
		expect(turnedOn).toHaveLength(1);
		expect(turnedOn[0].rooms.sort()).toEqual(['role:admin', 'role:dispatcher', 'role:supervisor']);
		expect(turnedOn[0].payload).toEqual({ customers: [{ id: customer.c.id, unpaid: true }] });
		// A second source with an overdue item too: the flag does not turn, nothing is said.
		expect(await write(overdue('live-2'))).toHaveLength(0);
		// Both cleared, one after the other: only the second turns it.
		expect(await write({ source: 'live-1', items: [] })).toHaveLength(0);
		expect((await write({ source: 'live-2', items: [] })).map((a) => a.payload)).toEqual([{ customers: [{ id: customer.c.id, unpaid: false }] }]);
	});
});
