import { asc, count, eq, sql } from 'drizzle-orm';
import type { Db, Database } from '../db/client';
import { yjsSnapshots, yjsUpdates } from '../db/schema';

export async function appendUpdate(db: Db, docName: string, update: Uint8Array, userId: string | null): Promise<void> {
	await db.insert(yjsUpdates).values({ docName, update, userId });
}

/** Several rows in one statement, in order (a batch the room stores at once). */
export async function appendUpdates(db: Db, docName: string, rows: Array<{ update: Uint8Array; userId: string | null }>): Promise<void> {
	if (rows.length === 0) return;
	await db.insert(yjsUpdates).values(rows.map((r) => ({ docName, update: r.update, userId: r.userId })));
}

/**
 * Serialises, per doc and across web processes, the transactions that append to its log and
 * write its projection (and compaction's swap), so whoever holds it sees every committed update.
 * Held until the transaction ends.
 */
export async function lockDoc(tx: Db, docName: string): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'yjs:' + docName}, 0))`);
}

export type StoredDoc = { snapshot: { state: Uint8Array; upToUpdateId: number } | null; updates: Array<{ id: number; update: Uint8Array }> };

async function readStoredDoc(db: Db, docName: string): Promise<StoredDoc> {
	const [snap] = await db
		.select({ state: yjsSnapshots.state, upToUpdateId: yjsSnapshots.upToUpdateId })
		.from(yjsSnapshots)
		.where(eq(yjsSnapshots.docName, docName));
	// Every remaining row, not only id > upToUpdateId: compaction deletes exactly the rows it merged,
	// so a row left with a smaller id is one that committed late (ids are taken before commit) and
	// was never merged. Replaying a duplicate is harmless (Yjs ignores what it already has).
	const updates = await db
		.select({ id: yjsUpdates.id, update: yjsUpdates.update })
		.from(yjsUpdates)
		.where(eq(yjsUpdates.docName, docName))
		.orderBy(asc(yjsUpdates.id));
	return { snapshot: snap ?? null, updates };
}

/**
 * The doc's snapshot and the rows after it, read from one database snapshot (repeatable read)
 * so a compaction committing in between can never hide rows from both halves. Inside a
 * transaction that holds lockDoc, reads there directly.
 */
export async function loadStoredDoc(db: Db, docName: string, opts: { inLockedTx?: boolean } = {}): Promise<StoredDoc> {
	if (opts.inLockedTx) return readStoredDoc(db, docName);
	return (db as Database).transaction((tx) => readStoredDoc(tx, docName), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/**
 * The doc's log rows and the bound of its snapshot, without the snapshot itself (a compaction
 * that merges into the live room's doc, which already holds it), from one database snapshot.
 */
export async function loadLogRows(db: Database, docName: string): Promise<{ upToUpdateId: number | null; updates: Array<{ id: number; update: Uint8Array }> }> {
	return db.transaction(
		async (tx) => {
			const upToUpdateId = await snapshotUpTo(tx, docName);
			const updates = await tx
				.select({ id: yjsUpdates.id, update: yjsUpdates.update })
				.from(yjsUpdates)
				.where(eq(yjsUpdates.docName, docName))
				.orderBy(asc(yjsUpdates.id));
			return { upToUpdateId, updates };
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}

/** Kept for callers that only want the log (snapshot first when there is one). */
export async function loadUpdates(db: Db, docName: string): Promise<Uint8Array[]> {
	const stored = await loadStoredDoc(db, docName);
	return [...(stored.snapshot ? [stored.snapshot.state] : []), ...stored.updates.map((u) => u.update)];
}

export async function countUpdates(db: Db, docName: string): Promise<number> {
	const rows = await db.select({ n: count() }).from(yjsUpdates).where(eq(yjsUpdates.docName, docName));
	return rows[0]?.n ?? 0;
}

/** Writes the compacted state and deletes exactly the rows merged into it (call inside lockDoc). */
export async function replaceWithSnapshot(tx: Db, docName: string, state: Uint8Array, upToUpdateId: number, mergedIds: number[]): Promise<void> {
	await tx
		.insert(yjsSnapshots)
		.values({ docName, state, upToUpdateId })
		.onConflictDoUpdate({ target: yjsSnapshots.docName, set: { state, upToUpdateId, createdAt: sql`now()` } });
	// One array parameter, not one per id: a list of a few hundred parameters is a new prepared
	// statement (parsed and planned) for each count, and this runs while the doc lock is held.
	for (let i = 0; i < mergedIds.length; i += 5000) {
		await tx.delete(yjsUpdates).where(sql`${yjsUpdates.id} = any(${sql.param(mergedIds.slice(i, i + 5000))}::bigint[])`);
	}
}

export async function snapshotUpTo(db: Db, docName: string): Promise<number | null> {
	const [row] = await db.select({ upTo: yjsSnapshots.upToUpdateId }).from(yjsSnapshots).where(eq(yjsSnapshots.docName, docName));
	return row?.upTo ?? null;
}

/** Docs whose log holds at least `minRows` rows (the periodic compaction's work list). */
export async function docsWithLongLogs(db: Db, minRows: number): Promise<string[]> {
	const rows = await db
		.select({ docName: yjsUpdates.docName })
		.from(yjsUpdates)
		.groupBy(yjsUpdates.docName)
		.having(sql`count(*) >= ${minRows}`);
	return rows.map((r) => r.docName);
}

/** Rows and bytes of a doc's log, and its snapshot's bytes (for benchmarks and ops). */
export async function logStats(db: Db, docName: string): Promise<{ rows: number; bytes: number; snapshotBytes: number }> {
	const [log] = await db
		.select({ rows: count(), bytes: sql<string>`coalesce(sum(octet_length(${yjsUpdates.update})), 0)` })
		.from(yjsUpdates)
		.where(eq(yjsUpdates.docName, docName));
	const [snap] = await db
		.select({ bytes: sql<number>`octet_length(${yjsSnapshots.state})` })
		.from(yjsSnapshots)
		.where(eq(yjsSnapshots.docName, docName));
	return { rows: log?.rows ?? 0, bytes: Number(log?.bytes ?? 0), snapshotBytes: Number(snap?.bytes ?? 0) };
}
