import { describe, expect, it } from 'vitest';
import { CALL_STATUSES, checkTransition, type CallStatus } from '$lib/domain/call-lifecycle';
import { dispatcherActions } from './actions';

describe('dispatcherActions', () => {
	it.each<[CallStatus, string[]]>([
		['new', ['on_hold:hold:reason', 'cancelled:cancel:reason']],
		['assigned', ['on_hold:hold:reason', 'cancelled:cancel:reason']],
		['confirmed', ['on_hold:hold:reason', 'cancelled:cancel:reason']],
		['travelling', ['on_hold:hold:reason']],
		['on_site', ['on_hold:hold:reason']],
		['completed', ['new:reopen:reason', 'closed:close:-']],
		['closed', []],
		['on_hold', ['new:resume:reason', 'cancelled:cancel:reason']],
		['cancelled', ['new:reopen:reason']]
	])('from %s', (from, expected) => {
		const got = dispatcherActions(from).map((a) => `${a.to}:${a.verb}:${a.needsReason ? 'reason' : '-'}`);
		expect(got.sort()).toEqual([...expected].sort());
	});

	it('never offers a move the server would refuse, and offers every move it accepts', () => {
		for (const from of CALL_STATUSES) {
			const offered = new Set(dispatcherActions(from).map((a) => a.to));
			for (const to of CALL_STATUSES) {
				expect(offered.has(to), `${from} -> ${to}`).toBe(checkTransition(from, to, 'dispatcher', 'a reason').ok);
			}
		}
	});
});
