import { addBusinessTime, type BusinessCalendar } from '$lib/domain/business-time';
import { authorize, type Actor } from '../auth/actor';
import { db, type Db } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import * as calendars from './calendars.queries';
import { MSG, parse, parseOpenedAt, previewInput, requireId, type TargetInput } from './sla-input';
import type { Priority } from './sla-levels.service';
import * as levels from './sla-levels.queries';

/** Where the work is: the site's comune (ISTAT) and province (sigla); either may be unknown. */
export type SiteRef = { comuneIstat?: string | null; province?: string | null };

export type DueTimesInput = {
	/** The contract's level; null or absent means the default level. */
	slaLevelId?: string | null;
	priority: Priority;
	openedAt: Date;
	site?: SiteRef | null;
};

export type DueTimes = {
	slaLevelId: string;
	slaLevelCode: string;
	calendarId: string;
	priority: Priority;
	openedAt: Date;
	/** When the clock starts: the opening time, moved past closed days and the cut-off. */
	clockStartsAt: Date;
	acknowledgeDue: Date;
	onsiteDue: Date;
	resolutionDue: Date;
	targets: TargetInput;
	/** The patron days that applied to this site. */
	patronDays: Array<{ month: number; day: number; name: string }>;
};

type PatronDay = { month: number; day: number; name: string };

async function patronDaysFor(database: Db, scope: 'comune' | 'province' | 'none', site: SiteRef | null | undefined): Promise<PatronDay[]> {
	if (scope === 'none' || !site) return [];
	const comuneIstat = site.comuneIstat?.trim() || null;
	let province = site.province?.trim().toUpperCase() || null;
	if (!province && comuneIstat) province = (await calendars.findComune(database, comuneIstat))?.province ?? null;
	if (scope === 'comune') return calendars.patronDaysOfComune(database, comuneIstat, province);
	if (!province) return [];
	const wide = await calendars.provinceWidePatronDays(database, province);
	return wide.length ? wide : calendars.chiefTownPatronDays(database, province);
}

/**
 * The calendar as the pure SLA clock wants it, with the closures and the patron days that
 * apply at `site` (the calls module also uses it for "business time remaining").
 */
export async function businessCalendarFor(
	calendarId: string,
	site: SiteRef | null | undefined,
	database: Db = db()
): Promise<{ calendar: BusinessCalendar; patronDays: PatronDay[] }> {
	const row = await calendars.findCalendar(database, calendarId);
	if (!row) throw new NotFoundError('calendar not found');
	const [closures, patronDays] = await Promise.all([calendars.closuresOf(database, calendarId), patronDaysFor(database, row.patronScope, site)]);
	return {
		calendar: {
			timeZone: row.timeZone,
			weeklyHours: row.weeklyHours,
			cutoffTime: row.cutoffTime,
			nationalHolidays: row.nationalHolidays,
			closures: closures.map((c) => c.day),
			patronDays: patronDays.map((p) => ({ month: p.month, day: p.day }))
		},
		patronDays
	};
}

async function levelFor(database: Db, slaLevelId: string | null | undefined) {
	if (slaLevelId) {
		const level = await levels.findLevel(database, requireId(slaLevelId, 'SLA level'));
		if (!level) throw new NotFoundError('SLA level not found');
		return level;
	}
	const level = await levels.findDefaultLevel(database);
	if (!level) throw new NotFoundError('no default SLA level');
	return level;
}

function computeDueTimes(
	level: { id: string; code: string; calendarId: string },
	priority: Priority,
	openedAt: Date,
	target: TargetInput,
	resolved: { calendar: BusinessCalendar; patronDays: PatronDay[] }
): DueTimes {
	const { calendar } = resolved;
	return {
		slaLevelId: level.id,
		slaLevelCode: level.code,
		calendarId: level.calendarId,
		priority,
		openedAt,
		clockStartsAt: addBusinessTime(openedAt, 0, calendar),
		acknowledgeDue: addBusinessTime(openedAt, target.acknowledgeMinutes, calendar),
		onsiteDue: addBusinessTime(openedAt, target.onsiteMinutes, calendar),
		resolutionDue: addBusinessTime(openedAt, target.resolutionMinutes, calendar),
		targets: target,
		patronDays: resolved.patronDays
	};
}

async function targetFor(database: Db, levelId: string, priority: Priority): Promise<TargetInput> {
	const target = (await levels.targetsOf(database, [levelId])).find((t) => t.priority === priority);
	if (!target) throw new ValidationError('priority', 'the SLA level has no target for this priority');
	return { acknowledgeMinutes: target.acknowledgeMinutes, onsiteMinutes: target.onsiteMinutes, resolutionMinutes: target.resolutionMinutes };
}

/**
 * Due times of a call: acknowledgement, on-site arrival and restoration, in business time of
 * the level's calendar at the call's site. No actor: the calling service has authorized, and
 * may pass its transaction as `database`.
 */
export async function dueTimesFor(input: DueTimesInput, database: Db = db()): Promise<DueTimes> {
	if (Number.isNaN(input.openedAt.getTime())) throw new ValidationError('openedAt', MSG.badDateTime);
	const level = await levelFor(database, input.slaLevelId);
	const target = await targetFor(database, level.id, input.priority);
	const resolved = await businessCalendarFor(level.calendarId, input.site, database);
	return computeDueTimes(level, input.priority, input.openedAt, target, resolved);
}

/**
 * What-if for admins and tests: `{ priority, openedAt, comuneIstat? }`. `openedAt` may be an
 * ISO instant or a local date-time read in the level's calendar zone.
 */
export async function previewDueTimes(actor: Actor, levelId: string, input: unknown): Promise<DueTimes & { comuneName: string | null }> {
	authorize(actor, 'contracts.read');
	const id = requireId(levelId, 'SLA level');
	const data = parse(previewInput, input);
	const database = db();
	const level = await levels.findLevel(database, id);
	if (!level) throw new NotFoundError('SLA level not found');
	const calendar = await calendars.findCalendar(database, level.calendarId);
	if (!calendar) throw new NotFoundError('calendar not found');
	const openedAt = parseOpenedAt(data.openedAt, calendar.timeZone);
	let site: SiteRef | null = null;
	let comuneName: string | null = null;
	if (data.comuneIstat) {
		const comune = await calendars.findComune(database, data.comuneIstat);
		if (!comune) throw new ValidationError('comuneIstat', MSG.unknownComune);
		site = { comuneIstat: comune.istat, province: comune.province };
		comuneName = comune.name;
	}
	const target = await targetFor(database, level.id, data.priority);
	const resolved = await businessCalendarFor(level.calendarId, site, database);
	return { ...computeDueTimes(level, data.priority, openedAt, target, resolved), comuneName };
}
