import { Temporal } from 'temporal-polyfill';

/**
 * Soft rules of the board: never silent rejections, always warnings explained in words. The same
 * function runs in the browser while a dispatcher drags (instant warning) and on the server
 * (the authoritative result, stored and published). Pure: all facts come in as arguments.
 */
export type ConflictKind = 'overlap' | 'missing-skill' | 'outside-shift' | 'during-absence' | 'outside-area' | 'after-sla' | 'parts-unavailable';

export type PlanAssignment = { id: string; callId: string; technicianId: string; startsAt: string; endsAt: string };
export type PlanBlock = { id: string; technicianId: string; startsAt: string; endsAt: string; reason: string };

/** ISO weekday "1".."7" -> local [start, end] "HH:MM" intervals. Missing day = not working. */
export type WeeklyShifts = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<[string, string]>>>;

/**
 * The weekly pattern from stored segments (ISO weekday, "HH:MM[:SS]" wall clock in the company
 * zone). A technician without any segment has unknown shifts (null: nothing to warn about); one
 * with segments does not work on the weekdays that have none. Gaps between segments are breaks.
 */
export function weeklyShiftsFromRows(rows: ReadonlyArray<{ weekday: number; startsAt: string; endsAt: string }>): WeeklyShifts | null {
	if (rows.length === 0) return null;
	const out: WeeklyShifts = {};
	const hm = (t: string) => t.slice(0, 5);
	for (const r of [...rows].sort((x, y) => x.weekday - y.weekday || (x.startsAt < y.startsAt ? -1 : 1))) {
		if (!Number.isInteger(r.weekday) || r.weekday < 1 || r.weekday > 7) continue;
		const key = String(r.weekday) as keyof WeeklyShifts;
		const list = out[key] ?? (out[key] = []);
		const last = list[list.length - 1];
		// Touching or overlapping segments are one stretch of work, not a zero-minute break.
		if (last && hm(r.startsAt) <= last[1]) last[1] = hm(r.endsAt) > last[1] ? hm(r.endsAt) : last[1];
		else list.push([hm(r.startsAt), hm(r.endsAt)]);
	}
	return out;
}

export type TechnicianFacts = {
	id: string;
	name: string;
	skills: Record<string, number>;
	/** null when unknown: no shift conflicts are reported then. */
	shifts: WeeklyShifts | null;
	/** null when the technician may work anywhere. */
	areaIds: string[] | null;
};

export type CallFacts = {
	id: string;
	number: string;
	requiredSkills: Array<{ code: string; level: number }>;
	onsiteDue: string | null;
	/** Areas containing the call's site; null when unknown. */
	siteAreaIds: string[] | null;
	/** false when a needed part is not in stock; null when unknown. */
	partsAvailable: boolean | null;
};

export type BoardFacts = {
	timeZone: string;
	technicians: ReadonlyMap<string, TechnicianFacts>;
	calls: ReadonlyMap<string, CallFacts>;
};

export type Conflict =
	| { assignmentId: string; kind: 'overlap'; otherAssignmentId: string; otherCallNumber: string | null }
	| { assignmentId: string; kind: 'missing-skill'; skill: string; required: number; actual: number }
	| { assignmentId: string; kind: 'outside-shift' }
	| { assignmentId: string; kind: 'during-absence'; blockId: string; reason: string }
	| { assignmentId: string; kind: 'outside-area' }
	| { assignmentId: string; kind: 'after-sla'; onsiteDue: string; lateMinutes: number }
	| { assignmentId: string; kind: 'parts-unavailable' };

const ms = (iso: string) => Date.parse(iso);
const overlaps = (a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }) => ms(a.startsAt) < ms(b.endsAt) && ms(b.startsAt) < ms(a.endsAt);

function minutesOfDay(hhmm: string): number {
	const [h, m] = hhmm.split(':').map(Number);
	return h * 60 + m;
}

/** Whether [start, end) lies inside one shift interval of its local day (the day it starts on). */
function insideShift(a: PlanAssignment, shifts: WeeklyShifts, timeZone: string): boolean {
	const start = Temporal.Instant.from(a.startsAt).toZonedDateTimeISO(timeZone);
	const end = Temporal.Instant.from(a.endsAt).toZonedDateTimeISO(timeZone);
	const sameDay = Temporal.PlainDate.compare(start.toPlainDate(), end.toPlainDate()) === 0;
	const endsAtMidnight = !sameDay && end.hour === 0 && end.minute === 0 && Temporal.PlainDate.compare(start.toPlainDate().add({ days: 1 }), end.toPlainDate()) === 0;
	if (!sameDay && !endsAtMidnight) return false;
	const from = start.hour * 60 + start.minute;
	const to = endsAtMidnight ? 24 * 60 : end.hour * 60 + end.minute;
	const intervals = shifts[String(start.dayOfWeek) as keyof WeeklyShifts] ?? [];
	return intervals.some(([s, e]) => minutesOfDay(s) <= from && to <= minutesOfDay(e));
}

export function findConflicts(assignments: readonly PlanAssignment[], blocks: readonly PlanBlock[], facts: BoardFacts): Conflict[] {
	const conflicts: Conflict[] = [];
	const byTech = new Map<string, PlanAssignment[]>();
	for (const a of assignments) byTech.set(a.technicianId, [...(byTech.get(a.technicianId) ?? []), a]);

	for (const list of byTech.values()) {
		const sorted = [...list].sort((x, y) => ms(x.startsAt) - ms(y.startsAt) || (x.id < y.id ? -1 : 1));
		for (let i = 0; i < sorted.length; i++) {
			for (let j = i + 1; j < sorted.length && ms(sorted[j].startsAt) < ms(sorted[i].endsAt); j++) {
				const [x, y] = [sorted[i], sorted[j]];
				conflicts.push({ assignmentId: x.id, kind: 'overlap', otherAssignmentId: y.id, otherCallNumber: facts.calls.get(y.callId)?.number ?? null });
				conflicts.push({ assignmentId: y.id, kind: 'overlap', otherAssignmentId: x.id, otherCallNumber: facts.calls.get(x.callId)?.number ?? null });
			}
		}
	}

	for (const a of assignments) {
		const tech = facts.technicians.get(a.technicianId);
		const call = facts.calls.get(a.callId);
		if (tech && call) {
			for (const need of call.requiredSkills) {
				const actual = tech.skills[need.code] ?? 0;
				if (actual < need.level) conflicts.push({ assignmentId: a.id, kind: 'missing-skill', skill: need.code, required: need.level, actual });
			}
			if (tech.areaIds && call.siteAreaIds && !call.siteAreaIds.some((id) => tech.areaIds!.includes(id))) {
				conflicts.push({ assignmentId: a.id, kind: 'outside-area' });
			}
		}
		if (tech?.shifts && !insideShift(a, tech.shifts, facts.timeZone)) conflicts.push({ assignmentId: a.id, kind: 'outside-shift' });
		for (const b of blocks) {
			if (b.technicianId === a.technicianId && overlaps(a, b)) conflicts.push({ assignmentId: a.id, kind: 'during-absence', blockId: b.id, reason: b.reason });
		}
		if (call?.onsiteDue && ms(a.startsAt) > ms(call.onsiteDue)) {
			conflicts.push({ assignmentId: a.id, kind: 'after-sla', onsiteDue: call.onsiteDue, lateMinutes: Math.ceil((ms(a.startsAt) - ms(call.onsiteDue)) / 60_000) });
		}
		if (call?.partsAvailable === false) conflicts.push({ assignmentId: a.id, kind: 'parts-unavailable' });
	}
	const order: ConflictKind[] = ['overlap', 'during-absence', 'missing-skill', 'outside-shift', 'outside-area', 'after-sla', 'parts-unavailable'];
	return conflicts.sort((x, y) => (x.assignmentId < y.assignmentId ? -1 : x.assignmentId > y.assignmentId ? 1 : order.indexOf(x.kind) - order.indexOf(y.kind)));
}
