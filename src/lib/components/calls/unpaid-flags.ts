import { SvelteMap } from 'svelte/reactivity';
import { loadUnpaid } from '$lib/components/map/unpaid';
import type { CustomerUnpaid } from '$lib/realtime/events';

/**
 * Whether customers have overdue receivables ("Insoluti"), as last heard, for every badge on the
 * page (calls list, call page, customers list, the board's queue and lane cards). Badges read
 * `isUnpaid` reactively; pages say which customers they show (`showUnpaidOf`), and the server's
 * `customer:unpaid` announcements (`applyUnpaidChange`) keep the answers current, so a
 * receivables import turns badges on and off without a reload.
 */
const flags = new SvelteMap<string, boolean>();
/** When each customer was last asked: a busy board re-renders its cards on every edit. */
const askedAt = new Map<string, number>();
/** When each customer's flag was last announced: an answer asked for before that is older. */
const announcedAt = new Map<string, number>();
/**
 * Asked again after this when a page shows the customer again: flags can change with no write
 * (an item falls due at midnight), and an announcement can be missed (see `refreshUnpaid`).
 */
const KEEP_MS = 60_000;
/** What loadUnpaid asks at once. */
const CHUNK = 500;

let waiting: Set<string> | null = null;

export function isUnpaid(customerId: string | null | undefined): boolean {
	return !!customerId && flags.get(customerId) === true;
}

/**
 * The customers this page shows: those not asked within a minute are asked, together with every
 * other ask made in the same turn (a board renders dozens of cards at once), in one request.
 */
export function showUnpaidOf(customerIds: Iterable<string>, fetcher: typeof fetch = fetch): void {
	const now = Date.now();
	for (const id of customerIds) {
		if (now - (askedAt.get(id) ?? -Infinity) < KEEP_MS) continue;
		askedAt.set(id, now);
		if (!waiting) {
			waiting = new Set();
			setTimeout(() => void ask(fetcher), 0);
		}
		waiting.add(id);
	}
}

async function ask(fetcher: typeof fetch): Promise<void> {
	const ids = [...(waiting ?? [])];
	waiting = null;
	for (let i = 0; i < ids.length; i += CHUNK) {
		const chunk = ids.slice(i, i + CHUNK);
		const askedFrom = Date.now();
		const unpaid = await loadUnpaid(chunk, fetcher);
		if (!unpaid) {
			// No answer: keep what was known, and ask again the next time a page shows them.
			for (const id of chunk) askedAt.delete(id);
			continue;
		}
		for (const id of chunk) if ((announcedAt.get(id) ?? -Infinity) < askedFrom) flags.set(id, unpaid.has(id));
	}
}

/**
 * Asks again about every customer known here: after the announcements socket reconnects, since
 * a `customer:unpaid` sent while it was away is lost.
 */
export function refreshUnpaid(fetcher: typeof fetch = fetch): void {
	const known = [...flags.keys()];
	for (const id of known) askedAt.delete(id);
	showUnpaidOf(known, fetcher);
}

export function applyUnpaidChange(change: CustomerUnpaid): void {
	const now = Date.now();
	for (const { id, unpaid } of change.customers) {
		flags.set(id, unpaid);
		announcedAt.set(id, now);
	}
}
