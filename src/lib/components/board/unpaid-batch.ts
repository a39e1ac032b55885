import { loadUnpaid } from '$lib/components/map/unpaid';

/**
 * Whether a customer has overdue receivables, for the board's lane cards: each card asks for its
 * own customer, and the asks made in the same turn (a board renders dozens of cards at once) go
 * out as one request.
 */
let batch: { ids: Set<string>; result: Promise<Set<string>> } | null = null;

export function customerUnpaid(customerId: string, fetcher: typeof fetch = fetch): Promise<boolean> {
	if (!batch) {
		const ids = new Set<string>();
		const result = new Promise<Set<string>>((resolve) =>
			setTimeout(() => {
				batch = null;
				resolve(loadUnpaid([...ids], fetcher));
			}, 0)
		);
		batch = { ids, result };
	}
	batch.ids.add(customerId);
	return batch.result.then((unpaid) => unpaid.has(customerId));
}
