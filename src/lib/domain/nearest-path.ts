/**
 * Which way to find the nearest qualified technicians for a call; both give the same answer
 * (tests/integration/candidates-property.test.ts), only their cost differs.
 *
 * - `knn`: walk the GiST index outward from the site and keep technicians whose skill tokens
 *   contain every required skill. It visits about limit / share rows, where share is the
 *   fraction of technicians holding every required skill.
 * - `holders`: read every (skill, technician) entry of the required skills from an index, keep
 *   the technicians holding all of them, then measure and sort only those.
 *
 * Costs per unit, measured with `npm run bench:nearest` data (10k and 100k technicians, two
 * cores): a row the KNN scan visits ~4 µs; an index entry the holders path reads ~0.7 µs; a
 * holder it then joins, measures and sorts ~6 µs. Shares come from each skill's holder share,
 * assuming skills are independent (for skills that usually go together the estimate is low and
 * holders may be picked where knn was as fast).
 */
export type NearestPath = 'knn' | 'holders';

export const NEAREST_PATH_COSTS = { knnRowMicros: 4, holderEntryMicros: 0.7, holderRowMicros: 6 };

export function estimateNearestCosts(input: { requiredSkills: readonly string[]; shares: ReadonlyMap<string, number>; technicians: number; limit: number }) {
	const codes = [...new Set(input.requiredSkills)];
	const shareOf = (code: string) => input.shares.get(code) ?? 0;
	const allShare = codes.reduce((product, code) => product * shareOf(code), 1);
	const entries = codes.reduce((sum, code) => sum + shareOf(code), 0) * input.technicians;
	const c = NEAREST_PATH_COSTS;
	return {
		// Nobody holds every skill: knn would walk the whole index to find nothing.
		knn: allShare > 0 ? (c.knnRowMicros * input.limit) / allShare : c.knnRowMicros * input.technicians,
		holders: c.holderEntryMicros * entries + c.holderRowMicros * input.technicians * allShare
	};
}

export function chooseNearestPath(input: { requiredSkills: readonly string[]; shares: ReadonlyMap<string, number>; technicians: number; limit: number }): NearestPath {
	if (input.requiredSkills.length === 0 || input.technicians <= 0) return 'knn';
	const cost = estimateNearestCosts(input);
	return cost.holders < cost.knn ? 'holders' : 'knn';
}
