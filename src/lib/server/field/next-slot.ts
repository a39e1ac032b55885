/**
 * The first gap of `minutes` in a technician's day at or after `from` (rounded up to the next
 * quarter hour) that ends by `until`, or null when the day has no room left. Busy intervals may
 * overlap and come in any order.
 */
export function nextFreeSlot(input: { busy: Array<{ start: Date; end: Date }>; from: Date; minutes: number; until: Date }): { start: Date; end: Date } | null {
	const quarter = 15 * 60_000;
	const need = input.minutes * 60_000;
	let candidate = Math.ceil(input.from.getTime() / quarter) * quarter;
	const busy = [...input.busy].sort((a, b) => a.start.getTime() - b.start.getTime());
	for (const b of busy) {
		const s = b.start.getTime();
		const e = b.end.getTime();
		if (e <= candidate) continue;
		if (s >= candidate + need) break;
		candidate = Math.max(candidate, Math.ceil(e / quarter) * quarter);
	}
	if (candidate + need > input.until.getTime()) return null;
	return { start: new Date(candidate), end: new Date(candidate + need) };
}
