import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { BOARD_TIME_ZONE } from '$lib/domain/board-projection';
import type { CallFacts, TechnicianFacts } from '$lib/domain/conflicts';
import { can } from '$lib/domain/permissions';
import { authorize, type Actor } from '../auth/actor';
import { callJson, getCall, listCalls } from '../calls/calls.service';
import { db } from '../db/client';
import { ValidationError } from '../errors';
import { listTechniciansWithSkills } from '../technicians/technicians.queries';
import { boardFacts } from './board.service';
import { areasWithTechnicians, callsPlannedOutside, loadDayAssignments } from './board.queries';
import { dueSoonMinutes } from '../sla/due-soon.service';

/** Calls still to plan or being worked: the board shows them in the queue or on lanes. */
export const OPEN_STATUSES = ['new', 'assigned', 'confirmed', 'travelling', 'on_site', 'on_hold'] as const;
const PAGE_SIZE = 200;
const MAX_OPEN_CALLS = 2000;

const dayInput = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
	.refine((d) => {
		try {
			return Temporal.PlainDate.from(d, { overflow: 'reject' }).toString() === d;
		} catch {
			return false;
		}
	}, 'not a calendar day');

/** Today in the company zone. */
export function todayInRome(now = new Date()): string {
	return Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(BOARD_TIME_ZONE).toPlainDate().toString();
}

/** The day to show: `date` from the query string, or today; a bad date is a 400 on `date`. */
export function boardDay(date: string | null | undefined, now = new Date()): string {
	if (date === null || date === undefined || date === '') return todayInRome(now);
	const r = dayInput.safeParse(date);
	if (!r.success) throw new ValidationError('date', r.error.issues[0].message);
	return r.data;
}

export type BoardCall = {
	id: string;
	number: string;
	priority: 'low' | 'medium' | 'high';
	status: string;
	type: string;
	description: string;
	customer: { id: string; name: string };
	site: { id: string; name: string; comune: string | null; province: string | null };
	requiredSkills: string[];
	estimatedMinutes: number;
	onsiteDue: string | null;
	/** Planned on some other day and not on this one: the queue says so instead of offering it as unplanned. */
	plannedElsewhere: boolean;
	/** The other days it has assignments on (YYYY-MM-DD, in order). */
	plannedOn: string[];
	/** Areas containing the site (empty until the areas module has computed them). */
	siteAreaIds: string[];
	open: boolean;
};

export type BoardTechnician = { id: string; name: string; code: string; team: string | null; skills: Array<{ code: string; level: number }>; areaIds: string[] };
export type BoardArea = { id: string; kind: string; name: string };

export type BoardPageData = {
	day: string;
	today: string;
	canWrite: boolean;
	technicians: BoardTechnician[];
	calls: BoardCall[];
	/** Areas some technician covers, for the lanes' and queue's area filter. */
	areas: BoardArea[];
	facts: { timeZone: string; technicians: TechnicianFacts[]; calls: CallFacts[] };
	/** The admin's "due soon" window in minutes, the same as the calls list's and the map's. */
	dueSoonMinutes: number;
};

function toBoardCall(c: ReturnType<typeof callJson>, open: boolean): BoardCall {
	const due = c.sla.onsiteDue;
	return {
		id: c.id,
		number: c.number,
		priority: c.priority,
		status: c.status,
		type: c.type,
		description: c.description,
		customer: c.customer,
		site: { id: c.site.id, name: c.site.name, comune: c.site.comune ?? null, province: c.site.province ?? null },
		requiredSkills: c.requiredSkills ?? [],
		estimatedMinutes: c.estimatedMinutes ?? 60,
		onsiteDue: due ? new Date(due).toISOString() : null,
		plannedElsewhere: false,
		plannedOn: [],
		siteAreaIds: [],
		open
	};
}

/**
 * Everything the board of one day needs besides the live doc: active technicians (lanes), the open
 * calls (queue and lane labels), the calls planned on that day that are no longer open, and the
 * facts the conflict rules need, serialised as arrays (Maps do not cross the page boundary).
 */
export async function boardPage(actor: Actor, date: string | null | undefined, now = new Date()): Promise<BoardPageData> {
	authorize(actor, 'board.read');
	const day = boardDay(date, now);
	const [techRows, dayRows] = await Promise.all([listTechniciansWithSkills(db()), loadDayAssignments(db(), day)]);
	const dayCallIds = new Set(dayRows.map((a) => a.callId));

	const open: BoardCall[] = [];
	for (let page = 1; open.length < MAX_OPEN_CALLS; page++) {
		const params = new URLSearchParams({ status: OPEN_STATUSES.join(','), pageSize: String(PAGE_SIZE), page: String(page) });
		const result = await listCalls(actor, params);
		for (const c of result.items) open.push(toBoardCall(callJson(c), true));
		if (page >= result.pages) break;
	}
	const known = new Set(open.map((c) => c.id));
	const closedOnDay: BoardCall[] = [];
	for (const id of dayCallIds) {
		if (known.has(id)) continue;
		const call = await getCall(actor, id).catch(() => null);
		if (call) closedOnDay.push(toBoardCall(callJson(call), false));
	}
	const calls = [...open, ...closedOnDay];
	const [elsewhere, areas, dueSoon] = await Promise.all([callsPlannedOutside(db(), day, calls.map((c) => c.id)), areasWithTechnicians(db()), dueSoonMinutes()]);
	const techList = techRows.filter((t) => t.active);
	const facts = await boardFacts(
		techList.map((t) => t.id),
		calls.map((c) => c.id)
	);
	for (const c of calls) {
		c.plannedOn = elsewhere.get(c.id) ?? [];
		c.plannedElsewhere = c.plannedOn.length > 0 && !dayCallIds.has(c.id);
		c.siteAreaIds = facts.calls.get(c.id)?.siteAreaIds ?? [];
	}
	const technicians = techList.map((t) => ({ id: t.id, name: t.name, code: t.code, team: t.team, skills: t.skills, areaIds: facts.technicians.get(t.id)?.areaIds ?? [] }));
	return {
		day,
		today: todayInRome(now),
		canWrite: can(actor.role, 'board.write'),
		technicians,
		calls,
		areas,
		facts: { timeZone: facts.timeZone, technicians: [...facts.technicians.values()], calls: [...facts.calls.values()] },
		dueSoonMinutes: dueSoon
	};
}
