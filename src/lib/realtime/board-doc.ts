import * as Y from 'yjs';
import type { RawEntry, RawPlan } from '$lib/domain/board-projection';
import { BOARD_DOC_PATTERN } from './events';

/**
 * The day doc `board:YYYY-MM-DD` (see docs/realtime.md): two maps keyed by client-generated
 * UUIDs, each value a Y.Map of plain fields. Shared by the browser and the server.
 */
export const ASSIGNMENTS_MAP = 'assignments';
export const BLOCKS_MAP = 'blocks';

export type AssignmentFields = { callId: string; technicianId: string; start: string; end: string; status: 'planned' | 'confirmed'; note?: string };
export type BlockFields = { technicianId: string; start: string; end: string; reason: string };

export function boardDocName(day: string): string {
	return `board:${day}`;
}

export function dayOfBoardDoc(name: string): string | null {
	return BOARD_DOC_PATTERN.exec(name)?.[1] ?? null;
}

function rawEntry(value: unknown): RawEntry {
	if (value instanceof Y.Map) return value.toJSON() as RawEntry;
	if (value && typeof value === 'object' && !Array.isArray(value)) return { ...(value as RawEntry) };
	// Anything else (a string, a number) is an empty entry: projection reports it as malformed.
	return {};
}

function readMap(map: Y.Map<unknown>): Record<string, RawEntry> {
	const out: Record<string, RawEntry> = {};
	map.forEach((value, key) => (out[key] = rawEntry(value)));
	return out;
}

/** One entry as readRawPlan reads it, or undefined when the doc has no such key. */
export function readRawEntry(doc: Y.Doc, kind: keyof RawPlan, id: string): RawEntry | undefined {
	const map = doc.getMap(kind === 'assignments' ? ASSIGNMENTS_MAP : BLOCKS_MAP);
	return map.has(id) ? rawEntry(map.get(id)) : undefined;
}

export function readRawPlan(doc: Y.Doc): RawPlan {
	return { assignments: readMap(doc.getMap(ASSIGNMENTS_MAP)), blocks: readMap(doc.getMap(BLOCKS_MAP)) };
}

function toYMap(fields: Record<string, unknown>): Y.Map<unknown> {
	const entry = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) entry.set(k, v);
	return entry;
}

/** Creates or replaces a whole entry (one Yjs transaction when called inside doc.transact). */
export function putEntry(doc: Y.Doc, kind: 'assignment' | 'block', id: string, fields: AssignmentFields | BlockFields): void {
	doc.getMap(kind === 'assignment' ? ASSIGNMENTS_MAP : BLOCKS_MAP).set(id, toYMap(fields));
}

/** Changes some fields of an existing entry; concurrent edits of different fields both survive. */
export function patchEntry(doc: Y.Doc, kind: 'assignment' | 'block', id: string, fields: Partial<AssignmentFields & BlockFields>): boolean {
	const entry = doc.getMap(kind === 'assignment' ? ASSIGNMENTS_MAP : BLOCKS_MAP).get(id);
	if (!(entry instanceof Y.Map)) return false;
	for (const [k, v] of Object.entries(fields)) {
		if (v === undefined || v === null) entry.delete(k);
		else entry.set(k, v);
	}
	return true;
}

export function removeEntry(doc: Y.Doc, kind: 'assignment' | 'block', id: string): void {
	doc.getMap(kind === 'assignment' ? ASSIGNMENTS_MAP : BLOCKS_MAP).delete(id);
}
