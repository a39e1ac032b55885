import * as Y from 'yjs';
import { db } from '../db/client';
import { logger } from '../logger';
import { docsWithLongLogs, loadStoredDoc, lockDoc, replaceWithSnapshot, snapshotUpTo } from './yjs.queries';

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

/**
 * Merges a doc's snapshot and log into a new snapshot and deletes the rows merged, in one
 * transaction. The merge is computed before taking the doc lock so live appends are held up only
 * for the swap; appends that commit meanwhile are not in the read set and are never deleted.
 * Returns null when there was nothing to do or another compaction won the race.
 */
export async function compactDoc(docName: string): Promise<CompactionResult> {
	const stored = await loadStoredDoc(db(), docName);
	if (stored.updates.length === 0) return null;
	const doc = new Y.Doc({ gc: true });
	try {
		// Built in slices, yielding between them, so a web process's live rooms are never held up
		// for the whole merge (a busy day's snapshot plus 500 rows is tens of ms of CPU).
		if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
		for (let i = 0; i < stored.updates.length; i += 100) {
			await new Promise((resolve) => setImmediate(resolve));
			Y.transact(doc, () => stored.updates.slice(i, i + 100).forEach((u) => Y.applyUpdate(doc, u.update)));
		}
		await new Promise((resolve) => setImmediate(resolve));
		// Includes anything still pending (an update whose dependencies are missing), so nothing is dropped.
		const state = Y.encodeStateAsUpdate(doc);
		const ids = stored.updates.map((u) => u.id);
		const previousUpTo = stored.snapshot?.upToUpdateId ?? null;
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
	} finally {
		doc.destroy();
	}
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
