import { describe, expect, it } from 'vitest';
import type { ProjectedAssignment } from '$lib/domain/board-projection';
import { assignmentChangesFor } from './assignment-announce';

const row = (id: string, technicianId: string, extra: Partial<ProjectedAssignment> = {}): ProjectedAssignment => ({
	id,
	day: '2026-03-10',
	callId: `call-${id}`,
	technicianId,
	startsAt: '2026-03-10T08:00:00.000Z',
	endsAt: '2026-03-10T09:00:00.000Z',
	status: 'planned',
	note: null,
	...extra
});
const map = (...rows: ProjectedAssignment[]) => new Map(rows.map((r) => [r.id, r]));

describe('assignmentChangesFor', () => {
	const cases: Array<[string, Map<string, ProjectedAssignment>, Map<string, ProjectedAssignment>, Array<[string, string, string]>]> = [
		['nothing changed', map(row('a', 't1')), map(row('a', 't1')), []],
		['added', map(), map(row('a', 't1')), [['t1', 'a', 'added']]],
		['removed', map(row('a', 't1')), map(), [['t1', 'a', 'removed']]],
		['moved in time', map(row('a', 't1')), map(row('a', 't1', { startsAt: '2026-03-10T10:00:00.000Z' })), [['t1', 'a', 'changed']]],
		['confirmed', map(row('a', 't1')), map(row('a', 't1', { status: 'confirmed' })), [['t1', 'a', 'changed']]],
		['handed to another technician: both hear', map(row('a', 't1')), map(row('a', 't2')), [['t1', 'a', 'removed'], ['t2', 'a', 'added']]],
		['several at once', map(row('a', 't1'), row('b', 't2')), map(row('b', 't2'), row('c', 't3')), [['t1', 'a', 'removed'], ['t3', 'c', 'added']]]
	];
	for (const [name, before, after, expected] of cases) {
		it(name, () => {
			const got = assignmentChangesFor(before, after).map((c) => [c.technicianId, c.assignmentId, c.change]);
			expect(got.sort()).toEqual(expected.sort());
		});
	}
});
