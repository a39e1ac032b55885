import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { PRIORITIES } from '../db/schema/contracts';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { pageOf, type Page, type PageRequest } from '../pagination';
import { findCalendar } from './calendars.queries';
import { isForeignKeyViolation, isUniqueViolation, levelCreateInput, levelUpdateInput, MSG, parse, requireId, type TargetInput } from './sla-input';
import * as queries from './sla-levels.queries';

export type Priority = (typeof PRIORITIES)[number];
export type Targets = Record<Priority, TargetInput>;

export type SlaLevelView = {
	id: string;
	code: string;
	name: string;
	calendarId: string;
	calendarName: string;
	isDefault: boolean;
	createdAt: Date;
	/** Business minutes of the level's calendar; a priority without a row is null. */
	targets: Record<Priority, TargetInput | null>;
};

type LevelRow = NonNullable<Awaited<ReturnType<typeof queries.findLevel>>>;

async function withTargets(database: Db, rows: LevelRow[]): Promise<SlaLevelView[]> {
	const targets = await queries.targetsOf(
		database,
		rows.map((r) => r.id)
	);
	return rows.map((row) => {
		const mine = Object.fromEntries(PRIORITIES.map((p) => [p, null])) as SlaLevelView['targets'];
		for (const t of targets.filter((t) => t.slaLevelId === row.id)) {
			mine[t.priority] = { acknowledgeMinutes: t.acknowledgeMinutes, onsiteMinutes: t.onsiteMinutes, resolutionMinutes: t.resolutionMinutes };
		}
		return { ...row, targets: mine };
	});
}

export async function listSlaLevels(actor: Actor, page: PageRequest): Promise<Page<SlaLevelView>> {
	authorize(actor, 'contracts.read');
	const [rows, total] = await Promise.all([queries.listLevels(db(), page.pageSize, page.offset), queries.countLevels(db())]);
	return pageOf(await withTargets(db(), rows), total, page);
}

export async function getSlaLevel(actor: Actor, levelId: string): Promise<SlaLevelView> {
	authorize(actor, 'contracts.read');
	const id = requireId(levelId, 'SLA level');
	const row = await queries.findLevel(db(), id);
	if (!row) throw new NotFoundError('SLA level not found');
	return (await withTargets(db(), [row]))[0];
}

function targetRows(levelId: string, targets: Partial<Targets>) {
	return PRIORITIES.filter((p) => targets[p]).map((priority) => ({ slaLevelId: levelId, priority, ...targets[priority]! }));
}

/** Creates a level with its targets for every priority; the first level ever becomes the default. */
export async function createSlaLevel(actor: Actor, input: unknown, ip: string | null = null): Promise<SlaLevelView> {
	authorize(actor, 'sla.manage');
	const data = parse(levelCreateInput, input);
	const id = uuidv7();
	try {
		await db().transaction(async (tx) => {
			await queries.lockDefaultFlag(tx);
			if (await queries.findLevelByCode(tx, data.code)) throw new ConflictError('code', 'code already in use');
			if (!(await findCalendar(tx, data.calendarId))) throw new ValidationError('calendarId', MSG.unknownCalendar);
			const isDefault = data.isDefault || (await queries.countDefaults(tx)) === 0;
			if (isDefault) await queries.clearDefaultExcept(tx, id);
			await queries.insertLevel(tx, { id, code: data.code, name: data.name, calendarId: data.calendarId, isDefault });
			await queries.upsertTargets(tx, targetRows(id, data.targets));
			await audit({ action: 'sla-level.create', actorUserId: actor.id, subject: id, ip, details: { code: data.code, isDefault, targets: data.targets } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ConflictError('code', 'code already in use');
		throw error;
	}
	return getSlaLevel(actor, id);
}

/**
 * Changes a level. Making it the default clears the flag on every other level in the same
 * transaction; clearing the flag on the default is refused, so there is always exactly one.
 */
export async function updateSlaLevel(actor: Actor, levelId: string, input: unknown, ip: string | null = null): Promise<SlaLevelView> {
	authorize(actor, 'sla.manage');
	const id = requireId(levelId, 'SLA level');
	const data = parse(levelUpdateInput, input);
	try {
		await db().transaction(async (tx) => {
			await queries.lockDefaultFlag(tx);
			const existing = await queries.findLevel(tx, id);
			if (!existing) throw new NotFoundError('SLA level not found');
			if (data.code) {
				const same = await queries.findLevelByCode(tx, data.code);
				if (same && same.id !== id) throw new ConflictError('code', 'code already in use');
			}
			if (data.calendarId && !(await findCalendar(tx, data.calendarId))) throw new ValidationError('calendarId', MSG.unknownCalendar);
			if (data.isDefault === false && existing.isDefault) throw new ValidationError('isDefault', MSG.keepDefault);
			if (data.isDefault) await queries.clearDefaultExcept(tx, id);
			await queries.updateLevel(tx, id, {
				...(data.code !== undefined && { code: data.code }),
				...(data.name !== undefined && { name: data.name }),
				...(data.calendarId !== undefined && { calendarId: data.calendarId }),
				...(data.isDefault !== undefined && { isDefault: data.isDefault })
			});
			if (data.targets) await queries.upsertTargets(tx, targetRows(id, data.targets));
			await audit({ action: 'sla-level.update', actorUserId: actor.id, subject: id, ip, details: { ...data } }, tx);
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ConflictError('code', 'code already in use');
		throw error;
	}
	return getSlaLevel(actor, id);
}

/** Deletes a level no contract uses; the default level stays (make another one the default first). */
export async function deleteSlaLevel(actor: Actor, levelId: string, ip: string | null = null): Promise<void> {
	authorize(actor, 'sla.manage');
	const id = requireId(levelId, 'SLA level');
	try {
		await db().transaction(async (tx) => {
			await queries.lockDefaultFlag(tx);
			const existing = await queries.findLevel(tx, id);
			if (!existing) throw new NotFoundError('SLA level not found');
			if (existing.isDefault) throw new ConflictError('isDefault', MSG.deleteDefault);
			if ((await queries.contractsUsingLevel(tx, id)) > 0) throw new ConflictError('level', MSG.levelInUse);
			await queries.deleteLevel(tx, id);
			await audit({ action: 'sla-level.delete', actorUserId: actor.id, subject: id, ip, details: { code: existing.code } }, tx);
		});
	} catch (error) {
		if (isForeignKeyViolation(error)) throw new ConflictError('level', MSG.levelInUse);
		throw error;
	}
}
