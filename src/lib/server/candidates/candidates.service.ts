import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { candidateScore } from '$lib/domain/candidate-score';
import { firstFreeWindow } from '$lib/domain/free-windows';
import { chooseNearestPath } from '$lib/domain/nearest-path';
import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import { logger } from '../logger';
import { NotFoundError, ValidationError } from '../errors';
import type { Locale } from '../locale';
import { positionStaleMinutes } from '../positions/position-settings';
import { travelTimes, type TravelTimes } from '../routing';
import { candidateReasons } from './candidate-reasons';
import * as queries from './candidates.queries';
import { nearestByHoldersSql, skillHolderShares, type SkillHolderShares } from './skill-holders.queries';

const TIME_ZONE = 'Europe/Rome';
/** order=score ranks a shortlist of the nearest: this many times the limit, at least SCORE_POOL_MIN. */
const SCORE_POOL_FACTOR = 3;
const SCORE_POOL_MIN = 30;

export const candidatesQuery = z.object({
	limit: z.coerce.number({ message: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(50, 'limit must be at most 50').default(10),
	area: z.uuid({ message: 'area must be an id' }).optional(),
	at: z.iso.datetime({ offset: true, message: 'at must be an ISO date-time with offset' }).optional(),
	order: z.enum(['score', 'distance'], { message: 'order must be score or distance' }).default('score')
});

export type Candidate = {
	technicianId: string;
	name: string;
	distanceMeters: number;
	travelMinutes: number;
	freeFrom: string | null;
	freeUntil: string | null;
	skillsOk: boolean;
	missingSkills: string[];
	score: number;
	reasons: string[];
};

export type CandidateOptions = { now?: Date; locale?: Locale; travel?: TravelTimes; staleMinutes?: number };

/**
 * Calls carry required skills as codes only, so each needs level 1; the level travels through
 * the query as a number so skills with levels on calls need no new query.
 */
export function requiredSkillsOf(codes: readonly string[]): queries.RequiredSkill[] {
	return [...new Set(codes)].sort().map((code) => ({ code, level: 1 }));
}

function parseQuery(input: Record<string, string | undefined>) {
	const result = candidatesQuery.safeParse(input);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new ValidationError(String(issue?.path[0] ?? 'query'), issue?.message ?? 'invalid query');
	}
	return result.data;
}

/** The Europe/Rome day of an instant and its bounds. */
function romeDay(at: Date) {
	const zoned = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(TIME_ZONE);
	const date = zoned.toPlainDate();
	const start = date.toZonedDateTime({ timeZone: TIME_ZONE }).epochMilliseconds;
	const end = date.add({ days: 1 }).toZonedDateTime({ timeZone: TIME_ZONE }).epochMilliseconds;
	return { day: date.toString(), weekday: date.dayOfWeek, start: new Date(start), end: new Date(end) };
}

const byDistanceThenId = (a: queries.NearestRow, b: queries.NearestRow) => a.distanceMeters - b.distanceMeters || (a.technicianId < b.technicianId ? -1 : a.technicianId > b.technicianId ? 1 : 0);

/*
 * Holder shares only steer the choice between two exact paths, so a minute-old figure is fine:
 * it is read at most once a minute per process, in the background after the first time.
 */
const SHARES_MAX_AGE_MS = 60_000;
let shares: { value: SkillHolderShares; at: number; refreshing: boolean } | null = null;
async function currentShares(): Promise<SkillHolderShares> {
	if (!shares) shares = { value: await skillHolderShares(db()), at: Date.now(), refreshing: false };
	else if (Date.now() - shares.at > SHARES_MAX_AGE_MS && !shares.refreshing) {
		const held = shares;
		held.refreshing = true;
		skillHolderShares(db())
			.then((value) => (shares = { value, at: Date.now(), refreshing: false }))
			.catch((error) => {
				held.refreshing = false;
				logger().warn({ err: error }, 'could not refresh skill holder shares; keeping the previous ones');
			});
	}
	return shares.value;
}

/** Forgets the cached holder shares (tests and benches that replace every technician at once). */
export function forgetSkillShares(): void {
	shares = null;
}

/** The k nearest of one class (qualified or missing one skill), both sources merged. */
async function nearestOfClass(base: Omit<queries.NearestQuery, 'missing' | 'limit'>, missing: 0 | 1, k: number): Promise<queries.NearestRow[]> {
	if (k <= 0) return [];
	const q = { ...base, missing, limit: k };
	let path: 'knn' | 'holders' = 'knn';
	if (missing === 0 && base.skills.length > 0) {
		const { shares: byCode, technicians } = await currentShares();
		path = chooseNearestPath({ requiredSkills: base.skills.map((s) => s.code), shares: byCode, technicians, limit: k });
	}
	const rows = await queries.nearestTechnicians(db(), q, path === 'holders' ? nearestByHoldersSql : queries.nearestSql);
	return rows.sort(byDistanceThenId).slice(0, k);
}

/**
 * GET /api/calls/:id/candidates. Qualified technicians first, then (flagged) those missing one
 * skill; nearest first by order=distance, best score first by order=score (see candidate-score.ts).
 */
export async function candidatesForCall(actor: Actor, callId: string, input: Record<string, string | undefined>, options: CandidateOptions = {}): Promise<Candidate[]> {
	authorize(actor, 'candidates.read');
	return rankCandidates(callId, input, options);
}

/** The same ranking for a system action (automatic assignment of generated calls): no actor. */
export async function rankCandidates(callId: string, input: Record<string, string | undefined>, options: CandidateOptions = {}): Promise<Candidate[]> {
	if (!z.uuid().safeParse(callId).success) throw new ValidationError('id', 'id must be a call id');
	const q = parseQuery(input);
	const [call, staleMinutes] = await Promise.all([queries.findCallForCandidates(db(), callId), options.staleMinutes ?? positionStaleMinutes()]);
	if (!call) throw new NotFoundError('call not found');

	const now = options.now ?? new Date();
	const at = q.at ? new Date(q.at) : now;
	const skills = requiredSkillsOf(call.requiredSkills);
	const { day, weekday, start, end } = romeDay(at);
	const base = {
		lat: call.lat,
		lng: call.lng,
		skills,
		areaId: q.area ?? null,
		staleBefore: new Date(now.getTime() - staleMinutes * 60_000),
		plan: { day, weekday, dayStart: start, dayEnd: end, excludeCallId: call.id }
	};
	const pool = q.order === 'score' ? Math.max(q.limit * SCORE_POOL_FACTOR, SCORE_POOL_MIN) : q.limit;

	const names = call.skillNames;
	const qualified = await nearestOfClass(base, 0, pool);
	const qualifiedShown = Math.min(q.limit, qualified.length);
	// Those missing one skill only fill the places the qualified leave empty.
	const missingOne = skills.length ? await nearestOfClass(base, 1, Math.ceil(((q.limit - qualifiedShown) * pool) / q.limit)) : [];

	const shortlist = [...qualified, ...missingOne];
	const minutes = await (options.travel ?? travelTimes()).minutesTo(shortlist, { lat: call.lat, lng: call.lng });
	const locale = options.locale ?? 'it';
	const dueAt = call.onsiteDue ?? call.resolutionDue;

	const scored = shortlist.map((row, i) => {
		const travelMinutes = minutes[i];
		const plan = row.plan!; // asked for with base.plan
		const window = firstFreeWindow({
			day,
			timeZone: TIME_ZONE,
			shifts: plan.shifts,
			busy: plan.busy,
			earliest: at.getTime(),
			durationMinutes: call.estimatedMinutes,
			travelMinutes
		});
		const held = plan.levels;
		const jobsToday = plan.jobsToday;
		const lateMinutes = window && dueAt ? Math.max(0, Math.ceil((window.from - dueAt.getTime()) / 60_000)) : 0;
		const skillName = (code: string) => names.get(code)?.[locale] ?? code;
		const candidate: Candidate = {
			technicianId: row.technicianId,
			name: row.name,
			distanceMeters: Math.round(row.distanceMeters),
			travelMinutes,
			freeFrom: window ? new Date(window.from).toISOString() : null,
			freeUntil: window ? new Date(window.until).toISOString() : null,
			skillsOk: row.missingSkills.length === 0,
			missingSkills: row.missingSkills,
			score: candidateScore({ travelMinutes, freeFrom: window?.from ?? null, dueAt: dueAt?.getTime() ?? null, jobsToday, requiredLevels: skills.map((s) => held.get(s.code) ?? 0) }),
			reasons: candidateReasons(
				{
					distanceMeters: row.distanceMeters,
					travelMinutes,
					origin: row.origin,
					freeFrom: window ? new Date(window.from) : null,
					freeUntil: window ? new Date(window.until) : null,
					day,
					lateMinutes,
					skills: skills.filter((s) => held.has(s.code) && !row.missingSkills.includes(s.code)).map((s) => ({ name: skillName(s.code), level: held.get(s.code)! })),
					missing: row.missingSkills.map(skillName),
					jobsToday
				},
				locale
			)
		};
		return { candidate, row };
	});

	const rank = (list: typeof scored) =>
		q.order === 'distance' ? list : [...list].sort((a, b) => b.candidate.score - a.candidate.score || byDistanceThenId(a.row, b.row));
	const first = rank(scored.filter((s) => s.candidate.skillsOk)).slice(0, q.limit);
	const rest = rank(scored.filter((s) => !s.candidate.skillsOk)).slice(0, q.limit - first.length);
	return [...first, ...rest].map((s) => s.candidate);
}
