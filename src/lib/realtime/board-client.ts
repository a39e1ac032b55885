import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RawPlan } from '$lib/domain/board-projection';
import { ASSIGNMENTS_MAP, BLOCKS_MAP, boardDocName, patchEntry, putEntry, readRawPlan, removeEntry, type AssignmentFields, type BlockFields } from './board-doc';

/**
 * Browser side of one board day doc: a Y.Doc synced with the server over y-websocket, the
 * user's presence in awareness, and an undo manager that only tracks this user's own edits
 * (every edit here is one transaction with `origin`). Create it in onMount; destroy it on leave.
 */
export type PresenceUser = { id: string; name: string; colour: string };
export type Dragging = { callId: string; technicianId: string; start: string; end?: string; assignmentId?: string };
export type Presence = { user: PresenceUser; selecting: string | null; dragging: Dragging | null };
export type Peer = Presence & { clientId: number };
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'ended';

export type BoardClientOptions = {
	/** Base URL of the page, e.g. location.origin. */
	origin: string;
	day: string;
	user: PresenceUser;
	onPlan: (plan: RawPlan) => void;
	onPeers?: (peers: Peer[]) => void;
	onStatus?: (status: ConnectionStatus, synced: boolean) => void;
};

/** Close code the server sends when the session ended: stop reconnecting, log in again. */
const SESSION_ENDED = 4001;

export class BoardClient {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly undoManager: Y.UndoManager;
	/** The origin of every transaction this user makes; the undo manager tracks only it. */
	readonly origin: { user: string };
	readonly day: string;
	private status: ConnectionStatus = 'connecting';
	private destroyed = false;

	constructor(private readonly options: BoardClientOptions) {
		this.day = options.day;
		this.origin = { user: options.user.id };
		const serverUrl = options.origin.replace(/^http/, 'ws') + '/yjs';
		this.provider = new WebsocketProvider(serverUrl, boardDocName(options.day), this.doc, {
			disableBc: true,
			shouldReconnect: (event: CloseEvent) => event.code !== SESSION_ENDED && !(event.code >= 4400 && event.code < 4500)
		} as ConstructorParameters<typeof WebsocketProvider>[3]);
		this.undoManager = new Y.UndoManager([this.doc.getMap(ASSIGNMENTS_MAP), this.doc.getMap(BLOCKS_MAP)], {
			trackedOrigins: new Set([this.origin]),
			captureTimeout: 0
		});
		this.doc.on('update', () => this.emitPlan());
		this.provider.awareness.setLocalState({ user: options.user, selecting: null, dragging: null } satisfies Presence);
		this.provider.awareness.on('change', () => this.emitPeers());
		this.provider.on('status', ({ status }: { status: 'connected' | 'connecting' | 'disconnected' }) => {
			if (this.status !== 'ended') this.setStatus(status);
		});
		this.provider.on('sync', () => this.options.onStatus?.(this.status, this.provider.synced));
		this.provider.on('connection-close', (event: CloseEvent | null) => {
			if (event?.code === SESSION_ENDED) {
				this.setStatus('ended');
				this.provider.disconnect();
			}
		});
		this.emitPlan();
	}

	private setStatus(status: ConnectionStatus) {
		this.status = status;
		this.options.onStatus?.(status, this.provider.synced);
	}

	private emitPlan() {
		if (!this.destroyed) this.options.onPlan(readRawPlan(this.doc));
	}

	private emitPeers() {
		if (!this.destroyed) this.options.onPeers?.(this.peers());
	}

	get synced(): boolean {
		return this.provider.synced;
	}

	/** Everyone else's presence on this day (other tabs of the same user included). */
	peers(): Peer[] {
		const out: Peer[] = [];
		this.provider.awareness.getStates().forEach((state, clientId) => {
			if (clientId === this.doc.clientID) return;
			const s = state as Partial<Presence>;
			if (s.user && typeof s.user.id === 'string') out.push({ clientId, user: s.user, selecting: s.selecting ?? null, dragging: s.dragging ?? null });
		});
		return out.sort((a, b) => a.clientId - b.clientId);
	}

	setSelecting(id: string | null) {
		if (this.provider.awareness.getLocalState()?.selecting !== id) this.provider.awareness.setLocalStateField('selecting', id);
	}

	setDragging(dragging: Dragging | null) {
		const current = this.provider.awareness.getLocalState()?.dragging ?? null;
		if (JSON.stringify(current) !== JSON.stringify(dragging)) this.provider.awareness.setLocalStateField('dragging', dragging);
	}

	/** One Yjs transaction with this user's origin (one undo step). */
	transact(fn: (doc: Y.Doc) => void) {
		this.doc.transact(() => fn(this.doc), this.origin);
	}

	assign(fields: AssignmentFields, id: string = crypto.randomUUID()): string {
		this.transact((doc) => putEntry(doc, 'assignment', id, fields));
		return id;
	}

	patchAssignment(id: string, fields: Partial<AssignmentFields>) {
		this.transact((doc) => patchEntry(doc, 'assignment', id, fields));
	}

	unassign(id: string) {
		this.transact((doc) => removeEntry(doc, 'assignment', id));
	}

	addBlock(fields: BlockFields, id: string = crypto.randomUUID()): string {
		this.transact((doc) => putEntry(doc, 'block', id, fields));
		return id;
	}

	removeBlock(id: string) {
		this.transact((doc) => removeEntry(doc, 'block', id));
	}

	undo() {
		this.undoManager.undo();
	}

	redo() {
		this.undoManager.redo();
	}

	destroy() {
		this.destroyed = true;
		this.undoManager.destroy();
		this.provider.awareness.setLocalState(null);
		this.provider.destroy();
		this.doc.destroy();
	}
}
