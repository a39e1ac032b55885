import { putEntry, readRawPlan } from '$lib/realtime/board-doc';
import { rankCandidates, type Candidate } from '../candidates/candidates.service';
import { addDays, boardIso, instantAt, todayInRome } from '../field/technician';
import { uuidv7 } from '../ids';
import { logger } from '../logger';
import { editBoardDay } from '../realtime/board-edits';

export type AutoAssignment = { technicianId: string; technicianName: string; day: string; start: string; end: string };

/** How many ranked technicians are looked at; the best qualified one with a free window wins. */
const SHORTLIST = 5;
/** Days tried from the first one (a job run after hours, a due day nobody is free). */
const DAYS_TRIED = 5;
/** The board's grid: a planned start sits on a quarter hour, as a dispatcher's drop would. */
const SNAP_MS = 15 * 60_000;

type Slot = { start: Date; end: Date };

/** The candidate's first free window, snapped to the quarter hour, if the call fits in it on `day`. */
function slotIn(c: Candidate, day: string, minutes: number): Slot | null {
	if (!c.skillsOk || !c.freeFrom || !c.freeUntil) return null;
	const start = Math.ceil(Date.parse(c.freeFrom) / SNAP_MS) * SNAP_MS;
	const end = start + minutes * 60_000;
	// Inside the free window, on the day asked for (the board keeps one doc per day).
	if (end > Date.parse(c.freeUntil) || todayInRome(new Date(start)) !== day || todayInRome(new Date(end - 1)) !== day) return null;
	return { start: new Date(start), end: new Date(end) };
}

/**
 * Adds the entry unless, under the doc's lock, the call is already on this day or the technician
 * already has something in that slot: the slot was chosen from the projection a moment before,
 * and a dispatcher or another run may have used it since.
 */
async function placeIfStillFree(day: string, callId: string, technicianId: string, slot: Slot): Promise<'placed' | 'call-planned' | 'slot-taken'> {
	let outcome: 'placed' | 'call-planned' | 'slot-taken' = 'slot-taken';
	await editBoardDay(
		day,
		(doc) => {
			const entries = Object.values(readRawPlan(doc).assignments);
			if (entries.some((e) => e.callId === callId)) return void (outcome = 'call-planned');
			const overlaps = (e: (typeof entries)[number]) => e.technicianId === technicianId && Date.parse(String(e.start)) < slot.end.getTime() && Date.parse(String(e.end)) > slot.start.getTime();
			if (entries.some(overlaps)) return void (outcome = 'slot-taken');
			putEntry(doc, 'assignment', uuidv7(), { callId, technicianId, start: boardIso(slot.start), end: boardIso(slot.end), status: 'planned' });
			outcome = 'placed';
		},
		null
	);
	return outcome;
}

/**
 * Brochure B34: a generated maintenance call is given to a technician at once. The first day
 * tried is the occurrence's due date (today when it is due already or has none: a counter plan),
 * then the next few. The technician is the best of the candidate ranking (travel, free time, SLA,
 * load, skill levels) who has every required skill and a free window that day. The assignment is
 * a server-side edit of that day's board, so it is checked by the same hard rules, projected (the
 * call becomes "assigned") and shown live on every open board; a dispatcher moves it like any
 * other. Returns null, leaving the call in the queue, when nobody qualified is free or the board
 * refuses the entry: the call is made either way.
 */
export async function autoAssign(call: { id: string; estimatedMinutes: number }, dueOn: string | null, now = new Date()): Promise<AutoAssignment | null> {
	const today = todayInRome(now);
	const first = dueOn && dueOn > today ? dueOn : today;
	for (let i = 0; i < DAYS_TRIED; i++) {
		const day = addDays(first, i);
		try {
			// From the start of a future day; from now on today (a window already gone is no window).
			const earliest = day === today ? now : instantAt(day, '00:00');
			const ranked = await rankCandidates(call.id, { at: boardIso(earliest), order: 'score', limit: String(SHORTLIST) }, { now });
			for (const c of ranked) {
				const slot = slotIn(c, day, call.estimatedMinutes);
				if (!slot) continue;
				const outcome = await placeIfStillFree(day, call.id, c.technicianId, slot);
				if (outcome === 'slot-taken') continue;
				if (outcome === 'call-planned') return null;
				return { technicianId: c.technicianId, technicianName: c.name, day, start: slot.start.toISOString(), end: slot.end.toISOString() };
			}
		} catch (error) {
			// The call exists and stays in the queue: a dispatcher plans it by hand.
			logger().warn({ err: error, callId: call.id, day }, 'scheduled maintenance: automatic assignment failed; the call stays in the queue');
			return null;
		}
	}
	return null;
}
