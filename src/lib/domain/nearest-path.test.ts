import { describe, expect, it } from 'vitest';
import { chooseNearestPath } from './nearest-path';

const shares = new Map([
	['common', 0.5],
	['usual', 0.125],
	['usual-b', 0.125],
	['rare', 0.01],
	['unheld', 0]
]);

describe('chooseNearestPath', () => {
	const cases: Array<[string, string[], number, number, 'knn' | 'holders']> = [
		['no skill: knn', [], 10_000, 30, 'knn'],
		['one usual skill at 10k: knn (0.125² × 10k = 156 ≥ 30)', ['usual'], 10_000, 30, 'knn'],
		['two usual skills at 10k: holders (0.0156² × 10k = 2.4 < 30)', ['usual', 'usual-b'], 10_000, 30, 'holders'],
		['usual + rare at 10k: holders', ['usual', 'rare'], 10_000, 30, 'holders'],
		['one rare skill at 10k: holders (0.01² × 10k = 1 < 30)', ['rare'], 10_000, 30, 'holders'],
		['one rare skill at 1M: knn (0.01² × 1M = 100 ≥ 30)', ['rare'], 1_000_000, 30, 'knn'],
		['a skill nobody holds: holders (empty at once)', ['unheld'], 10_000, 30, 'holders'],
		['a skill not in the statistics yet: holders', ['brand-new'], 10_000, 30, 'holders'],
		['common + usual at 100k: knn', ['common', 'usual'], 100_000, 30, 'knn'],
		['no technicians: knn', ['rare'], 0, 30, 'knn'],
		['one usual skill at 1k, limit 10: knn (15.6 ≥ 10)', ['usual'], 1_000, 10, 'knn'],
		['the same with limit 20: holders (15.6 < 20)', ['usual'], 1_000, 20, 'holders']
	];
	for (const [name, requiredSkills, technicians, limit, want] of cases) {
		it(name, () => expect(chooseNearestPath({ requiredSkills, shares, technicians, limit })).toBe(want));
	}

	it('a repeated skill counts once', () => {
		expect(chooseNearestPath({ requiredSkills: ['usual', 'usual'], shares, technicians: 10_000, limit: 30 })).toBe('knn');
	});
});
