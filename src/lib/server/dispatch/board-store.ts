import * as Y from 'yjs';
import { Temporal } from 'temporal-polyfill';
import { BOARD_TIME_ZONE, diffRows, projectPlan, type InvalidEntry, type ProjectedAssignment, type ProjectedBlock } from '$lib/domain/board-projection';
import { dayOfBoardDoc, putEntry, readRawEntry, readRawPlan, removeEntry } from '$lib/realtime/board-doc';
import type { RawPlan } from '$lib/domain/board-projection';
import { audit } from '../auth/audit.service';
import { db, type Db } from '../db/client';
import { logger } from '../logger';
import type { RoomStore, StoreResult } from '../realtime/yjs-room';
import { appendUpdate, appendUpdates, loadStoredDoc, lockDoc } from '../realtime/yjs.queries';
import { BoardEditRefused } from '../realtime/board-edit-refused';
import { compactDoc, COMPACT_AFTER_UPDATES } from '../realtime/yjs-compaction';
import { roomOfRole } from '$lib/realtime/events';
import { announce } from '../realtime/announce';
import { announceAssignmentChanges, type AssignmentWrite } from '../field/assignment-announce';
import * as queries from './board.queries';
import { addTouched, changedEntries, DirtyEntries, entryCount, noEntryIds, type EntryIds } from './board-touched';

/** Calls in these states are over: nothing may be planned on them any more. */
const CLOSED_CALL_STATUSES = new Set(['completed', 'closed', 'cancelled']);

type Violation = InvalidEntry | { id: string; kind: 'assignment' | 'block'; reason: 'unknown-call' | 'closed-call' | 'unknown-technician' };

type DayCache = { assignments: Map<string, ProjectedAssignment>; blocks: Map<string, ProjectedBlock> };

/** Rows a projection wrote (`after`) or deleted (`before` only), applied to the cache once it commits. */
type Written = { assignments: AssignmentWrite[]; blocks: Array<{ id: string; before?: ProjectedBlock; after?: ProjectedBlock }> };

/** The entries to project: their raw content as the doc holds them now, and every id looked at (also those gone from the doc). */
type Target = { plan: RawPlan; ids: EntryIds };

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
	/**
	 * Per doc: the entries changed since they were last projected, so a busy day projects (and
	 * compares, and announces) only those instead of walking the whole doc on every batch.
	 */
	private readonly dirty = new Map<string, DirtyEntries>();

	async load(docName: string): Promise<Uint8Array[]> {
		const day = dayOfBoardDoc(docName);
		const stored = await loadStoredDoc(db(), docName);
		if (day) this.written.set(docName, await loadDayCache(db(), day));
		this.dropDirty(docName);
		this.logRows.set(docName, stored.updates.length);
		return [...(stored.snapshot ? [stored.snapshot.state] : []), ...stored.updates.map((u) => u.update)];
	}

	/** The tracker of the room's doc; a new doc (the room was reloaded) starts over with every entry. */
	private dirtyOf(docName: string, doc: Y.Doc): DirtyEntries {
		let dirty = this.dirty.get(docName);
		if (dirty?.doc !== doc) {
			dirty?.destroy();
			this.dirty.set(docName, (dirty = new DirtyEntries(doc)));
		}
		return dirty;
	}

	private dropDirty(docName: string): void {
		this.dirty.get(docName)?.destroy();
		this.dirty.delete(docName);
	}

	forget(docName: string): void {
		this.dropDirty(docName);
		this.written.delete(docName);
		this.logRows.delete(docName);
	}

	async append(docName: string, updates: Array<{ update: Uint8Array; userId: string | null }>, doc: Y.Doc): Promise<StoreResult> {
		const cache = this.written.get(docName) ?? emptyCache();
		const dirty = this.dirtyOf(docName, doc);
		// One row per user (their updates merged) keeps who-wrote-what; one projection for the batch.
		const byUser = new Map<string | null, Uint8Array[]>();
		for (const u of updates) byUser.set(u.userId, [...(byUser.get(u.userId) ?? []), u.update]);
		// A revert is attributed to the writer when the batch has one, else to nobody (details list them).
		const users = [...byUser.keys()].filter((u): u is string => u !== null);
		const actor = users.length === 1 ? users[0] : null;
		const { violations, written, statusChanges, plannedCalls } = await db()
			.transaction(async (tx) => {
				await lockDoc(tx, docName);
				await appendUpdates(tx, docName, [...byUser].map(([userId, list]) => ({ update: list.length === 1 ? list[0] : Y.mergeUpdates(list), userId })));
				// The doc as it is now, which may hold updates that arrived since the batch started (as
				// before, when the whole doc was read here): an edit a client sent as several
				// transactions is then mostly projected whole rather than reverted half-way.
				const result = await project(tx, docName, targetOf(doc, dirty.take(), cache), actor, cache);
				await auditViolations(tx, docName, result.violations, actor, users.length > 1 ? { writers: users } : {});
				return result;
			})
			.catch((error) => {
				// What was taken was not projected: look at every entry next time (the room is normally discarded anyway).
				dirty.reset();
				throw error;
			});
		this.settle(docName, cache, written, violations, dirty);
		this.noteAppended(docName, byUser.size);
		announceStatusChanges(statusChanges);
		announcePlannedCalls(plannedCalls);
		if (violations.length === 0) return {};
		logger().info({ doc: docName, violations }, 'reverting board entries that break hard rules');
		const valid = this.written.get(docName);
		return { revert: (target: Y.Doc) => revertToLastValid(target, violations, valid) };
	}

	/**
	 * After a projection committed: the cache takes the rows written, technicians hear of theirs,
	 * and entries that broke a hard rule stay dirty, so the next projection looks at them again
	 * (the revert normally settles them; one seen in afterRemote is not reverted there).
	 */
	private settle(docName: string, cache: DayCache, written: Written, violations: Violation[], dirty?: DirtyEntries): void {
		applyWritten(cache, written);
		this.written.set(docName, cache);
		announceAssignmentChanges(docName, written.assignments);
		for (const v of violations) dirty?.keep(v.kind === 'assignment' ? 'assignments' : 'blocks', v.id);
	}

	/**
	 * A server-side edit (editBoardDay) of a room open in this process: `doc` is a copy of the
	 * room's doc (`before`) with the edit applied by `transactions`. Only the entries whose content
	 * the edit changed are stored and projected, all or nothing: a hard-rule violation on one of
	 * them throws BoardEditRefused and the transaction rolls back, so the caller applies the update
	 * to the room only on success. Returns false (nothing stored) when the edit changed nothing.
	 */
	async commitEdit(docName: string, update: Uint8Array, userId: string | null, doc: Y.Doc, transactions: readonly Y.Transaction[], before: Y.Doc): Promise<boolean> {
		const touched = noEntryIds();
		for (const t of transactions) addTouched(t, doc, touched);
		const changed = changedEntries(before, doc, touched);
		if (entryCount(changed) === 0) return false;
		const cache = this.written.get(docName) ?? emptyCache();
		const { written, statusChanges, plannedCalls } = await commitServiceEdit(docName, update, userId, doc, changed, () => Promise.resolve(cache));
		// The room applies the edit to its doc next, which marks these entries dirty: its next
		// projection finds them equal to the rows just written.
		if (written) this.settle(docName, cache, written, []);
		this.noteAppended(docName);
		announceStatusChanges(statusChanges);
		announcePlannedCalls(plannedCalls);
		return true;
	}

	/** Another process stored the update; bring our read-model rows in line with the merged doc. */
	async afterRemote(docName: string, doc: Y.Doc): Promise<void> {
		const cache = this.written.get(docName) ?? emptyCache();
		const dirty = this.dirtyOf(docName, doc);
		const { written, violations, statusChanges } = await db()
			.transaction(async (tx) => {
				await lockDoc(tx, docName);
				return project(tx, docName, targetOf(doc, dirty.take(), cache), null, cache);
			})
			.catch((error) => {
				dirty.reset();
				throw error;
			});
		// Only the process that stored an update announces it to technicians.
		applyWritten(cache, written);
		this.written.set(docName, cache);
		for (const v of violations) dirty.keep(v.kind === 'assignment' ? 'assignments' : 'blocks', v.id);
		announceStatusChanges(statusChanges);
	}

	/** Starts a compaction (off the room's chain) once the log passes the threshold. */
	private noteAppended(docName: string, added = 1): void {
		const rows = (this.logRows.get(docName) ?? 0) + added;
		this.logRows.set(docName, rows);
		if (rows < COMPACT_AFTER_UPDATES || this.compacting.has(docName)) return;
		this.compacting.add(docName);
		// Merged into the room's own doc while it is loaded here (the tracker holds it until the room goes).
		compactDoc(docName, () => this.dirty.get(docName)?.doc ?? null)
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
	try {
		const outcome = await commitServiceEdit(docName, null, userId, doc, null, async (tx) => {
			const stored = await loadStoredDoc(tx, docName, { inLockedTx: true });
			Y.transact(doc, () => {
				if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
				for (const u of stored.updates) Y.applyUpdate(doc, u.update);
			});
			return loadDayCache(tx, day);
		}, edit);
		announceStatusChanges(outcome.statusChanges);
		announcePlannedCalls(outcome.plannedCalls);
		if (outcome.written) announceAssignmentChanges(docName, outcome.written.assignments);
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
	touched: EntryIds | null,
	prepare: (tx: Db) => Promise<DayCache>,
	edit?: (doc: Y.Doc) => void
): Promise<{ update: Uint8Array | null; written: Written | null; statusChanges: StatusChange[]; plannedCalls: string[] }> {
	let refusal: { violations: Violation[] } | null = null;
	try {
		return await db().transaction(async (tx) => {
			await lockDoc(tx, docName);
			const cache = await prepare(tx);
			let u = update;
			let ids = touched;
			if (edit) ({ update: u, touched: ids } = applyCaptured(doc, edit));
			if (!u || !ids || entryCount(ids) === 0) return { update: null, written: null, statusChanges: [], plannedCalls: [] };
			await appendUpdate(tx, docName, u, userId);
			// Only the entries it changed: edits other dispatchers have in flight are left to their own transactions.
			const result = await project(tx, docName, targetOf(doc, ids, cache), userId, cache);
			if (result.violations.length > 0) {
				refusal = { violations: result.violations };
				throw new BoardEditRefused(result.violations.map((v) => `${v.kind} ${v.id}: ${v.reason}`));
			}
			return { update: u, written: result.written, statusChanges: result.statusChanges, plannedCalls: result.plannedCalls };
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

/** Applies an edit as one transaction and returns its update and the entries whose content changed. */
function applyCaptured(doc: Y.Doc, edit: (doc: Y.Doc) => void): { update: Uint8Array | null; touched: EntryIds } {
	const before = readRawPlan(doc);
	const candidates = noEntryIds();
	let update: Uint8Array | null = null;
	const listen = (u: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
		update = update ? Y.mergeUpdates([update, u]) : u;
		addTouched(transaction, doc, candidates);
	};
	doc.on('update', listen);
	try {
		doc.transact(() => edit(doc), 'service');
	} finally {
		doc.off('update', listen);
	}
	// Writing the values an entry already has changes nothing: such entries are not touched.
	const touched = noEntryIds();
	for (const kind of ['assignments', 'blocks'] as const) {
		for (const id of candidates[kind]) if (JSON.stringify(before[kind][id]) !== JSON.stringify(readRawEntry(doc, kind, id))) touched[kind].add(id);
	}
	return { update, touched };
}

/**
 * What to project: `ids` ('all' when the doc was just loaded: every entry of the doc and of the
 * stored rows, so rows that drifted from the doc are put right) read from the doc as it is now.
 */
function targetOf(doc: Y.Doc, ids: EntryIds | 'all', cache: DayCache): Target {
	if (ids === 'all') {
		const plan = readRawPlan(doc);
		return {
			plan,
			ids: { assignments: new Set([...Object.keys(plan.assignments), ...cache.assignments.keys()]), blocks: new Set([...Object.keys(plan.blocks), ...cache.blocks.keys()]) }
		};
	}
	const plan: RawPlan = { assignments: {}, blocks: {} };
	for (const kind of ['assignments', 'blocks'] as const) {
		for (const id of ids[kind]) {
			const entry = readRawEntry(doc, kind, id);
			if (entry) plan[kind][id] = entry;
		}
	}
	return { plan, ids };
}

type StatusChange = { id: string; number: string; status: string };

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
 * Projects the target's entries and writes the rows that differ from the cache (the rows last
 * written); returns the violations, the rows written (for the cache, once the transaction
 * commits) and the calls whose status followed.
 */
async function project(
	tx: Db,
	docName: string,
	target: Target,
	userId: string | null,
	cache: DayCache
): Promise<{ violations: Violation[]; written: Written; statusChanges: StatusChange[]; plannedCalls: string[] }> {
	const day = dayOfBoardDoc(docName);
	if (!day) return { violations: [], written: { assignments: [], blocks: [] }, statusChanges: [], plannedCalls: [] };
	const projection = projectPlan(day, target.plan, BOARD_TIME_ZONE);
	const violations: Violation[] = [...projection.invalid];

	const aDiff = diffRows(rowsOf(cache.assignments, target.ids.assignments), projection.assignments);
	const bDiff = diffRows(rowsOf(cache.blocks, target.ids.blocks), projection.blocks);
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

	const written: Written = {
		assignments: [...okAssignments.map((a) => ({ id: a.id, before: cache.assignments.get(a.id), after: a })), ...removeAssignments.map((id) => ({ id, before: cache.assignments.get(id) }))],
		blocks: [...okBlocks.map((b) => ({ id: b.id, before: cache.blocks.get(b.id), after: b })), ...removeBlocks.map((id) => ({ id, before: cache.blocks.get(id) }))]
	};
	// Calls whose plan changed but whose status did not: maps hear of them apart (call:planned).
	const statusChanged = new Set(statusChanges.map((c) => c.id));
	const plannedCalls = [...touchedCalls].filter((id) => !statusChanged.has(id));
	return { violations, written, statusChanges, plannedCalls };
}

/** The cached rows of these ids (the part of the cache a projection of only them is compared with). */
function rowsOf<T>(cache: ReadonlyMap<string, T>, ids: ReadonlySet<string>): Map<string, T> {
	const out = new Map<string, T>();
	for (const id of ids) {
		const row = cache.get(id);
		if (row) out.set(id, row);
	}
	return out;
}

function applyWritten(cache: DayCache, written: Written): void {
	for (const w of written.assignments) {
		if (w.after) cache.assignments.set(w.id, w.after);
		else cache.assignments.delete(w.id);
	}
	for (const w of written.blocks) {
		if (w.after) cache.blocks.set(w.id, w.after);
		else cache.blocks.delete(w.id);
	}
}

const OFFICE_ROOMS = [roomOfRole('dispatcher'), roomOfRole('admin'), roomOfRole('supervisor')];

function announceStatusChanges(changes: StatusChange[]): void {
	for (const c of changes) announce(OFFICE_ROOMS, 'call:changed', { ...c, change: 'status' });
}

/** Announced by the process that stored the edit only (as technicians' notices are), once per batch. */
function announcePlannedCalls(ids: string[]): void {
	if (ids.length > 0) announce(OFFICE_ROOMS, 'call:planned', { ids });
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
