import { describe, expect, it } from 'vitest';
import { CANDIDATE_WEIGHTS, candidateScore, scoreParts, type ScoreFacts } from './candidate-score';

const NOON = Date.parse('2026-12-07T11:00:00Z');
const base: ScoreFacts = { travelMinutes: 0, freeFrom: NOON, dueAt: NOON, jobsToday: 0, requiredLevels: [3] };
const min = (n: number) => n * 60_000;

describe('candidateScore', () => {
	it('the weights sum to 1, so a perfect candidate scores 100', () => {
		expect(Object.values(CANDIDATE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
		expect(candidateScore(base)).toBe(100);
	});

	const cases: Array<[string, Partial<ScoreFacts>, Partial<ReturnType<typeof scoreParts>>]> = [
		['30 minutes away halves travel', { travelMinutes: 30 }, { travel: 0.5 }],
		['negative travel is treated as zero', { travelMinutes: -5 }, { travel: 1 }],
		['free before the due time', { freeFrom: NOON - min(60) }, { sla: 1 }],
		['two hours late halves sla', { freeFrom: NOON + min(120) }, { sla: 0.5 }],
		['five hours late: sla 0, never negative', { freeFrom: NOON + min(300) }, { sla: 0 }],
		['no window that day: sla 0', { freeFrom: null }, { sla: 0 }],
		['no due time: neutral-good sla', { dueAt: null }, { sla: 0.8 }],
		['three jobs today halves workload', { jobsToday: 3 }, { workload: 0.5 }],
		['level 2 and a missing skill', { requiredLevels: [2, 0] }, { skill: 1 / 3 }],
		['no required skills: neutral', { requiredLevels: [] }, { skill: 0.5 }],
		['levels above 3 count as 3', { requiredLevels: [5] }, { skill: 1 }]
	];
	for (const [name, facts, expected] of cases) {
		it(name, () => {
			const parts = scoreParts({ ...base, ...facts });
			for (const [k, v] of Object.entries(expected)) expect(parts[k as keyof typeof parts]).toBeCloseTo(v as number, 10);
		});
	}

	it('nearer beats farther when all else is equal; free in time beats late', () => {
		expect(candidateScore({ ...base, travelMinutes: 5 })).toBeGreaterThan(candidateScore({ ...base, travelMinutes: 25 }));
		expect(candidateScore({ ...base, freeFrom: NOON })).toBeGreaterThan(candidateScore({ ...base, freeFrom: NOON + min(90) }));
	});

	it('rounds to one decimal', () => {
		expect(candidateScore({ ...base, travelMinutes: 7 })).toBe(Math.round(candidateScore({ ...base, travelMinutes: 7 }) * 10) / 10);
	});
});
