import { randomBytes } from 'node:crypto';
import type * as Y from 'yjs';
import { boardDocName } from '$lib/realtime/board-doc';
import { editStoredDay } from '../dispatch/board-store';
import { logger } from '../logger';
import { redis, redisKey } from '../redis';
import { encodeFanoutMessage, KIND_UPDATE } from './yjs-fanout';
import { localRoom } from './local-rooms';

export { BoardEditRefused } from './board-edit-refused';

const PUBLISH_WAIT_MS = 2000;

/** Identifies this process's direct publishes, distinct from its RedisFanout's id so its own rooms receive them. */
const PUBLISHER_ID = randomBytes(8);

/**
 * A server-authoritative change to a day's board (docs/realtime.md, "Server-side edits"). The
 * edit goes through the same chain as a dispatcher's: stored, projected (call statuses follow),
 * checked against the hard rules, then broadcast to every client of every web process. Unlike a
 * dispatcher's edit it is all or nothing: if a hard rule refuses any entry it touched, nothing is
 * stored or broadcast, the refusal is audited, and BoardEditRefused is thrown.
 *
 * - The day's room is open in this process: the edit runs on the room's serial chain.
 * - Otherwise (no room here, or only in another process, or this is a worker): the doc is loaded
 *   from PostgreSQL under the doc lock, edited, stored and projected in one transaction, and the
 *   update is published on the Yjs fan-out channel, where every process holding the room applies it.
 *
 * Call from services only. `edit` must be synchronous and only touch the doc it is given.
 */
export async function editBoardDay(day: string, edit: (doc: Y.Doc) => void, byUserId: string | null): Promise<void> {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`editBoardDay: bad day ${day}`);
	const docName = boardDocName(day);
	const room = localRoom(docName);
	if (room) {
		await room.runServiceEdit(edit, byUserId);
		return;
	}
	const update = await editStoredDay(docName, edit, byUserId);
	if (!update) return;
	// Stored already: a lost publish only delays others until they reload; never fail the caller for
	// it, nor hold it: with Redis away the client queues commands without end, so wait 2 s at most.
	const published = redis()
		.publish(redisKey('yjs') + ':' + docName, encodeFanoutMessage(PUBLISHER_ID, KIND_UPDATE, update))
		.catch((error) => logger().warn({ err: error, doc: docName }, 'Yjs fan-out publish of a server-side edit failed'));
	let timer: ReturnType<typeof setTimeout> | undefined;
	const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, PUBLISH_WAIT_MS)));
	await Promise.race([published, gaveUp]);
	clearTimeout(timer);
}
