import * as Y from 'yjs';
import { Temporal } from 'temporal-polyfill';
import { BOARD_TIME_ZONE, diffRows, projectPlan, type InvalidEntry, type ProjectedAssignment, type ProjectedBlock } from '$lib/domain/board-projection';
import { dayOfBoardDoc, putEntry, readRawPlan, removeEntry } from '$lib/realtime/board-doc';
import type { Projection, RawPlan } from '$lib/domain/board-projection';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { logger } from '../logger';
import type { RoomStore, StoreResult } from '../realtime/yjs-room';
import { appendUpdate, appendUpdates, loadStoredDoc, lockDoc } from '../realtime/yjs.queries';
import { BoardEditRefused } from '../realtime/board-edit-refused';
import { compactDoc, COMPACT_AFTER_UPDATES } from '../realtime/yjs-compaction';
import { roomOfRole } from '$lib/realtime/events';
import { announce } from '../realtime/announce';
import { announceAssignmentChanges } from '../field/assignment-announce';
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
	/** Per doc: update rows in its log as far as this process knows (triggers compaction). */
	private readonly logRows = new Map<string, number>();
	private readonly compacting = new Set<string>();
	/** Per doc: projections of unchanged entries, so a busy day re-projects only what changed. */
	private readonly memos = new Map<string, ProjectionMemo>();

	async load(docName: string): Promise<Uint8Array[]> {
		const day = dayOfBoardDoc(docName);
		const stored = await loadStoredDoc(db(), docName);
		if (day) this.written.set(docName, await loadDayCache(db(), day));
		this.memos.delete(docName);
		this.logRows.set(docName, stored.updates.length);
		return [...(stored.snapshot ? [stored.snapshot.state] : []), ...stored.updates.map((u) => u.update)];
	}

	private memoOf(docName: string): ProjectionMemo {
		let memo = this.memos.get(docName);
		if (!memo) this.memos.set(docName, (memo = new ProjectionMemo()));
		return memo;
	}

	forget(docName: string): void {
		this.memos.delete(docName);
		this.written.delete(docName);
		this.logRows.delete(docName);
	}

	async append(docName: string, updates: Array<{ update: Uint8Array; userId: string | null }>, doc: Y.Doc): Promise<StoreResult> {
		const cache = this.written.get(docName) ?? emptyCache();
		// One row per user (their updates merged) keeps who-wrote-what; one projection for the batch.
		const byUser = new Map<string | null, Uint8Array[]>();
		for (const u of updates) byUser.set(u.userId, [...(byUser.get(u.userId) ?? []), u.update]);
		// A revert is attributed to the writer when the batch has one, else to nobody (details list them).
		const users = [...byUser.keys()].filter((u): u is string => u !== null);
		const actor = users.length === 1 ? users[0] : null;
		const { violations, next, statusChanges } = await db().transaction(async (tx) => {
			await lockDoc(tx, docName);
			await appendUpdates(tx, docName, [...byUser].map(([userId, list]) => ({ update: list.length === 1 ? list[0] : Y.mergeUpdates(list), userId })));
			const result = await project(tx, docName, doc, actor, cache, undefined, this.memoOf(docName));
			await auditViolations(tx, docName, result.violations, actor, users.length > 1 ? { writers: users } : {});
			return result;
		});
		if (next) this.written.set(docName, next);
		if (next) announceAssignmentChanges(docName, cache.assignments, next.assignments);
		this.noteAppended(docName, byUser.size);
		announceStatusChanges(statusChanges);
		if (violations.length === 0) return {};
		logger().info({ doc: docName, violations }, 'reverting board entries that break hard rules');
		const valid = this.written.get(docName);
		return { revert: (target: Y.Doc) => revertToLastValid(target, violations, valid) };
	}

	/**
	 * A server-side edit (editBoardDay) of a room open in this process: `doc` is a copy of the
	 * room's doc with the edit applied, `touched` the entries it changed. Stored and projected
	 * all or nothing: a hard-rule violation on a touched entry throws BoardEditRefused and the
	 * transaction rolls back, so the caller applies the update to the room only on success.
	 */
	async commitEdit(docName: string, update: Uint8Array, userId: string | null, doc: Y.Doc, touched: ReadonlySet<string>): Promise<void> {
		const cache = this.written.get(docName) ?? emptyCache();
		const { next, statusChanges } = await commitServiceEdit(docName, update, userId, doc, touched, () => Promise.resolve(cache));
		if (next) this.written.set(docName, next);
		if (next) announceAssignmentChanges(docName, cache.assignments, next.assignments);
		this.noteAppended(docName);
		announceStatusChanges(statusChanges);
	}

	/** Another process stored the update; bring our read-model rows in line with the merged doc. */
	async afterRemote(docName: string, doc: Y.Doc): Promise<void> {
		const cache = this.written.get(docName) ?? emptyCache();
		const { next, statusChanges } = await db().transaction(async (tx) => {
			await lockDoc(tx, docName);
			return project(tx, docName, doc, null, cache, undefined, this.memoOf(docName));
		});
		if (next) this.written.set(docName, next);
		announceStatusChanges(statusChanges);
	}

	/** Starts a compaction (off the room's chain) once the log passes the threshold. */
	private noteAppended(docName: string, added = 1): void {
		const rows = (this.logRows.get(docName) ?? 0) + added;
		this.logRows.set(docName, rows);
		if (rows < COMPACT_AFTER_UPDATES || this.compacting.has(docName)) return;
		this.compacting.add(docName);
		compactDoc(docName)
			.then((result) => {
				if (result && this.logRows.has(docName)) this.logRows.set(docName, Math.max(0, (this.logRows.get(docName) ?? 0) - result.merged));
			})
			.catch((error) => logger().warn({ err: error, doc: docName }, 'Yjs log compaction failed'))
			.finally(() => this.compacting.delete(docName));
	}
}

/**
 * editBoardDay when no room for the day is open in this process: loads the doc under the doc
 * lock (so it holds every committed update), applies the edit, stores and projects it in the
 * same transaction. Returns the update to fan out, or null if the edit changed nothing.
 */
export async function editStoredDay(docName: string, edit: (doc: Y.Doc) => void, userId: string | null): Promise<Uint8Array | null> {
	const day = dayOfBoardDoc(docName);
	if (!day) throw new Error(`not a board doc: ${docName}`);
	const doc = new Y.Doc({ gc: true });
	let before = null as DayCache | null;
	try {
		const outcome = await commitServiceEdit(docName, null, userId, doc, null, async (tx) => {
			const stored = await loadStoredDoc(tx, docName, { inLockedTx: true });
			Y.transact(doc, () => {
				if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
				for (const u of stored.updates) Y.applyUpdate(doc, u.update);
			});
			return (before = await loadDayCache(tx, day));
		}, edit);
		announceStatusChanges(outcome.statusChanges);
		if (before && outcome.next) announceAssignmentChanges(docName, before.assignments, outcome.next.assignments);
		return outcome.update;
	} finally {
		doc.destroy();
	}
}

/**
 * The shared core of both editBoardDay paths. Either `update`/`touched` are given (the edit is
 * already in `doc`), or `edit` is applied to `doc` after `prepare` has loaded it under the lock.
 */
async function commitServiceEdit(
	docName: string,
	update: Uint8Array | null,
	userId: string | null,
	doc: Y.Doc,
	touched: ReadonlySet<string> | null,
	prepare: (tx: Db) => Promise<DayCache>,
	edit?: (doc: Y.Doc) => void
): Promise<{ update: Uint8Array | null; next: DayCache | null; statusChanges: StatusChange[] }> {
	let refusal: { violations: Violation[] } | null = null;
	try {
		return await db().transaction(async (tx) => {
			await lockDoc(tx, docName);
			const cache = await prepare(tx);
			let u = update;
			let ids = touched;
			if (edit) ({ update: u, touched: ids } = applyCaptured(doc, edit));
			if (!u || !ids || ids.size === 0) return { update: null, next: null, statusChanges: [] };
			await appendUpdate(tx, docName, u, userId);
			const result = await project(tx, docName, doc, userId, cache, ids);
			if (result.violations.length > 0) {
				refusal = { violations: result.violations };
				throw new BoardEditRefused(result.violations.map((v) => `${v.kind} ${v.id}: ${v.reason}`));
			}
			return { update: u, next: result.next, statusChanges: result.statusChanges };
		});
	} catch (error) {
		if (error instanceof BoardEditRefused && refusal) {
			const { violations } = refusal;
			await db().transaction((tx) => auditViolations(tx, docName, violations, userId, { via: 'service' }));
			logger().info({ doc: docName, violations }, 'refused a server-side board edit that breaks hard rules');
		}
		throw error;
	}
}

/** Applies an edit as one transaction and returns its update and the entry ids whose content changed. */
function applyCaptured(doc: Y.Doc, edit: (doc: Y.Doc) => void): { update: Uint8Array | null; touched: Set<string> } {
	const before = readRawPlan(doc);
	let update: Uint8Array | null = null;
	const listen = (u: Uint8Array) => (update = update ? Y.mergeUpdates([update, u]) : u);
	doc.on('update', listen);
	try {
		doc.transact(() => edit(doc), 'service');
	} finally {
		doc.off('update', listen);
	}
	return { update, touched: changedEntryIds(before, readRawPlan(doc)) };
}

/** Entry ids (assignments and blocks) whose content differs between two plans. */
export function changedEntryIds(before: RawPlan, after: RawPlan): Set<string> {
	const ids = new Set<string>();
	for (const kind of ['assignments', 'blocks'] as const) {
		for (const id of new Set([...Object.keys(before[kind]), ...Object.keys(after[kind])])) {
			if (JSON.stringify(before[kind][id]) !== JSON.stringify(after[kind][id])) ids.add(id);
		}
	}
	return ids;
}

type StatusChange = { id: string; number: string; status: string };

/**
 * projectPlan is a pure function of each entry on its own (then sorted by id), and parsing times
 * with Temporal costs ~30 ms for 1,000 entries; this keeps each entry's result keyed by its raw
 * JSON and re-projects only entries that changed. Output is identical to projectPlan's.
 */
class ProjectionMemo {
	private readonly entries = new Map<string, { id: string; json: string; part: Projection }>();

	/** The projection, and the entry ids whose raw content changed (or appeared, or went) since the last call. */
	project(day: string, plan: RawPlan): { projection: Projection; changed: Set<string> } {
		const out: Projection = { assignments: [], blocks: [], invalid: [] };
		const changed = new Set<string>();
		const seen = new Set<string>();
		for (const kind of ['assignments', 'blocks'] as const) {
			for (const [id, entry] of Object.entries(plan[kind])) {
				const key = `${kind}/${id}`;
				seen.add(key);
				const json = JSON.stringify(entry);
				let hit = this.entries.get(key);
				if (!hit || hit.json !== json) {
					changed.add(id);
					const single: RawPlan = kind === 'assignments' ? { assignments: { [id]: entry }, blocks: {} } : { assignments: {}, blocks: { [id]: entry } };
					hit = { id, json, part: projectPlan(day, single, BOARD_TIME_ZONE) };
					this.entries.set(key, hit);
				}
				out.assignments.push(...hit.part.assignments);
				out.blocks.push(...hit.part.blocks);
				out.invalid.push(...hit.part.invalid);
			}
		}
		for (const [key, hit] of this.entries) {
			if (seen.has(key)) continue;
			this.entries.delete(key);
			changed.add(hit.id);
		}
		const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
		out.assignments.sort(byId);
		out.blocks.sort(byId);
		out.invalid.sort(byId);
		return { projection: out, changed };
	}
}

function emptyCache(): DayCache {
	return { assignments: new Map(), blocks: new Map() };
}

async function loadDayCache(tx: Db, day: string): Promise<DayCache> {
	const [a, b] = await Promise.all([queries.loadDayAssignments(tx, day), queries.loadDayBlocks(tx, day)]);
	return { assignments: new Map(a.map((r) => [r.id, r])), blocks: new Map(b.map((r) => [r.id, r])) };
}

async function auditViolations(tx: Db, docName: string, violations: Violation[], userId: string | null, extra: Record<string, unknown> = {}): Promise<void> {
	for (const v of violations) {
		await audit({ action: 'board.revert', actorUserId: userId, subject: `${docName}/${v.kind}/${v.id}`, details: { reason: v.reason, ...extra } }, tx);
	}
}

function revertToLastValid(target: Y.Doc, violations: Violation[], cache: DayCache | undefined): void {
	for (const v of violations) {
		const last = v.kind === 'assignment' ? cache?.assignments.get(v.id) : cache?.blocks.get(v.id);
		if (!last) removeEntry(target, v.kind, v.id);
		else if (v.kind === 'assignment') putEntry(target, 'assignment', v.id, assignmentFields(last as ProjectedAssignment));
		else putEntry(target, 'block', v.id, blockFields(last as ProjectedBlock));
	}
}

/**
 * Writes what changed; returns the violations and the cache to keep once the transaction commits.
 * With `only`, just those entries are considered (a server-side edit projects what it touched and
 * leaves entries other writers have in flight to their own transactions).
 */
async function project(
	tx: Db,
	docName: string,
	doc: Y.Doc,
	userId: string | null,
	cache: DayCache,
	only?: ReadonlySet<string>,
	memo?: ProjectionMemo
): Promise<{ violations: Violation[]; next: DayCache | null; statusChanges: StatusChange[] }> {
		const day = dayOfBoardDoc(docName);
		if (!day) return { violations: [], next: null, statusChanges: [] };
		const memoized = memo?.project(day, readRawPlan(doc));
		const projection = memoized?.projection ?? projectPlan(day, readRawPlan(doc), BOARD_TIME_ZONE);
		// The diff stays over every entry (not only the memo's changed ones): rows that drifted from
		// the doc (e.g. projected from updates a crash then lost) are put right on the next update.
		const keep = <T>(id: T) => !only || only.has(id as string);
		const violations: Violation[] = projection.invalid.filter((v) => keep(v.id));

		const aDiff = narrow(diffRows(cache.assignments, projection.assignments), keep);
		const bDiff = narrow(diffRows(cache.blocks, projection.blocks), keep);
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

function narrow<T extends { id: string }>(diff: { upsert: T[]; remove: string[] }, keep: (id: string) => boolean) {
	return { upsert: diff.upsert.filter((r) => keep(r.id)), remove: diff.remove.filter(keep) };
}

function announceStatusChanges(changes: StatusChange[]): void {
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
