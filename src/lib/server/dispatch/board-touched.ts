import * as Y from 'yjs';
import { ASSIGNMENTS_MAP, BLOCKS_MAP, readRawEntry } from '$lib/realtime/board-doc';

/** Entry ids of a day doc, per map. */
export type EntryIds = { assignments: Set<string>; blocks: Set<string> };

export function noEntryIds(): EntryIds {
	return { assignments: new Set(), blocks: new Set() };
}

export function entryCount(ids: EntryIds): number {
	return ids.assignments.size + ids.blocks.size;
}

/**
 * Adds the entries a Yjs transaction changed to `into`: keys set or deleted in the two maps, and
 * entries whose own fields changed (found by walking up from the changed type to its key in a
 * map). Yjs lists every changed type in `transaction.changed`, local or remote alike, so this is
 * exact without decoding updates or comparing the whole doc.
 */
export function addTouched(transaction: Y.Transaction, doc: Y.Doc, into: EntryIds): void {
	// Yjs types the keys of `changed` with YEvent<any>.
	type AnyType = Y.AbstractType<Y.YEvent<any>>;
	const assignments: unknown = doc.getMap(ASSIGNMENTS_MAP);
	const blocks: unknown = doc.getMap(BLOCKS_MAP);
	const setOf = (map: unknown) => (map === assignments ? into.assignments : map === blocks ? into.blocks : null);
	for (const [type, keys] of transaction.changed) {
		const direct = setOf(type);
		if (direct) {
			for (const key of keys) if (key !== null) direct.add(key);
			continue;
		}
		// A field of an entry (or something nested deeper in it): the entry is the ancestor whose parent is a map.
		let t: AnyType = type;
		while (t._item) {
			const parent: unknown = t._item.parent;
			const set = setOf(parent);
			if (set) {
				if (t._item.parentSub !== null) set.add(t._item.parentSub);
				break;
			}
			if (!(parent instanceof Y.AbstractType)) break;
			t = parent as AnyType;
		}
	}
}

/**
 * Of the entries a transaction touched, those whose content differs between two docs (the doc
 * before an edit and a copy after it): an edit that writes the values an entry already has
 * changes nothing and is not stored.
 */
export function changedEntries(before: Y.Doc, after: Y.Doc, touched: EntryIds): EntryIds {
	const out = noEntryIds();
	for (const kind of ['assignments', 'blocks'] as const) {
		for (const id of touched[kind]) {
			if (JSON.stringify(readRawEntry(before, kind, id)) !== JSON.stringify(readRawEntry(after, kind, id))) out[kind].add(id);
		}
	}
	return out;
}

/**
 * Per room doc, the entries changed since they were last projected. A fresh tracker (a room just
 * loaded) reports "all", so the first projection compares every entry with the stored rows and
 * puts right any that drifted; after that each projection only looks at what changed.
 */
export class DirtyEntries {
	private all = true;
	private ids = noEntryIds();
	private readonly listener = (transaction: Y.Transaction) => {
		if (!this.all) addTouched(transaction, this.doc, this.ids);
	};

	constructor(readonly doc: Y.Doc) {
		doc.on('afterTransaction', this.listener);
	}

	/** The entries to project now ('all' the first time), and a fresh set for later changes. */
	take(): EntryIds | 'all' {
		if (this.all) {
			this.all = false;
			return 'all';
		}
		const ids = this.ids;
		this.ids = noEntryIds();
		return ids;
	}

	/** Entries a projection could not settle (hard-rule violations) stay to be looked at again. */
	keep(kind: 'assignments' | 'blocks', id: string): void {
		this.ids[kind].add(id);
	}

	/** Something went wrong after take(): the next projection looks at every entry again. */
	reset(): void {
		this.all = true;
		this.ids = noEntryIds();
	}

	destroy(): void {
		this.doc.off('afterTransaction', this.listener);
	}
}
