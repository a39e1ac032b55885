import { describe, expect, it } from 'vitest';
import type { CallStatus } from '$lib/domain/call-lifecycle';
import { dueStates } from './due-state';

const now = new Date('2026-12-04T10:00:00Z');
const base: { acknowledgeDue: string | null; onsiteDue: string | null; resolutionDue: string | null; acknowledgedAt: string | null } = {
	acknowledgeDue: '2026-12-04T11:00:00Z',
	onsiteDue: '2026-12-04T14:00:00Z',
	resolutionDue: '2026-12-05T10:00:00Z',
	acknowledgedAt: null
};

describe('dueStates (warning window 120 minutes)', () => {
	it.each<[string, CallStatus, Partial<typeof base>, [string | null, string | null, string | null]]>([
		['fresh call: ack due soon, others on time', 'new', {}, ['due-soon', 'on-time', 'on-time']],
		['acknowledged: met', 'new', { acknowledgedAt: '2026-12-04T09:30:00Z' }, ['met', 'on-time', 'on-time']],
		['ack overdue', 'assigned', { acknowledgeDue: '2026-12-04T09:59:00Z' }, ['overdue', 'on-time', 'on-time']],
		['exactly at the due time is still due soon', 'new', { acknowledgeDue: '2026-12-04T10:00:00Z' }, ['due-soon', 'on-time', 'on-time']],
		['at the edge of the window', 'new', { onsiteDue: '2026-12-04T12:00:00Z' }, ['due-soon', 'due-soon', 'on-time']],
		['one minute past the window', 'new', { onsiteDue: '2026-12-04T12:01:00Z' }, ['due-soon', 'on-time', 'on-time']],
		['on site: on-site met, resolution still running', 'on_site', { acknowledgedAt: '2026-12-04T09:00:00Z', resolutionDue: '2026-12-04T09:00:00Z' }, ['met', 'met', 'overdue']],
		['completed: all met even when late', 'completed', { acknowledgeDue: '2026-12-01T09:00:00Z', resolutionDue: '2026-12-02T09:00:00Z' }, ['met', 'met', 'met']],
		['cancelled: nothing to judge', 'cancelled', { onsiteDue: '2026-12-01T09:00:00Z' }, [null, null, null]],
		['on hold still counts', 'on_hold', { onsiteDue: '2026-12-04T09:00:00Z' }, ['due-soon', 'overdue', 'on-time']],
		['no due times (no SLA)', 'new', { acknowledgeDue: null, onsiteDue: null, resolutionDue: null } , [null, null, null]]
	])('%s', (_name, status, change, [ack, onsite, resolution]) => {
		const got = dueStates({ status, ...base, ...change }, now);
		expect([got.acknowledge, got.onsite, got.resolution]).toEqual([ack, onsite, resolution]);
	});

	it('accepts Date values as the server returns them', () => {
		const got = dueStates({ status: 'new', acknowledgeDue: new Date('2026-12-04T09:00:00Z'), onsiteDue: new Date('2026-12-04T11:00:00Z'), resolutionDue: null, acknowledgedAt: null }, now);
		expect(got).toEqual({ acknowledge: 'overdue', onsite: 'due-soon', resolution: null });
	});
});
