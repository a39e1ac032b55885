import { slaState, type CallStatus, type SlaState } from '$lib/domain/call-lifecycle';
import { SLA_WARNING_MINUTES } from './sla-colours';

/**
 * The state of each of a call's three due times at `now`, judged like `slaState` (which covers
 * the on-site time): met once done, nothing for a cancelled call, else overdue / due soon / on time.
 */
type Due = string | Date | null;
export type DueCall = { status: CallStatus; acknowledgeDue: Due; onsiteDue: Due; resolutionDue: Due; acknowledgedAt: Due };

const iso = (v: Due) => (v === null ? null : typeof v === 'string' ? v : v.toISOString());

function byClock(due: Due, now: Date, warningMinutes: number): SlaState | null {
	if (!due) return null;
	const left = Date.parse(iso(due)!) - now.getTime();
	if (left < 0) return 'overdue';
	if (left <= warningMinutes * 60_000) return 'due-soon';
	return 'on-time';
}

export function dueStates(call: DueCall, now: Date, warningMinutes = SLA_WARNING_MINUTES): { acknowledge: SlaState | null; onsite: SlaState | null; resolution: SlaState | null } {
	const cancelled = call.status === 'cancelled';
	const resolved = call.status === 'completed' || call.status === 'closed';
	return {
		acknowledge: cancelled || !call.acknowledgeDue ? null : call.acknowledgedAt || resolved ? 'met' : byClock(call.acknowledgeDue, now, warningMinutes),
		onsite: slaState({ status: call.status, onsiteDue: iso(call.onsiteDue), now, warningMinutes }),
		resolution: cancelled || !call.resolutionDue ? null : resolved ? 'met' : byClock(call.resolutionDue, now, warningMinutes)
	};
}
