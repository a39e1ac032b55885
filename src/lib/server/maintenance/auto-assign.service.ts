import { putEntry } from '$lib/realtime/board-doc';
import { rankCandidates } from '../candidates/candidates.service';
import { boardIso, instantAt, todayInRome } from '../field/technician';
import { uuidv7 } from '../ids';
import { logger } from '../logger';
import { editBoardDay } from '../realtime/board-edits';

export type AutoAssignment = { technicianId: string; technicianName: string; day: string; start: string; end: string };

/** How many ranked technicians are looked at; the best qualified one with a free window wins. */
const SHORTLIST = 5;
/** The board's grid: a planned start sits on a quarter hour, as a dispatcher's drop would. */
const SNAP_MS = 15 * 60_000;

/**
 * Brochure B34: a generated maintenance call is given to a technician at once. The day is the
 * occurrence's due date (today when it is due already or has none: a counter plan); the
 * technician is the best of the candidate ranking (travel, free time, SLA, load, skill levels)
 * who has every required skill and a free window that day. The assignment is a server-side edit
 * of that day's board, so it is checked by the same hard rules, projected (the call becomes
 * "assigned") and shown live on every open board; a dispatcher moves it like any other.
 * Returns null, leaving the call in the queue, when nobody qualified is free or the board
 * refuses the entry: the call is made either way.
 */
export async function autoAssign(call: { id: string; estimatedMinutes: number }, dueOn: string | null, now = new Date()): Promise<AutoAssignment | null> {
	const callId = call.id;
	const today = todayInRome(now);
	const day = dueOn && dueOn > today ? dueOn : today;
	// From the start of a future day; from now on today (a window already gone is no window).
	const earliest = day === today ? now : instantAt(day, '00:00');
	try {
		const ranked = await rankCandidates(callId, { at: boardIso(earliest), order: 'score', limit: String(SHORTLIST) }, { now });
		const fits = (c: (typeof ranked)[number]) => {
			if (!c.skillsOk || !c.freeFrom || !c.freeUntil) return null;
			const start = Math.ceil(Date.parse(c.freeFrom) / SNAP_MS) * SNAP_MS;
			const end = start + call.estimatedMinutes * 60_000;
			// Inside the free window, on the day asked for (the board keeps one doc per day).
			if (end > Date.parse(c.freeUntil) || todayInRome(new Date(start)) !== day || todayInRome(new Date(end - 1)) !== day) return null;
			return { start: new Date(start), end: new Date(end) };
		};
		const best = ranked.map((c) => ({ c, slot: fits(c) })).find((x) => x.slot !== null);
		if (!best) return null;
		const { start, end } = best.slot!;
		await editBoardDay(day, (doc) => putEntry(doc, 'assignment', uuidv7(), { callId, technicianId: best.c.technicianId, start: boardIso(start), end: boardIso(end), status: 'planned' }), null);
		return { technicianId: best.c.technicianId, technicianName: best.c.name, day, start: start.toISOString(), end: end.toISOString() };
	} catch (error) {
		// The call exists and stays in the queue: a dispatcher plans it by hand.
		logger().warn({ err: error, callId, day }, 'scheduled maintenance: automatic assignment failed; the call stays in the queue');
		return null;
	}
}
