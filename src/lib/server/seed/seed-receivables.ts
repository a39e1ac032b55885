/**
 * Demo open items (partite aperte), source 'demo': every seventh customer has an invoice 45 days
 * overdue (some partly paid), so the "unpaid" flag shows on calls, customers and the map; every
 * fifth has one not yet due. Idempotent: the unique key makes a second run insert nothing.
 */
import type { Db } from '../db/client';
import { receivables } from '../db/schema';
import type { DemoCalendar } from './demo-dates';

export async function seedReceivables(tx: Db, customerIds: Map<string, string>, calendar: DemoCalendar): Promise<void> {
	const codes = [...customerIds.keys()].sort();
	const rows: (typeof receivables.$inferInsert)[] = [];
	codes.forEach((code, i) => {
		const customerId = customerIds.get(code)!;
		const amountCents = 24_400 + ((i * 7919) % 180_000);
		if (i % 7 === 3) {
			rows.push({
				id: `0190d000-0000-7000-8000-${String(i * 2).padStart(12, '0')}`,
				source: 'demo',
				customerId,
				documentNumber: `FT ${100 + i}/${calendar.daysAgo(75).slice(0, 4)}`,
				documentDate: calendar.daysAgo(75),
				dueDate: calendar.daysAgo(45),
				amountCents,
				paidCents: i % 2 === 0 ? Math.floor(amountCents / 3) : 0
			});
		}
		if (i % 5 === 1) {
			rows.push({
				id: `0190d000-0000-7000-8000-${String(i * 2 + 1).padStart(12, '0')}`,
				source: 'demo',
				customerId,
				documentNumber: `FT ${500 + i}/${calendar.daysAgo(10).slice(0, 4)}`,
				documentDate: calendar.daysAgo(10),
				dueDate: calendar.daysAgo(-20),
				amountCents,
				paidCents: 0
			});
		}
	});
	if (rows.length) await tx.insert(receivables).values(rows).onConflictDoNothing();
}
