import type { YjsRoom } from './yjs-room';

type RoomHolder = { loadedRoom(docName: string): YjsRoom | undefined };

// The SvelteKit bundle (services) and the custom server bundle (which owns the Yjs endpoint) each
// import their own copy of this module; the holder lives on globalThis so both see the same one.
const slot = globalThis as unknown as { __quadroYjsRooms?: RoomHolder };

/** Called by attachRealtime: services in this process can reach the rooms it holds. */
export function registerLocalRooms(holder: RoomHolder | undefined): void {
	slot.__quadroYjsRooms = holder;
}

/** The room for a doc if this process holds it loaded (not while it is still loading). */
export function localRoom(docName: string): YjsRoom | undefined {
	return slot.__quadroYjsRooms?.loadedRoom(docName);
}
