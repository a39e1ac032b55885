import { isOpen } from '$lib/domain/call-lifecycle';
import { decide, latestDueCounter, latestDueInterval, type Occurrence } from '$lib/domain/maintenance-due';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { announceCallCreated, insertPreparedCall, prepareCall } from '../calls/calls.service';
import { companyToday } from '../contracts/contracts.service';
import { db, type Db } from '../db/client';
import { ServiceError, ValidationError } from '../errors';
import { logger } from '../logger';
import { uuidv7 } from '../ids';
import * as queries from './maintenance.queries';
import { generateInput, parse } from './maintenance.schemas';
import { instantAt } from '../field/technician';
import { autoAssign, type AutoAssignment } from './auto-assign.service';
import { counterState } from './plans.service';

export type GenerateResult = {
	today: string;
	/** `assigned`: the technician and time it was given to at once (B34), null when it waits in the queue. */
	created: Array<{ planId: string; callId: string; number: string; assigned: AutoAssignment | null }>;
	/** Plans with an occurrence due whose previous generated call is still open. */
	waiting: Array<{ planId: string; callId: string }>;
	/** Plans whose call could not be made (the site or customer is no longer active...). */
	skipped: Array<{ planId: string; field: string | null; reason: string }>;
};

type Outcome =
	| { kind: 'created'; callId: string; number: string; dueOn: string | null; estimatedMinutes: number }
	| { kind: 'waiting'; callId: string }
	| { kind: 'none' };

/**
 * The latest occurrence of a locked plan that is due on `today`; null for nothing due. Interval
 * plans by date, counter plans by the meter's usage since the baseline.
 */
async function latestDue(tx: Db, locked: NonNullable<Awaited<ReturnType<typeof queries.lockPlanForRun>>>, today: string): Promise<Occurrence | null> {
	const p = locked.plan;
	if (p.kind === 'interval') return latestDueInterval({ anchorDate: p.anchorDate!, everyMonths: p.everyMonths!, leadDays: p.leadDays }, today);
	const { usage } = await counterState(tx, p, locked.meterMax);
	return latestDueCounter(usage, p.everyUnits!);
}

/**
 * A planned visit is due on its date, not within the reactive SLA counted from the moment it was
 * generated days ahead: on-site and restoration move to the end of the due day when that is
 * later (a board then warns only for a visit planned after its date). The acknowledgement keeps
 * the SLA's. Counter plans have no date: the threshold has passed, the SLA applies as it is.
 */
function dueByPlanDate<D extends { onsiteDue: Date | null; resolutionDue: Date | null }>(due: D, dueOn: string | null): D {
	if (!dueOn) return due;
	const end = instantAt(dueOn, '23:59');
	const later = (d: Date | null) => (d && d > end ? d : end);
	return { ...due, onsiteDue: later(due.onsiteDue), resolutionDue: later(due.resolutionDue) };
}

/**
 * One plan in one transaction under its row lock, decided inside it: a concurrent run waits for
 * the lock and then sees the occurrence this one wrote, and the unique (plan, occurrence) key
 * refuses a duplicate even so.
 */
async function runPlan(planId: string, today: string, now: Date, byUserId: string | null): Promise<Outcome> {
	return db().transaction(async (tx) => {
		const locked = await queries.lockPlanForRun(tx, planId);
		if (!locked || !locked.plan.active || locked.unitStatus === 'decommissioned') return { kind: 'none' };
		const last = await queries.lastOccurrence(tx, planId);
		const decision = decide(await latestDue(tx, locked, today), last && { occurrence: last.occurrence, callOpen: isOpen(last.callStatus) });
		if (decision.action === 'none') return { kind: 'none' };
		if (decision.action === 'wait') return { kind: 'waiting', callId: last!.callId };
		const p = locked.plan;
		const prepared = await prepareCall(
			{
				customerId: locked.customerId,
				siteId: locked.siteId,
				equipmentId: p.equipmentId,
				priority: p.priority,
				type: 'scheduled_maintenance',
				description: p.description,
				estimatedMinutes: p.estimatedMinutes
			},
			now
		);
		const details = { maintenancePlanId: p.id, occurrence: decision.due.occurrence };
		const call = await insertPreparedCall(tx, { ...prepared, due: dueByPlanDate(prepared.due, decision.due.dueOn ?? null) }, { userId: byUserId, details });
		await queries.insertOccurrence(tx, {
			id: uuidv7(),
			planId: p.id,
			occurrence: decision.due.occurrence,
			dueOn: decision.due.dueOn ?? null,
			thresholdUsage: decision.due.thresholdUsage ?? null,
			callId: call.id
		});
		await audit({ action: 'maintenance.generate', actorUserId: byUserId, subject: p.id, details: { ...details, callId: call.id, number: call.number, today, automatic: byUserId === null } }, tx);
		return { kind: 'created', callId: call.id, number: call.number, dueOn: decision.due.dueOn ?? null, estimatedMinutes: p.estimatedMinutes };
	});
}

/**
 * The daily job: every active plan of a unit in service whose next occurrence is due gets one
 * call of type scheduled_maintenance at the unit's current site, as intake would make it (SLA
 * due times, skills of the unit's category). Never a second open call per plan; a plan that
 * missed occurrences gets only the latest. A system action (no actor) unless `byUserId` says
 * who asked for the run.
 */
export async function generateDueMaintenance(options: { today?: string; now?: Date; byUserId?: string | null; equipmentId?: string } = {}): Promise<GenerateResult> {
	const now = options.now ?? new Date();
	const today = options.today ?? companyToday(now);
	const result: GenerateResult = { today, created: [], waiting: [], skipped: [] };
	for (const planId of await queries.candidatePlanIds(db(), options.equipmentId)) {
		try {
			const outcome = await runPlan(planId, today, now, options.byUserId ?? null);
			if (outcome.kind === 'created') {
				// After the call's commit: the board edit is its own transaction (and may find nobody
				// free). Announced after it, so nobody plans the call by hand in between.
				const assigned = await autoAssign({ id: outcome.callId, estimatedMinutes: outcome.estimatedMinutes }, outcome.dueOn, now);
				announceCallCreated({ id: outcome.callId, number: outcome.number });
				result.created.push({ planId, callId: outcome.callId, number: outcome.number, assigned });
			} else if (outcome.kind === 'waiting') {
				result.waiting.push({ planId, callId: outcome.callId });
			}
		} catch (error) {
			// Another run wrote this occurrence first (the unique key): nothing to do here.
			if (isOccurrenceTaken(error)) continue;
			// One plan that cannot make its call (an inactive site, say) must not stop the others.
			if (!(error instanceof ServiceError)) throw error;
			result.skipped.push({ planId, field: 'field' in error ? String(error.field) : null, reason: error.message });
		}
	}
	logger().info({ today, created: result.created.length, waiting: result.waiting.length, skipped: result.skipped.length }, 'scheduled maintenance generated');
	return result;
}

/** The (plan, occurrence) key refused a second call: another run made it. Any other 23505 is a real error. */
function isOccurrenceTaken(error: unknown): boolean {
	const e = error as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } } | null;
	const pg = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : null;
	return pg?.constraint_name === 'maintenance_occurrences_planId_occurrence_unique';
}

/**
 * POST /api/maintenance/generate, or a unit page's "Genera ora" (only that unit's plans): the same
 * run, asked for by a person (audited as them). `today` may replay a past day, never a future one:
 * that would record the future occurrence now and skip every one before it.
 */
export async function generateNow(actor: Actor, input: unknown, scope: { equipmentId?: string } = {}, now = new Date()): Promise<GenerateResult> {
	authorize(actor, 'maintenance.generate');
	const data = parse(generateInput, input);
	if (data.today && data.today > companyToday(now)) throw new ValidationError('today', 'today cannot be after the company\'s today');
	return generateDueMaintenance({ today: data.today, byUserId: actor.id, equipmentId: scope.equipmentId, now });
}
