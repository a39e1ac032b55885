import { describe, expect, it } from 'vitest';
import { dayBounds, diffRows, projectPlan, type RawPlan } from './board-projection';

const A1 = '01900000-0000-7000-8000-000000000001';
const A2 = '01900000-0000-7000-8000-000000000002';
const CALL = '01900000-0000-7000-8000-0000000000c1';
const TECH = '01900000-0000-7000-8000-0000000000f1';

function plan(assignments: RawPlan['assignments'] = {}, blocks: RawPlan['blocks'] = {}): RawPlan {
	return { assignments, blocks };
}

describe('dayBounds (Europe/Rome)', () => {
	it.each([
		['2026-11-28', '2026-11-27T23:00:00.000Z', '2026-11-28T23:00:00.000Z', 24],
		['2026-07-01', '2026-06-30T22:00:00.000Z', '2026-07-01T22:00:00.000Z', 24],
		['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 23],
		['2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 25]
	])('%s', (day, start, end, hours) => {
		const b = dayBounds(day);
		expect(new Date(b.start).toISOString()).toBe(start);
		expect(new Date(b.end).toISOString()).toBe(end);
		expect((b.end - b.start) / 3_600_000).toBe(hours);
	});
});

describe('projectPlan', () => {
	const good = { callId: CALL, technicianId: TECH, start: '2026-11-28T09:00:00+01:00', end: '2026-11-28T10:30:00+01:00', status: 'planned' };

	it('projects a well-formed assignment with UTC instants', () => {
		const p = projectPlan('2026-11-28', plan({ [A1]: good }));
		expect(p.invalid).toEqual([]);
		expect(p.assignments).toEqual([
			{ id: A1, day: '2026-11-28', callId: CALL, technicianId: TECH, startsAt: '2026-11-28T08:00:00.000Z', endsAt: '2026-11-28T09:30:00.000Z', status: 'planned', note: null }
		]);
	});

	it.each([
		['end before start', { ...good, end: '2026-11-28T08:00:00+01:00' }, 'end-not-after-start'],
		['zero length', { ...good, end: good.start }, 'end-not-after-start'],
		['starts the day before', { ...good, start: '2026-11-27T23:30:00+01:00' }, 'outside-day'],
		['ends after midnight', { ...good, end: '2026-11-29T00:15:00+01:00' }, 'outside-day'],
		['ends exactly at midnight (allowed)', { ...good, end: '2026-11-29T00:00:00+01:00' }, null],
		['no offset', { ...good, start: '2026-11-28T09:00:00' }, 'bad-time'],
		['not a date', { ...good, start: 'tomorrow' }, 'bad-time'],
		['a number', { ...good, start: 1700000000000 }, 'bad-time'],
		['missing call', { ...good, callId: undefined }, 'missing-field'],
		['call id not a uuid', { ...good, callId: 'x' }, 'missing-field'],
		['bad status', { ...good, status: 'done' }, 'bad-status'],
		['status absent means planned', { ...good, status: undefined }, null]
	])('%s', (_name, entry, reason) => {
		const p = projectPlan('2026-11-28', plan({ [A1]: entry as Record<string, unknown> }));
		if (reason === null) {
			expect(p.invalid).toEqual([]);
			expect(p.assignments).toHaveLength(1);
		} else {
			expect(p.assignments).toEqual([]);
			expect(p.invalid).toEqual([{ id: A1, kind: 'assignment', reason }]);
		}
	});

	it('rejects keys that are not UUIDs', () => {
		expect(projectPlan('2026-11-28', plan({ nope: good })).invalid).toEqual([{ id: 'nope', kind: 'assignment', reason: 'bad-id' }]);
	});

	it('on the 23-hour DST day, 02:30 local does not exist and 23:30 is still the same day', () => {
		const p = projectPlan(
			'2026-03-29',
			plan({ [A1]: { ...good, start: '2026-03-29T22:00:00+02:00', end: '2026-03-29T23:30:00+02:00' } })
		);
		expect(p.invalid).toEqual([]);
		expect(p.assignments[0].endsAt).toBe('2026-03-29T21:30:00.000Z');
	});

	it('on the 25-hour DST day, the repeated hour is inside the day', () => {
		const p = projectPlan('2026-10-25', plan({ [A1]: { ...good, start: '2026-10-25T02:30:00+01:00', end: '2026-10-25T03:00:00+01:00' } }));
		expect(p.invalid).toEqual([]);
	});

	it('projects blocks and refuses blocks without a reason', () => {
		const block = { technicianId: TECH, start: '2026-11-28T13:00:00+01:00', end: '2026-11-28T18:00:00+01:00', reason: 'training' };
		const p = projectPlan('2026-11-28', plan({}, { [A1]: block, [A2]: { ...block, reason: '' } }));
		expect(p.blocks.map((b) => b.id)).toEqual([A1]);
		expect(p.invalid).toEqual([{ id: A2, kind: 'block', reason: 'missing-field' }]);
	});

	it('is deterministic: output sorted by id whatever the map order', () => {
		const a = projectPlan('2026-11-28', plan({ [A2]: good, [A1]: good }));
		const b = projectPlan('2026-11-28', plan({ [A1]: good, [A2]: good }));
		expect(a).toEqual(b);
		expect(a.assignments.map((x) => x.id)).toEqual([A1, A2]);
	});
});

describe('diffRows', () => {
	const row = (id: string, v: number) => ({ id, v });
	it.each([
		['nothing before', [], [row('a', 1)], ['a'], []],
		['unchanged', [row('a', 1)], [row('a', 1)], [], []],
		['changed', [row('a', 1)], [row('a', 2)], ['a'], []],
		['removed', [row('a', 1), row('b', 1)], [row('b', 1)], [], ['a']],
		['all at once', [row('a', 1), row('b', 1)], [row('b', 2), row('c', 1)], ['b', 'c'], ['a']]
	])('%s', (_name, before, after, upserts, removes) => {
		const d = diffRows(new Map(before.map((r) => [r.id, r])), after);
		expect(d.upsert.map((r) => r.id)).toEqual(upserts);
		expect(d.remove).toEqual(removes);
	});
});
