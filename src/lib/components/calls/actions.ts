import { checkTransition, nextStatuses, type CallStatus } from '$lib/domain/call-lifecycle';

/**
 * What a dispatcher can do to a call in `status`: exactly the moves `nextStatuses` allows, each
 * with whether it needs a reason (the same rule the server applies) and a verb for the button.
 */
export type CallAction = { to: CallStatus; verb: 'cancel' | 'hold' | 'resume' | 'reopen' | 'close' | 'other'; needsReason: boolean };

function verbOf(from: CallStatus, to: CallStatus): CallAction['verb'] {
	if (to === 'cancelled') return 'cancel';
	if (to === 'on_hold') return 'hold';
	if (to === 'closed') return 'close';
	if (to === 'new') return from === 'on_hold' ? 'resume' : 'reopen';
	return 'other';
}

export function dispatcherActions(status: CallStatus): CallAction[] {
	return nextStatuses(status, 'dispatcher').map((to) => {
		const check = checkTransition(status, to, 'dispatcher', null);
		return { to, verb: verbOf(status, to), needsReason: !check.ok && check.problem === 'reason-required' };
	});
}
