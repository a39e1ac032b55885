/**
 * The life of a service call. The board moves calls between new and assigned (system); the
 * technician app moves them from confirmed to completed; dispatchers cancel, hold, resume,
 * close and reopen. Everything else is refused with a reason a person can read.
 */
export const CALL_STATUSES = ['new', 'assigned', 'confirmed', 'travelling', 'on_site', 'completed', 'closed', 'on_hold', 'cancelled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export type Mover = 'dispatcher' | 'technician' | 'system';

type Rule = { from: CallStatus[]; to: CallStatus; by: Mover[]; reason?: 'required' };

const RULES: Rule[] = [
	{ from: ['new'], to: 'assigned', by: ['system'] },
	{ from: ['assigned', 'confirmed'], to: 'new', by: ['system'] },
	{ from: ['assigned'], to: 'confirmed', by: ['technician', 'system'] },
	{ from: ['confirmed'], to: 'assigned', by: ['technician', 'system'] },
	{ from: ['assigned', 'confirmed'], to: 'travelling', by: ['technician'] },
	{ from: ['assigned', 'confirmed', 'travelling'], to: 'on_site', by: ['technician'] },
	{ from: ['on_site'], to: 'completed', by: ['technician'] },
	{ from: ['new', 'assigned', 'confirmed', 'travelling', 'on_site'], to: 'on_hold', by: ['dispatcher', 'technician'], reason: 'required' },
	{ from: ['new', 'assigned', 'confirmed', 'on_hold'], to: 'cancelled', by: ['dispatcher'], reason: 'required' },
	{ from: ['completed'], to: 'closed', by: ['dispatcher'] },
	// Resuming a held call, or reopening one, puts it back in the queue; the board re-plans it.
	{ from: ['on_hold', 'completed', 'cancelled'], to: 'new', by: ['dispatcher'], reason: 'required' }
];

export type TransitionCheck = { ok: true } | { ok: false; problem: 'same-status' | 'not-allowed' | 'not-yours' | 'reason-required' };

export function checkTransition(from: CallStatus, to: CallStatus, by: Mover, reason?: string | null): TransitionCheck {
	if (from === to) return { ok: false, problem: 'same-status' };
	const rules = RULES.filter((r) => r.to === to && r.from.includes(from));
	if (rules.length === 0) return { ok: false, problem: 'not-allowed' };
	const rule = rules.find((r) => r.by.includes(by));
	if (!rule) return { ok: false, problem: 'not-yours' };
	if (rule.reason === 'required' && !reason?.trim()) return { ok: false, problem: 'reason-required' };
	return { ok: true };
}

/** Statuses a mover may choose next from `from` (for menus and API hints). */
export function nextStatuses(from: CallStatus, by: Mover): CallStatus[] {
	return CALL_STATUSES.filter((to) => {
		const check = checkTransition(from, to, by, 'x');
		return check.ok;
	});
}

/** Calls still to be worked on: shown in queues, counted for SLA. */
export function isOpen(status: CallStatus): boolean {
	return status !== 'completed' && status !== 'closed' && status !== 'cancelled';
}

export type SlaState = 'overdue' | 'due-soon' | 'on-time' | 'met';

/**
 * Where a call stands against its on-site due time at `now`: overdue once the due time has passed
 * while still open; due soon inside the warning window; met once work started before the due time.
 */
export function slaState(input: { status: CallStatus; onsiteDue: string | null; now: Date; warningMinutes: number }): SlaState | null {
	if (!input.onsiteDue) return null;
	const due = Date.parse(input.onsiteDue);
	const t = input.now.getTime();
	if (input.status === 'on_site' || input.status === 'completed' || input.status === 'closed') return 'met';
	if (input.status === 'cancelled') return null;
	if (t > due) return 'overdue';
	if (due - t <= input.warningMinutes * 60_000) return 'due-soon';
	return 'on-time';
}
