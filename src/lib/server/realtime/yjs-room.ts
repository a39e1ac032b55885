import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { logger } from '../logger';

// y-websocket message types.
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

export type RoomConnection = {
	ws: WebSocket;
	userId: string;
	sessionId: string;
	readOnly: boolean;
	awarenessIds: Set<number>;
	/** Set when the client sends an edit; the session sweep reads and clears it. */
	editedSinceSweep: boolean;
};

/** What storing an update may ask for: a server change that reverts entries breaking hard rules. */
export type StoreResult = { revert?: (doc: Y.Doc) => void };

export type RoomStore = {
	load(docName: string): Promise<Uint8Array[]>;
	/**
	 * Stores updates (one or more, accepted in this order) in one transaction; `doc` is the room's
	 * doc with them applied (for projections).
	 */
	append(docName: string, updates: Array<{ update: Uint8Array; userId: string | null }>, doc: Y.Doc): Promise<StoreResult | void>;
	/** After an update another process stored was applied here. */
	afterRemote?(docName: string, doc: Y.Doc): Promise<void>;
	/** The room was unloaded. */
	forget?(docName: string): void;
	/**
	 * A server-side edit: `doc` is a copy of `before` (the room's doc) with the edit applied by
	 * `transactions`. Stores and projects it all or nothing and returns true; returns false when
	 * it changed nothing (nothing is stored) and throws (e.g. BoardEditRefused) to refuse. Unless
	 * it returned true, the room never applies the edit.
	 */
	commitEdit?(docName: string, update: Uint8Array, userId: string | null, doc: Y.Doc, transactions: readonly Y.Transaction[], before: Y.Doc): Promise<boolean>;
};

/** Tells the other web processes about accepted updates and awareness changes. */
export type RoomFanout = {
	publishUpdate(docName: string, update: Uint8Array): void;
	publishAwareness(docName: string, update: Uint8Array): void;
};

export const NO_FANOUT: RoomFanout = { publishUpdate() {}, publishAwareness() {} };

/** Origin of changes that another web process accepted (and stored): apply and show, never store again. */
export const REMOTE_ORIGIN = 'remote';
/** Origin of the server's own reverting changes, captured and sent together with what they revert. */
export const SERVER_ORIGIN = 'server';
/** Origin of a server-side edit (editBoardDay) already stored by the time the room applies it. */
export const SERVICE_ORIGIN = 'service';

/**
 * A batch whose first edit waited longer than this, from arrival to broadcast, is logged with where
 * the time went (queued behind the previous batch, storing, sending): the realtime target is an
 * edit reaching every other dispatcher within 100 ms.
 */
export const SLOW_BATCH_MS = 100;

/**
 * One shared document held by the server, which is a full Yjs peer. Every accepted update is
 * written to the store before any other client sees it: the `chain` serialises "persist, then
 * broadcast" so a crash can only lose an edit nobody else has seen.
 */
export class YjsRoom {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly connections = new Map<WebSocket, RoomConnection>();
	private chain: Promise<void> = Promise.resolve();
	private failed = false;
	/** Client updates waiting for the next store step (null when none is queued). */
	private batch: Array<{ update: Uint8Array; conn: RoomConnection | null }> | null = null;
	/** Updates from other processes waiting for one re-projection and broadcast. */
	private remoteBatch: Uint8Array[] | null = null;

	constructor(
		readonly name: string,
		private readonly store: RoomStore,
		private readonly onBroken: (room: YjsRoom) => void,
		private readonly fanout: RoomFanout = NO_FANOUT
	) {
		this.awareness.setLocalState(null);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
		this.awareness.on('update', this.onAwarenessUpdate);
	}

	async load(): Promise<void> {
		const updates = await this.store.load(this.name);
		Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u)), 'load');
	}

	/** Runs work after everything queued before it, so replies never overtake unpersisted edits. */
	enqueue(work: () => Promise<void> | void): Promise<void> {
		this.chain = this.chain.then(work).catch((error) => this.fail(error));
		return this.chain;
	}

	whenIdle(): Promise<void> {
		return this.chain;
	}

	/** An update another web process accepted and stored. */
	applyRemoteUpdate(update: Uint8Array): void {
		Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
	}

	applyRemoteAwareness(update: Uint8Array): void {
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
	}

	private onDocUpdate(update: Uint8Array, origin: unknown): void {
		if (origin === 'load' || origin === SERVER_ORIGIN || origin === SERVICE_ORIGIN) return;
		const conn = origin && typeof origin === 'object' && 'ws' in origin ? (origin as RoomConnection) : null;
		if (origin === REMOTE_ORIGIN) {
			if (this.remoteBatch) return void this.remoteBatch.push(update);
			const batch = (this.remoteBatch = [update]);
			this.enqueue(async () => {
				this.remoteBatch = null;
				if (this.failed) return;
				await this.store.afterRemote?.(this.name, this.doc);
				const message = encodeUpdate(batch.length === 1 ? batch[0] : Y.mergeUpdates(batch));
				for (const c of this.connections.values()) send(c.ws, message);
			});
			return;
		}
		// Updates that arrive while earlier ones are being stored wait together and are stored in
		// one transaction: under load the room keeps up by storing bigger batches, not more of them.
		if (this.batch) return void this.batch.push({ update, conn });
		const batch = (this.batch = [{ update, conn }]);
		const arrived = performance.now();
		this.enqueue(async () => {
			this.batch = null;
			// A failed room is discarded: its clients resync with a fresh one, which stores their edits.
			if (!this.failed) await this.storeAndBroadcast(batch, arrived);
		});
	}

	private async storeAndBroadcast(batch: Array<{ update: Uint8Array; conn: RoomConnection | null }>, arrived: number): Promise<void> {
		const started = performance.now();
		const result = await this.store.append(
			this.name,
			batch.map((b) => ({ update: b.update, userId: b.conn?.userId ?? null })),
			this.doc
		);
		const revert = result?.revert ? this.captureServerChange(result.revert) : null;
		if (revert) await this.store.append(this.name, [{ update: revert, userId: null }], this.doc);
		const stored = performance.now();
		// Everyone gets the edits they do not have and the revert as ONE update, so nobody sees the
		// invalid state; a sender is not sent its own edit back.
		const all = [...batch.map((b) => b.update), ...(revert ? [revert] : [])];
		const outgoing = all.length === 1 ? all[0] : Y.mergeUpdates(all);
		const toEveryone = encodeUpdate(outgoing);
		const senders = new Set(batch.map((b) => b.conn).filter((c): c is RoomConnection => c !== null));
		for (const c of this.connections.values()) {
			if (!senders.has(c)) {
				send(c.ws, toEveryone);
				continue;
			}
			const missing = [...batch.filter((b) => b.conn !== c).map((b) => b.update), ...(revert ? [revert] : [])];
			if (missing.length > 0) send(c.ws, encodeUpdate(missing.length === 1 ? missing[0] : Y.mergeUpdates(missing)));
		}
		this.fanout.publishUpdate(this.name, outgoing);
		const sent = performance.now();
		if (sent - arrived > SLOW_BATCH_MS) {
			const ms = (v: number) => Math.round(v * 10) / 10;
			logger().warn(
				{ doc: this.name, updates: batch.length, reverted: revert !== null, queuedMs: ms(started - arrived), storeMs: ms(stored - started), sendMs: ms(sent - stored) },
				'slow Yjs batch: an edit took longer than the realtime target to reach the other clients'
			);
		}
	}

	/**
	 * A server-side edit, run on the room's chain like a client's: it is tried on a copy of the
	 * doc, stored and projected (or refused, changing nothing), and only then applied here,
	 * broadcast to every connection and fanned out to the other processes.
	 */
	runServiceEdit(edit: (doc: Y.Doc) => void, userId: string | null): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			void this.enqueue(async () => {
				if (this.failed) return reject(new Error(`room ${this.name} was closed; retry the edit`));
				const copy = new Y.Doc({ gc: true });
				try {
					Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
					let update: Uint8Array | null = null;
					const transactions: Y.Transaction[] = [];
					const listen = (u: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
						update = update ? Y.mergeUpdates([update, u]) : u;
						transactions.push(transaction);
					};
					copy.on('update', listen);
					copy.transact(() => edit(copy), SERVICE_ORIGIN);
					copy.off('update', listen);
					if (!update) return resolve();
					if (!this.store.commitEdit) throw new Error('this room store does not take server-side edits');
					if (!(await this.store.commitEdit(this.name, update, userId, copy, transactions, this.doc))) return resolve();
					Y.applyUpdate(this.doc, update, SERVICE_ORIGIN);
					const message = encodeUpdate(update);
					for (const c of this.connections.values()) send(c.ws, message);
					this.fanout.publishUpdate(this.name, update);
					resolve();
				} catch (error) {
					// Nothing reached the room's doc, so the room stays healthy; only the caller hears of it.
					reject(error);
				} finally {
					copy.destroy();
				}
			});
		});
	}

	/** Applies a server change to the doc and returns its encoded update (null if it changed nothing). */
	private captureServerChange(change: (doc: Y.Doc) => void): Uint8Array | null {
		let captured: Uint8Array | null = null;
		const listen = (u: Uint8Array, origin: unknown) => {
			if (origin === SERVER_ORIGIN) captured = captured ? Y.mergeUpdates([captured, u]) : u;
		};
		this.doc.on('update', listen);
		try {
			this.doc.transact(() => change(this.doc), SERVER_ORIGIN);
		} finally {
			this.doc.off('update', listen);
		}
		return captured;
	}

	private onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		const conn = origin && typeof origin === 'object' && 'ws' in origin ? (origin as RoomConnection) : null;
		if (conn) {
			added.forEach((id) => conn.awarenessIds.add(id));
			removed.forEach((id) => conn.awarenessIds.delete(id));
		}
		const changed = added.concat(updated, removed);
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(encoder, update);
		const message = encoding.toUint8Array(encoder);
		for (const c of this.connections.values()) send(c.ws, message);
		if (origin !== REMOTE_ORIGIN) this.fanout.publishAwareness(this.name, update);
	};

	join(conn: RoomConnection): void {
		this.connections.set(conn.ws, conn);
		// Start the sync: our state vector, so the client answers with what we are missing.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, this.doc);
		const step1 = encoding.toUint8Array(encoder);
		this.enqueue(() => send(conn.ws, step1));
		const states = Array.from(this.awareness.getStates().keys());
		if (states.length > 0) {
			const aw = encoding.createEncoder();
			encoding.writeVarUint(aw, MESSAGE_AWARENESS);
			encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(this.awareness, states));
			send(conn.ws, encoding.toUint8Array(aw));
		}
	}

	leave(ws: WebSocket): void {
		const conn = this.connections.get(ws);
		if (!conn) return;
		this.connections.delete(ws);
		awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(conn.awarenessIds), null);
	}

	handleMessage(conn: RoomConnection, data: Uint8Array): void {
		const decoder = decoding.createDecoder(data);
		const encoder = encoding.createEncoder();
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE_SYNC: {
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				const syncType = decoding.readVarUint(decoder);
				if (syncType === syncProtocol.messageYjsSyncStep1) {
					syncProtocol.readSyncStep1(decoder, encoder, this.doc);
				} else if (conn.readOnly) {
					// Supervisors and wall screens read only: their updates are dropped, never applied.
					logger().warn({ doc: this.name, userId: conn.userId }, 'dropped a write from a read-only Yjs connection');
					return;
				} else if (syncType === syncProtocol.messageYjsSyncStep2) {
					syncProtocol.readSyncStep2(decoder, this.doc, conn);
				} else if (syncType === syncProtocol.messageYjsUpdate) {
					conn.editedSinceSweep = true;
					syncProtocol.readUpdate(decoder, this.doc, conn);
				} else {
					throw new Error(`unknown sync message type ${syncType}`);
				}
				if (encoding.length(encoder) > 1) {
					const reply = encoding.toUint8Array(encoder);
					this.enqueue(() => send(conn.ws, reply));
				}
				return;
			}
			case MESSAGE_AWARENESS:
				awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), conn);
				return;
			case MESSAGE_QUERY_AWARENESS: {
				encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
				encoding.writeVarUint8Array(
					encoder,
					awarenessProtocol.encodeAwarenessUpdate(this.awareness, Array.from(this.awareness.getStates().keys()))
				);
				send(conn.ws, encoding.toUint8Array(encoder));
				return;
			}
			default:
				throw new Error(`unknown message type ${type}`);
		}
	}

	private fail(error: unknown): void {
		if (this.failed) return;
		this.failed = true;
		logger().error({ err: error, doc: this.name }, 'Yjs room failed to persist; closing it so clients resync');
		for (const c of this.connections.values()) c.ws.close(1011, 'persistence failed');
		this.onBroken(this);
	}

	destroy(): void {
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		this.doc.destroy();
	}
}

function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

function send(ws: WebSocket, message: Uint8Array): void {
	if (ws.readyState !== ws.OPEN) return;
	ws.send(message, (error) => {
		if (error) ws.close();
	});
}
