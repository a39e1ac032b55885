import { describe, expect, it } from 'vitest';
import { checkTransition, isOpen, nextStatuses, slaState, type CallStatus, type Mover } from './call-lifecycle';

describe('checkTransition', () => {
	it.each([
		['new', 'assigned', 'system', null, { ok: true }],
		['new', 'assigned', 'dispatcher', null, { ok: false, problem: 'not-yours' }],
		['assigned', 'confirmed', 'technician', null, { ok: true }],
		['confirmed', 'travelling', 'technician', null, { ok: true }],
		['travelling', 'on_site', 'technician', null, { ok: true }],
		['on_site', 'completed', 'technician', null, { ok: true }],
		['completed', 'closed', 'dispatcher', null, { ok: true }],
		['completed', 'closed', 'technician', null, { ok: false, problem: 'not-yours' }],
		['new', 'completed', 'technician', null, { ok: false, problem: 'not-allowed' }],
		['closed', 'new', 'dispatcher', 'again', { ok: false, problem: 'not-allowed' }],
		['new', 'cancelled', 'dispatcher', null, { ok: false, problem: 'reason-required' }],
		['new', 'cancelled', 'dispatcher', '   ', { ok: false, problem: 'reason-required' }],
		['new', 'cancelled', 'dispatcher', 'il cliente ha risolto', { ok: true }],
		['on_site', 'cancelled', 'dispatcher', 'x', { ok: false, problem: 'not-allowed' }],
		['on_site', 'on_hold', 'technician', 'manca il ricambio', { ok: true }],
		['on_hold', 'new', 'dispatcher', 'ricambio arrivato', { ok: true }],
		['cancelled', 'new', 'dispatcher', 'riaperta', { ok: true }],
		['new', 'new', 'dispatcher', null, { ok: false, problem: 'same-status' }]
	] as Array<[CallStatus, CallStatus, Mover, string | null, unknown]>)('%s -> %s by %s (%s)', (from, to, by, reason, expected) => {
		expect(checkTransition(from, to, by, reason)).toEqual(expected);
	});
});

describe('nextStatuses', () => {
	it.each([
		['new', 'dispatcher', ['on_hold', 'cancelled']],
		['assigned', 'technician', ['confirmed', 'travelling', 'on_site', 'on_hold']],
		['completed', 'dispatcher', ['new', 'closed']],
		['closed', 'dispatcher', []]
	] as Array<[CallStatus, Mover, CallStatus[]]>)('%s by %s', (from, by, expected) => {
		expect(nextStatuses(from, by)).toEqual(expected);
	});
});

describe('isOpen', () => {
	it.each([
		['new', true],
		['on_hold', true],
		['completed', false],
		['closed', false],
		['cancelled', false]
	] as Array<[CallStatus, boolean]>)('%s', (s, expected) => expect(isOpen(s)).toBe(expected));
});

describe('slaState', () => {
	const due = '2026-12-01T10:00:00.000Z';
	it.each([
		['new', '2026-12-01T08:00:00Z', 'on-time'],
		['new', '2026-12-01T09:00:00Z', 'due-soon'],
		['assigned', '2026-12-01T10:00:00Z', 'due-soon'],
		['assigned', '2026-12-01T10:00:01Z', 'overdue'],
		['on_site', '2026-12-01T11:00:00Z', 'met'],
		['cancelled', '2026-12-01T11:00:00Z', null]
	] as Array<[CallStatus, string, string | null]>)('%s at %s', (status, now, expected) => {
		expect(slaState({ status, onsiteDue: due, now: new Date(now), warningMinutes: 60 })).toBe(expected);
	});
	it('no due time, no state', () => expect(slaState({ status: 'new', onsiteDue: null, now: new Date(), warningMinutes: 60 })).toBeNull());
});
