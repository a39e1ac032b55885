import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { patchEntry, putEntry, removeEntry } from '$lib/realtime/board-doc';
import { addTouched, changedEntries, DirtyEntries, noEntryIds } from './board-touched';

const A1 = '00000000-0000-4000-8000-0000000000a1';
const A2 = '00000000-0000-4000-8000-0000000000a2';
const B1 = '00000000-0000-4000-8000-0000000000b1';
const fields = { callId: 'c', technicianId: 't', start: '2026-03-10T08:00:00+01:00', end: '2026-03-10T09:00:00+01:00', status: 'planned' as const };

/** A doc holding two assignments and a block, and a tracker past its first ('all') take. */
function tracked(): { doc: Y.Doc; dirty: DirtyEntries } {
	const doc = new Y.Doc();
	putEntry(doc, 'assignment', A1, fields);
	putEntry(doc, 'assignment', A2, fields);
	putEntry(doc, 'block', B1, { technicianId: 't', start: fields.start, end: fields.end, reason: 'holiday' });
	const dirty = new DirtyEntries(doc);
	expect(dirty.take()).toBe('all');
	return { doc, dirty };
}

const ids = (taken: ReturnType<DirtyEntries['take']>) => (taken === 'all' ? 'all' : { assignments: [...taken.assignments].sort(), blocks: [...taken.blocks].sort() });

describe('DirtyEntries', () => {
	it('reports nothing when nothing changed', () => {
		const { dirty } = tracked();
		expect(ids(dirty.take())).toEqual({ assignments: [], blocks: [] });
	});

	it('finds an entry from a change of one of its fields', () => {
		const { doc, dirty } = tracked();
		patchEntry(doc, 'assignment', A2, { end: '2026-03-10T10:00:00+01:00' });
		expect(ids(dirty.take())).toEqual({ assignments: [A2], blocks: [] });
		expect(ids(dirty.take())).toEqual({ assignments: [], blocks: [] });
	});

	it('finds entries added, replaced and removed, in either map', () => {
		const { doc, dirty } = tracked();
		const A3 = '00000000-0000-4000-8000-0000000000a3';
		doc.transact(() => {
			putEntry(doc, 'assignment', A3, fields);
			putEntry(doc, 'assignment', A1, { ...fields, status: 'confirmed' });
			removeEntry(doc, 'block', B1);
		});
		expect(ids(dirty.take())).toEqual({ assignments: [A1, A3], blocks: [B1] });
	});

	it('finds the entries of an update made elsewhere, and something nested deeper in an entry', () => {
		const { doc, dirty } = tracked();
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		other.transact(() => {
			patchEntry(other, 'block', B1, { reason: 'sick' });
			const nested = new Y.Map<unknown>();
			(other.getMap('assignments').get(A1) as Y.Map<unknown>).set('extra', nested);
		});
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
		expect(ids(dirty.take())).toEqual({ assignments: [A1], blocks: [B1] });
		// A change inside the nested map still names its entry.
		((other.getMap('assignments').get(A1) as Y.Map<unknown>).get('extra') as Y.Map<unknown>).set('deep', 1);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
		expect(ids(dirty.take())).toEqual({ assignments: [A1], blocks: [] });
	});

	it('ignores other shared types, keeps what it is told to and starts over after a reset', () => {
		const { doc, dirty } = tracked();
		doc.getMap('notes').set('x', 1);
		dirty.keep('assignments', A1);
		expect(ids(dirty.take())).toEqual({ assignments: [A1], blocks: [] });
		dirty.reset();
		expect(dirty.take()).toBe('all');
	});

	it('stops listening when destroyed', () => {
		const { doc, dirty } = tracked();
		dirty.destroy();
		patchEntry(doc, 'assignment', A1, { status: 'confirmed' });
		expect(ids(dirty.take())).toEqual({ assignments: [], blocks: [] });
	});
});

describe('changedEntries', () => {
	it('drops entries an edit rewrote with the values they had', () => {
		const { doc: before } = tracked();
		const after = new Y.Doc();
		Y.applyUpdate(after, Y.encodeStateAsUpdate(before));
		const touched = noEntryIds();
		after.on('afterTransaction', (t: Y.Transaction) => addTouched(t, after, touched));
		after.transact(() => {
			patchEntry(after, 'assignment', A1, { status: 'planned' });
			patchEntry(after, 'assignment', A2, { status: 'confirmed' });
		});
		expect([...touched.assignments].sort()).toEqual([A1, A2]);
		expect([...changedEntries(before, after, touched).assignments]).toEqual([A2]);
	});
});
