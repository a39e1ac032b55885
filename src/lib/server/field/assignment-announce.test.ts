import { describe, expect, it } from 'vitest';
import type { ProjectedAssignment } from '$lib/domain/board-projection';
import { assignmentChangesFor, type AssignmentWrite } from './assignment-announce';

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
const added = (after: ProjectedAssignment): AssignmentWrite => ({ id: after.id, after });
const removed = (before: ProjectedAssignment): AssignmentWrite => ({ id: before.id, before });
const replaced = (before: ProjectedAssignment, after: ProjectedAssignment): AssignmentWrite => ({ id: after.id, before, after });

describe('assignmentChangesFor', () => {
	const cases: Array<[string, AssignmentWrite[], Array<[string, string, string]>]> = [
		['nothing written', [], []],
		['added', [added(row('a', 't1'))], [['t1', 'a', 'added']]],
		['removed', [removed(row('a', 't1'))], [['t1', 'a', 'removed']]],
		['moved in time', [replaced(row('a', 't1'), row('a', 't1', { startsAt: '2026-03-10T10:00:00.000Z' }))], [['t1', 'a', 'changed']]],
		['confirmed', [replaced(row('a', 't1'), row('a', 't1', { status: 'confirmed' }))], [['t1', 'a', 'changed']]],
		['handed to another technician: both hear', [replaced(row('a', 't1'), row('a', 't2'))], [['t1', 'a', 'removed'], ['t2', 'a', 'added']]],
		['several at once', [removed(row('a', 't1')), added(row('c', 't3'))], [['t1', 'a', 'removed'], ['t3', 'c', 'added']]]
	];
	for (const [name, writes, expected] of cases) {
		it(name, () => {
			const got = assignmentChangesFor(writes).map((c) => [c.technicianId, c.assignmentId, c.change]);
			expect(got.sort()).toEqual(expected.sort());
		});
	}

	it('a move to another call and technician tells the old one of the old call', () => {
		const got = assignmentChangesFor([replaced(row('a', 't1', { callId: 'old' }), row('a', 't2', { callId: 'new' }))]);
		expect(got).toEqual([
			{ technicianId: 't1', assignmentId: 'a', callId: 'old', change: 'removed' },
			{ technicianId: 't2', assignmentId: 'a', callId: 'new', change: 'added' }
		]);
	});
});
