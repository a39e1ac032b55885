/**
 * How `order=score` weighs a candidate. Every factor is scaled to 0..1 (1 = best) and the score
 * is their weighted sum times 100. The weights live here and nowhere else:
 * - travel: nearer is better; 1 at the door, 0.5 at HALF_TRAVEL_MINUTES away.
 * - sla: the first free window against the call's on-site due time (else its resolution due
 *   time): 1 when work can start in time, falling to 0 at LATE_ZERO_MINUTES late; 0 without a
 *   free window that day; NO_DUE_SLA when the call has no due time.
 * - workload: fewer jobs already planned that day is better; 0.5 at HALF_WORKLOAD_JOBS.
 * - skill: mean held level / 3 over the required skills (missing = 0); NO_SKILL_NEUTRAL when
 *   the call needs none.
 * Qualified technicians always come before those missing a skill, whatever the score.
 */
export const CANDIDATE_WEIGHTS = { travel: 0.35, sla: 0.3, workload: 0.15, skill: 0.2 } as const;
export const HALF_TRAVEL_MINUTES = 30;
export const LATE_ZERO_MINUTES = 240;
export const NO_DUE_SLA = 0.8;
export const HALF_WORKLOAD_JOBS = 3;
export const NO_SKILL_NEUTRAL = 0.5;

export type ScoreFacts = {
	travelMinutes: number;
	/** When work can start (epoch ms), or null when the day has no window long enough. */
	freeFrom: number | null;
	/** The call's due time for arrival (epoch ms), or null. */
	dueAt: number | null;
	jobsToday: number;
	/** Held level (0 when missing) of each required skill. */
	requiredLevels: readonly number[];
};

export type ScoreParts = { travel: number; sla: number; workload: number; skill: number };

export function scoreParts(f: ScoreFacts): ScoreParts {
	const travel = 1 / (1 + Math.max(0, f.travelMinutes) / HALF_TRAVEL_MINUTES);
	let sla: number;
	if (f.freeFrom === null) sla = 0;
	else if (f.dueAt === null) sla = NO_DUE_SLA;
	else {
		const lateMinutes = (f.freeFrom - f.dueAt) / 60_000;
		sla = lateMinutes <= 0 ? 1 : Math.max(0, 1 - lateMinutes / LATE_ZERO_MINUTES);
	}
	const workload = 1 / (1 + Math.max(0, f.jobsToday) / HALF_WORKLOAD_JOBS);
	const skill = f.requiredLevels.length ? f.requiredLevels.reduce((sum, l) => sum + Math.min(3, Math.max(0, l)) / 3, 0) / f.requiredLevels.length : NO_SKILL_NEUTRAL;
	return { travel, sla, workload, skill };
}

/** 0..100 with one decimal. */
export function candidateScore(f: ScoreFacts): number {
	const p = scoreParts(f);
	const w = CANDIDATE_WEIGHTS;
	return Math.round((w.travel * p.travel + w.sla * p.sla + w.workload * p.workload + w.skill * p.skill) * 1000) / 10;
}
