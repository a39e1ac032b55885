import { slaState, type CallStatus } from './call-lifecycle';

/**
 * The technician app's SLA countdown for a call's on-site due time, judged like the office's
 * `slaState` (met once on site, nothing for a cancelled call, overdue only after the due instant)
 * and counted in whole minutes of real time: the difference of two instants, so a day with a
 * daylight-saving change counts 23 or 25 hours, as the clock on the wall does.
 *
 * Minutes left round up (a countdown never says 0 while time is left: 0 is exactly due); minutes
 * overdue round down, but at least 1 (a call past its due time never reads "overdue by 0").
 */
export type SlaCountdown = { state: 'met' } | { state: 'overdue'; minutes: number } | { state: 'due-soon' | 'on-time'; minutes: number };

/** The default "due soon" window; the app passes the admin's setting (the office's lists and map use the same). */
export const SLA_COUNTDOWN_WARNING_MINUTES = 120;

export function slaCountdown(input: { due: string | null; status: string; now: number; warningMinutes?: number }): SlaCountdown | null {
	if (!input.due) return null;
	const due = Date.parse(input.due);
	if (!Number.isFinite(due)) return null;
	const state = slaState({ status: input.status as CallStatus, onsiteDue: input.due, now: new Date(input.now), warningMinutes: input.warningMinutes ?? SLA_COUNTDOWN_WARNING_MINUTES });
	if (state === null) return null;
	if (state === 'met') return { state };
	const left = due - input.now;
	if (state === 'overdue') return { state, minutes: Math.max(1, Math.floor(-left / 60_000)) };
	return { state, minutes: Math.ceil(left / 60_000) };
}

/** Whole minutes as hours and minutes, for "3 h 5 min". */
export function hoursAndMinutes(totalMinutes: number): { hours: number; minutes: number } {
	const total = Math.max(0, Math.floor(totalMinutes));
	return { hours: Math.floor(total / 60), minutes: total % 60 };
}
