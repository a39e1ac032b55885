/**
 * Which way to find the nearest qualified technicians for a call.
 *
 * - `knn`: walk the GiST index outward from the site and reject technicians without the skills.
 *   It visits about limit / share rows, where share is the fraction of technicians holding every
 *   required skill.
 * - `holders`: list the technicians holding every skill first (an index on skill_code), then
 *   measure and sort only them: about technicians × share rows.
 *
 * So holders wins when technicians × share < limit / share, i.e. share² × technicians < limit.
 * share is estimated from each skill's holder share, assuming skills are independent (for
 * correlated skills, e.g. two that always go together, the estimate is low and we may take the
 * holders path where knn was as fast: both give the same answer, only speed differs).
 * Without skills: knn. With a skill nobody holds: holders (an empty list at once, where knn
 * would walk the whole index).
 */
export type NearestPath = 'knn' | 'holders';

export function chooseNearestPath(input: { requiredSkills: readonly string[]; shares: ReadonlyMap<string, number>; technicians: number; limit: number }): NearestPath {
	const { requiredSkills, shares, technicians, limit } = input;
	if (requiredSkills.length === 0 || technicians <= 0) return 'knn';
	let share = 1;
	for (const code of new Set(requiredSkills)) share *= shares.get(code) ?? 0;
	if (share === 0) return 'holders'; // nobody holds it: the holders list is empty, knn would scan everything
	return share * share * technicians < limit ? 'holders' : 'knn';
}
