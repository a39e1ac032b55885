import type { ProjectedAssignment } from '$lib/domain/board-projection';
import { dayOfBoardDoc } from '$lib/realtime/board-doc';
import { roomOfUser, type AssignmentChanged } from '$lib/realtime/events';
import { db } from '../db/client';
import { logger } from '../logger';
import { announce } from '../realtime/announce';
import { userIdsOfTechnicians } from './field.queries';

/** What each technician should hear about a committed change of a day's assignments. */
export function assignmentChangesFor(before: ReadonlyMap<string, ProjectedAssignment>, after: ReadonlyMap<string, ProjectedAssignment>) {
	const out: Array<{ technicianId: string; assignmentId: string; callId: string; change: AssignmentChanged['change'] }> = [];
	for (const id of new Set([...before.keys(), ...after.keys()])) {
		const b = before.get(id);
		const a = after.get(id);
		if (!b && a) out.push({ technicianId: a.technicianId, assignmentId: id, callId: a.callId, change: 'added' });
		else if (b && !a) out.push({ technicianId: b.technicianId, assignmentId: id, callId: b.callId, change: 'removed' });
		else if (a && b && JSON.stringify(a) !== JSON.stringify(b)) {
			if (a.technicianId !== b.technicianId) {
				out.push({ technicianId: b.technicianId, assignmentId: id, callId: b.callId, change: 'removed' });
				out.push({ technicianId: a.technicianId, assignmentId: id, callId: a.callId, change: 'added' });
			} else out.push({ technicianId: a.technicianId, assignmentId: id, callId: a.callId, change: 'changed' });
		}
	}
	return out;
}

/**
 * After the board's projection commits, tells the technicians whose day changed (their own
 * Socket.IO user room) so the app refreshes and shows a notice. Called by the process that
 * stored the update only, so each change is announced once.
 */
export function announceAssignmentChanges(docName: string, before: ReadonlyMap<string, ProjectedAssignment>, after: ReadonlyMap<string, ProjectedAssignment>): void {
	const day = dayOfBoardDoc(docName);
	const changes = day ? assignmentChangesFor(before, after) : [];
	if (!day || changes.length === 0) return;
	userIdsOfTechnicians(db(), [...new Set(changes.map((c) => c.technicianId))])
		.then((users) => {
			for (const c of changes) {
				const userId = users.get(c.technicianId);
				if (userId) announce([roomOfUser(userId)], 'assignment:changed', { day, assignmentId: c.assignmentId, callId: c.callId, change: c.change });
			}
		})
		.catch((error) => logger().warn({ err: error, doc: docName }, 'could not announce assignment changes to technicians'));
}
