import { isOpen } from '$lib/domain/call-lifecycle';
import { dayAt } from '$lib/domain/contract-terms';
import { latestDueCounter, nextIntervalDue, usageSinceBaseline } from '$lib/domain/maintenance-due';
import { countingSeries } from '$lib/domain/meter-usage';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { readingsOfMeters } from '../readings/readings.queries';
import * as queries from './maintenance.queries';
import { parse, planInput, requireId, type PlanInput } from './maintenance.schemas';

export type PlanJson = {
	id: string;
	equipmentId: string;
	kind: 'interval' | 'counter';
	description: string;
	priority: 'low' | 'medium' | 'high';
	estimatedMinutes: number;
	active: boolean;
	everyMonths: number | null;
	anchorDate: string | null;
	leadDays: number;
	meterId: string | null;
	meterType: string | null;
	meterUnit: { it: string; en: string } | null;
	everyUnits: number | null;
	baselineValue: number | null;
	baselineAt: Date | null;
	/** interval: the next due date; counter: usage since the baseline, the meter now and the next threshold. */
	next: { dueOn: string | null; usage: number | null; meterValue: number | null; thresholdUsage: number | null };
	lastCall: { id: string; number: string; status: string; occurrence: number; open: boolean } | null;
	createdAt: Date;
	updatedAt: Date;
};

/** Usage since the baseline and the meter's last counting value, from the stored readings. */
export async function counterState(database: Db, plan: queries.PlanRow, maxValue: number | null) {
	const series = countingSeries(await readingsOfMeters(database, [plan.meterId!]));
	const usage = usageSinceBaseline({ value: plan.baselineValue!, at: plan.baselineAt! }, series, { maxValue });
	return { usage, meterValue: series.at(-1)?.value ?? null };
}

/** The fields a plan's input sets (and its JSON shows as they are). */
function editableFields(p: queries.PlanRow) {
	return {
		kind: p.kind,
		description: p.description,
		priority: p.priority,
		estimatedMinutes: p.estimatedMinutes,
		active: p.active,
		everyMonths: p.everyMonths,
		anchorDate: p.anchorDate,
		leadDays: p.leadDays,
		meterId: p.meterId,
		everyUnits: p.everyUnits,
		baselineValue: p.baselineValue
	};
}

async function toJson(view: queries.PlanView, today: string): Promise<PlanJson> {
	const p = view.plan;
	const last = await queries.lastOccurrence(db(), p.id);
	let next: PlanJson['next'] = { dueOn: null, usage: null, meterValue: null, thresholdUsage: null };
	if (p.kind === 'interval') {
		next.dueOn = nextIntervalDue({ anchorDate: p.anchorDate!, everyMonths: p.everyMonths!, leadDays: p.leadDays }, last?.occurrence ?? null, today).dueOn ?? null;
	} else {
		const state = await counterState(db(), p, view.meterMax);
		const reached = latestDueCounter(state.usage, p.everyUnits!)?.occurrence ?? 0;
		const k = Math.max(reached, last?.occurrence ?? 0) + (reached > (last?.occurrence ?? 0) ? 0 : 1);
		next = { dueOn: null, usage: state.usage, meterValue: state.meterValue, thresholdUsage: k * p.everyUnits! };
	}
	return {
		id: p.id,
		equipmentId: p.equipmentId,
		...editableFields(p),
		meterType: view.meterType,
		meterUnit: view.unitIt && view.unitEn ? { it: view.unitIt, en: view.unitEn } : null,
		baselineAt: p.baselineAt,
		next,
		lastCall: last && { id: last.callId, number: last.callNumber, status: last.callStatus, occurrence: last.occurrence, open: isOpen(last.callStatus) },
		createdAt: p.createdAt,
		updatedAt: p.updatedAt
	};
}

async function requireUnit(equipmentId: string) {
	const unit = await queries.findUnit(db(), requireId(equipmentId, 'equipment'));
	if (!unit) throw new NotFoundError('equipment not found');
	return unit;
}

export async function listPlans(actor: Actor, equipmentId: string, now = new Date()): Promise<PlanJson[]> {
	authorize(actor, 'maintenance.read');
	await requireUnit(equipmentId);
	const today = dayAt(now);
	const views = await queries.listPlansOfUnit(db(), equipmentId);
	return Promise.all(views.map((v) => toJson(v, today)));
}

export async function getPlan(actor: Actor, id: string, now = new Date()): Promise<PlanJson> {
	authorize(actor, 'maintenance.read');
	const view = await queries.findPlan(db(), requireId(id, 'plan'));
	if (!view) throw new NotFoundError('plan not found');
	return toJson(view, dayAt(now));
}

/**
 * The schedule columns of a plan from its input. A counter plan counts from the meter's last
 * counting reading when it is made (or from `baselineValue`, given against that reading); a
 * meter with no readings needs the value given.
 */
async function schedule(equipmentId: string, data: PlanInput, now: Date): Promise<Partial<queries.NewPlanRow>> {
	if (data.kind === 'interval') {
		return { everyMonths: data.everyMonths!, anchorDate: data.anchorDate!, meterId: null, everyUnits: null, baselineValue: null, baselineAt: null };
	}
	const meter = await queries.findMeterOfUnit(db(), data.meterId!, equipmentId);
	if (!meter) throw new ValidationError('meterId', 'the unit has no such meter');
	const last = countingSeries(await readingsOfMeters(db(), [meter.id])).at(-1);
	if (!last && (data.baselineValue === undefined || data.baselineValue === null)) {
		throw new ValidationError('baselineValue', 'the meter has no readings yet: give the value to count from');
	}
	return {
		everyMonths: null,
		anchorDate: null,
		meterId: meter.id,
		everyUnits: data.everyUnits!,
		baselineValue: data.baselineValue ?? last!.value,
		baselineAt: last?.readAt ?? now
	};
}

/** The columns taken from the input as they are (the schedule columns come from `schedule`). */
function plainColumns(data: PlanInput) {
	return { kind: data.kind, description: data.description, priority: data.priority, estimatedMinutes: data.estimatedMinutes, active: data.active, leadDays: data.leadDays };
}

export async function createPlan(actor: Actor, equipmentId: string, input: unknown, ip: string | null = null, now = new Date()): Promise<PlanJson> {
	authorize(actor, 'maintenance.manage');
	const unit = await requireUnit(equipmentId);
	const data = parse(planInput, input);
	if (unit.status === 'decommissioned') throw new ValidationError('equipmentId', 'the unit is decommissioned');
	const id = uuidv7();
	const columns = await schedule(unit.id, data, now);
	await db().transaction(async (tx) => {
		await queries.insertPlan(tx, {
			id,
			equipmentId: unit.id,
			...plainColumns(data),
			...columns,
			createdBy: actor.id
		});
		await audit({ action: 'maintenance.plan.create', actorUserId: actor.id, subject: id, ip, details: { equipmentId: unit.id, kind: data.kind } }, tx);
	});
	return getPlan(actor, id, now);
}

/** A page of one unit acts only on that unit's plans (a plan id from another unit is not found). */
export type PlanScope = { equipmentId?: string };
const inScope = (plan: { equipmentId: string }, scope: PlanScope) => !scope.equipmentId || plan.equipmentId === scope.equipmentId;

const SCHEDULE_FIELDS = ['kind', 'everyMonths', 'anchorDate', 'meterId', 'everyUnits', 'baselineValue'] as const;

/**
 * Changes a plan; the body holds the fields to change. Once calls were generated the schedule
 * (kind, interval, anchor, meter, step, baseline) is fixed, since occurrence numbers count on
 * it: deactivate the plan and add a new one instead.
 */
export async function updatePlan(actor: Actor, id: string, input: unknown, ip: string | null = null, now = new Date(), scope: PlanScope = {}): Promise<PlanJson> {
	authorize(actor, 'maintenance.manage');
	const view = await queries.findPlan(db(), requireId(id, 'plan'));
	if (!view || !inScope(view.plan, scope)) throw new NotFoundError('plan not found');
	if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new ValidationError('body', 'must be an object');
	const p = view.plan;
	const current = editableFields(p);
	const data = parse(planInput, { ...current, ...input });
	const changed = SCHEDULE_FIELDS.filter((f) => f in input && (data[f] ?? null) !== (current[f] ?? null));
	let columns: Partial<queries.NewPlanRow> = {};
	if (changed.length) {
		// A new meter counts from its own last reading unless a baseline is given with it.
		const fresh = changed.includes('meterId') && !('baselineValue' in input) ? { ...data, baselineValue: null } : data;
		columns = await schedule(p.equipmentId, fresh, now);
		// Same meter, same baseline (only the step changed): keep counting from where it counted,
		// so rollovers and meter replacements since then still count.
		if (p.kind === 'counter' && data.kind === 'counter' && !changed.includes('meterId') && !changed.includes('baselineValue')) {
			columns = { ...columns, baselineValue: p.baselineValue, baselineAt: p.baselineAt };
		}
	}
	await db().transaction(async (tx) => {
		// Under the plan's row lock, as a generation run takes it: no run can slip a call in between.
		if (changed.length && (await queries.lockPlanAndCountOccurrences(tx, p.id)) > 0) {
			throw new ConflictError(changed[0], 'the plan has generated calls: its schedule is fixed (deactivate it and add a new plan)');
		}
		await queries.updatePlan(tx, p.id, { ...plainColumns(data), ...columns });
		await audit({ action: 'maintenance.plan.update', actorUserId: actor.id, subject: p.id, ip, details: { fields: Object.keys(input) } }, tx);
	});
	return getPlan(actor, p.id, now);
}

/** Deletes a plan and its occurrence records; the calls it generated stay. */
export async function deletePlan(actor: Actor, id: string, ip: string | null = null, scope: PlanScope = {}): Promise<void> {
	authorize(actor, 'maintenance.manage');
	requireId(id, 'plan');
	if (scope.equipmentId) {
		const view = await queries.findPlan(db(), id);
		if (!view || !inScope(view.plan, scope)) throw new NotFoundError('plan not found');
	}
	await db().transaction(async (tx) => {
		if (!(await queries.deletePlan(tx, id))) throw new NotFoundError('plan not found');
		await audit({ action: 'maintenance.plan.delete', actorUserId: actor.id, subject: id, ip }, tx);
	});
}
