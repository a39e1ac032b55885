import { describe, expect, it } from 'vitest';
import { pendingOfJob, type PendingLike } from './offline-pending';

const CALL = '11111111-1111-4111-8111-111111111111';

describe('pendingOfJob', () => {
	const item = (url: string, body: unknown, state: PendingLike['state'] = 'waiting'): PendingLike => ({ url, body, state, createdAt: '2026-03-02T09:00:00.000Z' });
	const job = { callId: CALL, assignmentId: 'a1' };
	it('is nothing when the outbox holds nothing of the job', () =>
		expect(pendingOfJob([item('/api/field/calls/other/status', { status: 'on_site' })], job)).toEqual({ waiting: false, status: null, onSiteAt: null, report: false }));
	it('shows the arrival on site waiting, with its device time', () =>
		expect(pendingOfJob([item(`/api/field/calls/${CALL}/status`, { status: 'on_site', deviceAt: '2026-03-02T08:55:00.000Z' })], job)).toEqual({ waiting: true, status: 'on_site', onSiteAt: '2026-03-02T08:55:00.000Z', report: false }));
	it('takes the newest status and notes an accepted assignment as confirmed', () => {
		expect(pendingOfJob([item(`/api/field/calls/${CALL}/status`, { status: 'travelling' }), item('/api/field/assignments/a1/accept', {})], job).status).toBe('confirmed');
		expect(pendingOfJob([item('/api/field/assignments/a1/accept', {}), item(`/api/field/calls/${CALL}/status`, { status: 'travelling' })], job).status).toBe('travelling');
	});
	it('a queued report completes the job', () =>
		expect(pendingOfJob([item(`/api/field/calls/${CALL}/status`, { status: 'on_site' }), item(`/api/calls/${CALL}/reports`, { outcome: 'resolved' })], job)).toMatchObject({ waiting: true, status: 'completed', report: true, onSiteAt: '2026-03-02T09:00:00.000Z' }));
	it('leaves refused changes out', () => expect(pendingOfJob([item(`/api/field/calls/${CALL}/status`, { status: 'on_site' }, 'refused')], job).waiting).toBe(false));
});
