import * as Y from 'yjs';
import { db } from '../db/client';
import { logger } from '../logger';
import { docsWithLongLogs, loadLogRows, loadStoredDoc, lockDoc, replaceWithSnapshot, snapshotUpTo } from './yjs.queries';
import { REMOTE_ORIGIN } from './yjs-room';

/**
 * A doc's log is compacted once it holds this many update rows. At the board's busiest (50
 * dispatchers, 2 edits/s each) that is one compaction every ~5 s, each merging a few hundred
 * small rows into one snapshot in tens of milliseconds; a quiet day compacts rarely. Loading a
 * room then replays at most this many rows on top of the snapshot.
 */
export const COMPACT_AFTER_UPDATES = 500;

/** The periodic job also compacts quieter docs (nobody reached the threshold, the room closed). */
export const PERIODIC_COMPACT_MIN_UPDATES = 50;

export type CompactionResult = { docName: string; merged: number; snapshotBytes: number } | null;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Merges a doc's snapshot and log into a new snapshot and deletes the rows merged, in one
 * transaction. The merge is computed before taking the doc lock so live appends are held up only
 * for the swap; appends that commit meanwhile are not in the read set and are never deleted.
 * Returns null when there was nothing to do or another compaction won the race.
 *
 * `live` (a web process compacting a room it holds) returns the room's doc while the room is
 * loaded. That doc already holds the snapshot and every row this process stored, so the merge
 * applies the rows to it (a no-op for rows it has; one it lacks was stored by another process and
 * reaches the room as a remote update) and encodes it, instead of rebuilding the whole day from
 * the snapshot: that rebuild blocked the event loop for tens of ms at every compaction. The
 * state may also hold updates of a batch the room is still storing; they are stored as rows
 * anyway, and replaying them twice is harmless.
 */
export async function compactDoc(docName: string, live?: () => Y.Doc | null): Promise<CompactionResult> {
	if (live?.()) {
		const log = await loadLogRows(db(), docName);
		if (log.updates.length === 0) return null;
		let doc = live();
		for (let i = 0; doc && i < log.updates.length; i += 100) {
			Y.transact(doc, () => log.updates.slice(i, i + 100).forEach((u) => Y.applyUpdate(doc!, u.update, REMOTE_ORIGIN)), REMOTE_ORIGIN);
			await nextTurn();
			// The room may have unloaded meanwhile: leave the log to the next trigger or the periodic job.
			if (live() !== doc) doc = null;
		}
		if (!doc) return null;
		// Includes anything still pending (an update whose dependencies are missing), so nothing is dropped.
		return swap(docName, Y.encodeStateAsUpdate(doc), log.upToUpdateId, log.updates.map((u) => u.id));
	}
	const stored = await loadStoredDoc(db(), docName);
	if (stored.updates.length === 0) return null;
	const doc = new Y.Doc({ gc: true });
	try {
		// Built in slices, yielding between them, so a web process's live rooms are never held up
		// for the whole merge (a busy day's snapshot plus 500 rows is tens of ms of CPU).
		if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
		for (let i = 0; i < stored.updates.length; i += 100) {
			await nextTurn();
			Y.transact(doc, () => stored.updates.slice(i, i + 100).forEach((u) => Y.applyUpdate(doc, u.update)));
		}
		await nextTurn();
		// Includes anything still pending (an update whose dependencies are missing), so nothing is dropped.
		return await swap(docName, Y.encodeStateAsUpdate(doc), stored.snapshot?.upToUpdateId ?? null, stored.updates.map((u) => u.id));
	} finally {
		doc.destroy();
	}
}

/** Writes the merged state and deletes the rows merged, unless another compaction got there first. */
async function swap(docName: string, state: Uint8Array, previousUpTo: number | null, ids: number[]): Promise<CompactionResult> {
	const upTo = Math.max(previousUpTo ?? 0, ...ids);
	const done = await db().transaction(async (tx) => {
		await lockDoc(tx, docName);
		if ((await snapshotUpTo(tx, docName)) !== previousUpTo) return false;
		await replaceWithSnapshot(tx, docName, state, upTo, ids);
		return true;
	});
	if (!done) return null;
	logger().debug({ doc: docName, merged: ids.length, bytes: state.byteLength }, 'compacted Yjs log');
	return { docName, merged: ids.length, snapshotBytes: state.byteLength };
}

/** Periodic job: compacts every doc whose log has grown past `minUpdates` rows. */
export async function compactLongLogs(minUpdates = PERIODIC_COMPACT_MIN_UPDATES): Promise<{ docs: number; merged: number }> {
	let docs = 0;
	let merged = 0;
	for (const name of await docsWithLongLogs(db(), minUpdates)) {
		const result = await compactDoc(name);
		if (result) {
			docs += 1;
			merged += result.merged;
		}
	}
	return { docs, merged };
}
