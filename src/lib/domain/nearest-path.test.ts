import { describe, expect, it } from 'vitest';
import { chooseNearestPath, estimateNearestCosts } from './nearest-path';

const shares = new Map([
	['common', 0.5],
	['usual', 0.125],
	['usual-b', 0.125],
	['usual-c', 0.125],
	['rare', 0.01],
	['unheld', 0]
]);

describe('chooseNearestPath', () => {
	// The bench's cases first (20 skills, 1-4 each: a skill held by ~12.5%), then the edges.
	const cases: Array<[string, string[], number, number, 'knn' | 'holders']> = [
		['no skill: knn', [], 10_000, 30, 'knn'],
		['one usual skill at 10k: knn (~1 ms against ~8 ms)', ['usual'], 10_000, 30, 'knn'],
		['two usual skills at 10k: holders (~2.7 ms against ~8 ms)', ['usual', 'usual-b'], 10_000, 30, 'holders'],
		['two usual skills at 100k: knn (~8 ms against ~27 ms)', ['usual', 'usual-b'], 100_000, 30, 'knn'],
		['one usual skill at 100k: knn', ['usual'], 100_000, 30, 'knn'],
		['three usual skills at 100k: holders (the scan would walk 15k rows)', ['usual', 'usual-b', 'usual-c'], 100_000, 30, 'holders'],
		['one rare skill at 10k: holders (100 holders)', ['rare'], 10_000, 30, 'holders'],
		['one rare skill at 1M: knn (10k holders, ~67 ms, against ~12 ms)', ['rare'], 1_000_000, 30, 'knn'],
		['a skill nobody holds: holders (an empty list at once)', ['unheld'], 10_000, 30, 'holders'],
		['a skill not in the statistics yet: holders', ['brand-new'], 10_000, 30, 'holders'],
		['common + usual at 100k: knn', ['common', 'usual'], 100_000, 30, 'knn'],
		['no technicians: knn', ['rare'], 0, 30, 'knn'],
		['a repeated skill counts once', ['usual', 'usual'], 10_000, 30, 'knn']
	];
	for (const [name, requiredSkills, technicians, limit, want] of cases) {
		it(name, () => expect(chooseNearestPath({ requiredSkills, shares, technicians, limit })).toBe(want));
	}

	it('estimates in microseconds from the measured unit costs', () => {
		const cost = estimateNearestCosts({ requiredSkills: ['usual', 'usual-b'], shares, technicians: 100_000, limit: 31 });
		expect(cost.knn).toBeCloseTo((4 * 31) / (0.125 * 0.125), 6);
		expect(cost.holders).toBeCloseTo(0.7 * 25_000 + 6 * 1562.5, 6);
	});

	it('a larger limit makes knn dearer and leaves holders as it is', () => {
		const small = estimateNearestCosts({ requiredSkills: ['usual'], shares, technicians: 10_000, limit: 10 });
		const large = estimateNearestCosts({ requiredSkills: ['usual'], shares, technicians: 10_000, limit: 50 });
		expect(large.knn).toBeCloseTo(small.knn * 5, 6);
		expect(large.holders).toBe(small.holders);
	});
});
