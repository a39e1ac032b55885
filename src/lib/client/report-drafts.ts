import type { ReportDraft } from '$lib/components/field/report/report-form';
import { objectStore } from './idb';

/**
 * The intervention report being written, kept on the phone per call (IndexedDB, like the outbox,
 * in a database of its own so neither has to migrate the other's). The form saves it as the
 * technician types (signatures and photos included) and restores it when the page opens again
 * after a reload, a crash or a refusal; it is cleared only once the server has accepted the
 * report. Plain IndexedDB, as the outbox: no library.
 */
export type StoredDraft = {
	callId: string;
	/** Whether the draft was written as a correction of a signed report. */
	correction: boolean;
	/** The technician typed their own labour minutes (otherwise they follow the times). */
	labourTouched: boolean;
	draft: ReportDraft;
	/** Device time of the last save (ISO). */
	savedAt: string;
};

/** A draft nobody touched for this long belongs to a job long gone. */
const MAX_AGE_MS = 60 * 86_400_000;

const available = () => typeof indexedDB !== 'undefined';

const withStore = objectStore({ database: 'quadro-report-drafts', version: 1, store: 'drafts', keyPath: 'callId' });

/** The saved draft of a call, or null. */
export async function loadDraft(callId: string): Promise<StoredDraft | null> {
	if (!available()) return null;
	const found = (await withStore<StoredDraft | undefined>('readonly', (s) => s.get(callId) as IDBRequest<StoredDraft | undefined>)) ?? null;
	if (found && Date.now() - Date.parse(found.savedAt) > MAX_AGE_MS) {
		await clearDraft(callId);
		return null;
	}
	return found;
}

/** Saves (replaces) the draft of a call. `draft` must be a plain object, not a reactive proxy. */
export async function saveDraft(record: Omit<StoredDraft, 'savedAt'>): Promise<void> {
	if (!available()) return;
	const stored: StoredDraft = { ...record, savedAt: new Date().toISOString() };
	await withStore('readwrite', (s) => void s.put(stored));
}

/** Forgets the draft of a call (the server accepted its report). */
export async function clearDraft(callId: string): Promise<void> {
	if (!available()) return;
	await withStore('readwrite', (s) => void s.delete(callId));
}

/** The call a report request of the outbox is for (POST /api/calls/:id/reports), or null. */
export function reportCallOf(url: string): string | null {
	return /^\/api\/calls\/([^/]+)\/reports$/.exec(url)?.[1] ?? null;
}
