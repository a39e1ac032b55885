/**
 * The queue holds still while a dispatcher aims at it.
 *
 * The queue is live: other dispatchers plan calls, new calls arrive, SLA order changes. A card
 * that moves while the pointer travels to it gets the wrong call dragged (our own e2e tests did
 * exactly that). So while the pointer is over the list, or a drag from it is in progress, the list
 * keeps the order it had when the hold began: a call that left the queue stays in its place, shown
 * as gone and not draggable; a call that joined is added at the end, marked new. When the pointer
 * leaves, or a filter, the area or the day changes, the queue shows its real order again. There
 * is no timer: a re-sort under a pointer that rests on a card is the very thing to avoid.
 */
export type SteadyEntry<T> = { call: T; gone: boolean; added: boolean };

/** What the list shows: the live queue as is when `held` is null, else the held order updated in place. */
export function steadyQueue<T extends { id: string }>(held: readonly T[] | null, live: readonly T[]): SteadyEntry<T>[] {
	if (!held) return live.map((call) => ({ call, gone: false, added: false }));
	const liveById = new Map(live.map((c) => [c.id, c]));
	const heldIds = new Set(held.map((c) => c.id));
	const kept = held.map((c) => {
		const now = liveById.get(c.id);
		// A call still queued shows its current details; one that left keeps its last ones (same height).
		return now ? { call: now, gone: false, added: false } : { call: c, gone: true, added: false };
	});
	const added = live.filter((c) => !heldIds.has(c.id)).map((call) => ({ call, gone: false, added: true }));
	return [...kept, ...added];
}
