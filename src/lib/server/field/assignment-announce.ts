import type { ProjectedAssignment } from '$lib/domain/board-projection';
import { dayOfBoardDoc } from '$lib/realtime/board-doc';
import { roomOfUser, type AssignmentChanged } from '$lib/realtime/events';
import { db } from '../db/client';
import { logger } from '../logger';
import { announce } from '../realtime/announce';
import { assignedUsersOfCall, userIdsOfTechnicians } from './field.queries';

/**
 * One assignment row the board's projection wrote (`after`, with the row it replaced as `before`
 * when there was one) or deleted (`before` only). The projection writes only rows that differ,
 * so each is a change: nothing here compares rows again.
 */
export type AssignmentWrite = { id: string; before?: ProjectedAssignment; after?: ProjectedAssignment };

/** What each technician should hear about a committed change of a day's assignments. */
export function assignmentChangesFor(writes: Iterable<AssignmentWrite>) {
	const out: Array<{ technicianId: string; assignmentId: string; callId: string; change: AssignmentChanged['change'] }> = [];
	for (const { id, before: b, after: a } of writes) {
		if (!b && a) out.push({ technicianId: a.technicianId, assignmentId: id, callId: a.callId, change: 'added' });
		else if (b && !a) out.push({ technicianId: b.technicianId, assignmentId: id, callId: b.callId, change: 'removed' });
		else if (a && b) {
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
export function announceAssignmentChanges(docName: string, writes: readonly AssignmentWrite[]): void {
	const day = dayOfBoardDoc(docName);
	const changes = day ? assignmentChangesFor(writes) : [];
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

/**
 * After the office cancels a call, tells each technician holding one of its assignments at once,
 * so a phone in the field shows it instead of learning at the next refresh or the next sync.
 */
export function announceCallCancelled(callId: string): void {
	assignedUsersOfCall(db(), callId)
		.then((held) => {
			for (const h of held) announce([roomOfUser(h.userId)], 'assignment:changed', { day: h.day, assignmentId: h.assignmentId, callId, change: 'cancelled' });
		})
		.catch((error) => logger().warn({ err: error, callId }, 'could not tell technicians of a cancelled call'));
}
