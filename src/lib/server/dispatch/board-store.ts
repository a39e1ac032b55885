import type * as Y from 'yjs';
import { Temporal } from 'temporal-polyfill';
import { BOARD_TIME_ZONE, diffRows, projectPlan, type InvalidEntry, type ProjectedAssignment, type ProjectedBlock } from '$lib/domain/board-projection';
import { dayOfBoardDoc, putEntry, readRawPlan, removeEntry } from '$lib/realtime/board-doc';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { logger } from '../logger';
import type { RoomStore, StoreResult } from '../realtime/yjs-room';
import { appendUpdate, loadUpdates } from '../realtime/yjs.queries';
import { roomOfRole } from '$lib/realtime/events';
import { announce } from '../realtime/announce';
import * as queries from './board.queries';

/** Calls in these states are over: nothing may be planned on them any more. */
const CLOSED_CALL_STATUSES = new Set(['completed', 'closed', 'cancelled']);

type Violation = InvalidEntry | { id: string; kind: 'assignment' | 'block'; reason: 'unknown-call' | 'closed-call' | 'unknown-technician' };

type DayCache = { assignments: Map<string, ProjectedAssignment>; blocks: Map<string, ProjectedBlock> };

/**
 * Persistence of the board's day docs: each accepted update is appended to the log and the
 * doc is projected into `assignments` / `unavailability` in the SAME transaction, so the read
 * model never disagrees with what anyone has seen. Hard rules are checked there too; entries that
 * break them are not projected and are reverted by a server change the caller applies.
 */
export class BoardStore implements RoomStore {
	/** Per doc: the rows last written, which is also the last valid state of each entry. */
	private readonly written = new Map<string, DayCache>();

	async load(docName: string): Promise<Uint8Array[]> {
		const day = dayOfBoardDoc(docName);
		const updates = await loadUpdates(db(), docName);
		if (day) {
			const [a, b] = await Promise.all([queries.loadDayAssignments(db(), day), queries.loadDayBlocks(db(), day)]);
			this.written.set(docName, { assignments: new Map(a.map((r) => [r.id, r])), blocks: new Map(b.map((r) => [r.id, r])) });
		}
		return updates;
	}

	forget(docName: string): void {
		this.written.delete(docName);
	}

	async append(docName: string, update: Uint8Array, userId: string | null, doc: Y.Doc): Promise<StoreResult> {
		const { violations, next, statusChanges } = await db().transaction(async (tx) => {
			await appendUpdate(tx, docName, update, userId);
			const result = await this.project(tx, docName, doc, userId);
			for (const v of result.violations) {
				await audit({ action: 'board.revert', actorUserId: userId, subject: `${docName}/${v.kind}/${v.id}`, details: { reason: v.reason } }, tx);
			}
			return result;
		});
		if (next) this.written.set(docName, next);
		announceStatusChanges(statusChanges);
		if (violations.length === 0) return {};
		logger().info({ doc: docName, violations }, 'reverting board entries that break hard rules');
		const cache = this.written.get(docName);
		return {
			revert: (target: Y.Doc) => {
				for (const v of violations) {
					const last = v.kind === 'assignment' ? cache?.assignments.get(v.id) : cache?.blocks.get(v.id);
					if (!last) removeEntry(target, v.kind, v.id);
					else if (v.kind === 'assignment') putEntry(target, 'assignment', v.id, assignmentFields(last as ProjectedAssignment));
					else putEntry(target, 'block', v.id, blockFields(last as ProjectedBlock));
				}
			}
		};
	}

	/** Another process stored the update; bring our read-model rows in line with the merged doc. */
	async afterRemote(docName: string, doc: Y.Doc): Promise<void> {
		const { next, statusChanges } = await db().transaction((tx) => this.project(tx, docName, doc, null));
		if (next) this.written.set(docName, next);
		announceStatusChanges(statusChanges);
	}

	/** Writes what changed; returns the violations and the cache to keep once the transaction commits. */
	private async project(
		tx: Db,
		docName: string,
		doc: Y.Doc,
		userId: string | null
	): Promise<{ violations: Violation[]; next: DayCache | null; statusChanges: Array<{ id: string; number: string; status: string }> }> {
		const day = dayOfBoardDoc(docName);
		if (!day) return { violations: [], next: null, statusChanges: [] };
		const cache = this.written.get(docName) ?? { assignments: new Map(), blocks: new Map() };
		const projection = projectPlan(day, readRawPlan(doc), BOARD_TIME_ZONE);
		const violations: Violation[] = [...projection.invalid];

		const aDiff = diffRows(cache.assignments, projection.assignments);
		const bDiff = diffRows(cache.blocks, projection.blocks);
		const callStatus = await queries.plannableCalls(tx, [...new Set(aDiff.upsert.map((a) => a.callId))]);
		const techIds = [...new Set([...aDiff.upsert.map((a) => a.technicianId), ...bDiff.upsert.map((b) => b.technicianId)])];
		const activeTechs = await queries.activeTechnicianIds(tx, techIds);

		const okAssignments = aDiff.upsert.filter((a) => {
			const status = callStatus.get(a.callId);
			const reason = !status ? 'unknown-call' : CLOSED_CALL_STATUSES.has(status) ? 'closed-call' : !activeTechs.has(a.technicianId) ? 'unknown-technician' : null;
			if (reason) violations.push({ id: a.id, kind: 'assignment', reason });
			return !reason;
		});
		const okBlocks = bDiff.upsert.filter((b) => {
			if (activeTechs.has(b.technicianId)) return true;
			violations.push({ id: b.id, kind: 'block', reason: 'unknown-technician' });
			return false;
		});
		// An entry that became invalid keeps its last valid row until the revert restores it.
		const invalidIds = new Set(violations.map((v) => v.id));
		const removeAssignments = aDiff.remove.filter((id) => !invalidIds.has(id));
		const removeBlocks = bDiff.remove.filter((id) => !invalidIds.has(id));

		await queries.upsertAssignments(tx, okAssignments);
		await queries.deleteAssignments(tx, removeAssignments);
		await queries.upsertBlocks(tx, okBlocks);
		await queries.deleteBlocks(tx, removeBlocks);
		// A call is touched when it gains, keeps or loses an assignment (an entry can move to another call).
		const touchedCalls = new Set<string>(okAssignments.map((a) => a.callId));
		for (const id of [...okAssignments.map((a) => a.id), ...removeAssignments]) {
			const before = cache.assignments.get(id)?.callId;
			if (before) touchedCalls.add(before);
		}
		const statusChanges = await queries.syncCallStatuses(tx, [...touchedCalls], userId);

		const next: DayCache = { assignments: new Map(cache.assignments), blocks: new Map(cache.blocks) };
		for (const a of okAssignments) next.assignments.set(a.id, a);
		for (const id of removeAssignments) next.assignments.delete(id);
		for (const b of okBlocks) next.blocks.set(b.id, b);
		for (const id of removeBlocks) next.blocks.delete(id);
		return { violations, next, statusChanges };
	}
}

function announceStatusChanges(changes: Array<{ id: string; number: string; status: string }>): void {
	for (const c of changes) announce([roomOfRole('dispatcher'), roomOfRole('admin'), roomOfRole('supervisor')], 'call:changed', { ...c, change: 'status' });
}

function localIso(iso: string): string {
	return Temporal.Instant.from(iso).toZonedDateTimeISO(BOARD_TIME_ZONE).toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

function assignmentFields(row: ProjectedAssignment) {
	return { callId: row.callId, technicianId: row.technicianId, start: localIso(row.startsAt), end: localIso(row.endsAt), status: row.status, note: row.note ?? undefined };
}

function blockFields(row: ProjectedBlock) {
	return { technicianId: row.technicianId, start: localIso(row.startsAt), end: localIso(row.endsAt), reason: row.reason };
}
