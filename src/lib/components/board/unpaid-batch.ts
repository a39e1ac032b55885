import { loadUnpaid } from '$lib/components/map/unpaid';

/**
 * Whether a customer has overdue receivables, for the board's lane cards: each card asks for its
 * own customer, and the asks made in the same turn (a board renders dozens of cards at once) go
 * out as one request.
 */
let batch: { ids: Set<string>; result: Promise<Set<string>> } | null = null;
/** Answers already had, kept for a while: a busy board re-renders its cards on every edit. */
const known = new Map<string, { unpaid: boolean; at: number }>();
const KEEP_MS = 60_000;

export function customerUnpaid(customerId: string, fetcher: typeof fetch = fetch): Promise<boolean> {
	const hit = known.get(customerId);
	if (hit && Date.now() - hit.at < KEEP_MS) return Promise.resolve(hit.unpaid);
	if (!batch) {
		const ids = new Set<string>();
		const result = new Promise<Set<string>>((resolve) =>
			setTimeout(() => {
				batch = null;
				resolve(
					loadUnpaid([...ids], fetcher).then((unpaid) => {
						const at = Date.now();
						for (const id of ids) known.set(id, { unpaid: unpaid.has(id), at });
						return unpaid;
					})
				);
			}, 0)
		);
		batch = { ids, result };
	}
	batch.ids.add(customerId);
	return batch.result.then((unpaid) => unpaid.has(customerId));
}
