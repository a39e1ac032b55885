import { describe, expect, it } from 'vitest';
import { candidatesUrl, proposedSlot } from './suggest';

describe('candidatesUrl', () => {
	const id = '01900000-0000-7000-8000-000000000001';
	it.each([
		['a future day ranks by score from its 07:00', { mode: 'best' as const, day: '2026-12-10', now: new Date('2026-12-03T10:00:00Z'), areaId: '' }, { order: 'score', at: '2026-12-10T07:00:00+01:00' }],
		['today after 07:00 ranks from now', { mode: 'best' as const, day: '2026-12-03', now: new Date('2026-12-03T10:00:00Z'), areaId: '' }, { order: 'score', at: '2026-12-03T10:00:00.000Z' }],
		['urgent is the nearest free now, with the area', { mode: 'urgent' as const, day: '2026-12-10', now: new Date('2026-12-03T10:00:00Z'), areaId: 'a1' }, { order: 'distance', at: '2026-12-03T10:00:00.000Z', area: 'a1' }],
		['summer time day', { mode: 'best' as const, day: '2026-07-01', now: new Date('2026-06-01T10:00:00Z'), areaId: '' }, { order: 'score', at: '2026-07-01T07:00:00+02:00' }]
	])('%s', (_n, opts, expected) => {
		const url = new URL(candidatesUrl(id, opts), 'http://x');
		expect(url.pathname).toBe(`/api/calls/${id}/candidates`);
		expect(Object.fromEntries(url.searchParams)).toEqual({ limit: '5', ...expected });
	});
});

describe('proposedSlot', () => {
	it.each([
		['free at 10:15 local for 90 min', '2026-12-03T09:15:00Z', 90, { startMin: 615, endMin: 705 }],
		['free on another day', '2026-12-04T09:15:00Z', 60, null],
		['free the day before', '2026-12-02T09:15:00Z', 60, null],
		['runs past midnight', '2026-12-03T22:30:00Z', 60, null],
		['no free window', null, 60, null],
		// 29 March 2026: DST starts; 09:00Z is 11:00 local.
		['DST start day', '2026-03-29T09:00:00Z', 60, { startMin: 660, endMin: 720 }]
	])('%s', (_n, freeFrom, minutes, expected) => {
		const day = freeFrom?.startsWith('2026-03') ? '2026-03-29' : '2026-12-03';
		expect(proposedSlot(day, { freeFrom }, minutes)).toEqual(expected);
	});
});
