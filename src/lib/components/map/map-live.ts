import type { Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents, type TechnicianPosition } from '$lib/realtime/events';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended';

export type MapLiveHandlers = {
	/** A call changed (status, or only its plan): refetch it. */
	onCall: (callId: string) => void;
	onPosition: (position: TechnicianPosition) => void;
	/** After a reconnection: changes may have been missed, fetch everything again. */
	onResync: () => void;
	onState: (state: LiveState) => void;
};

/**
 * The map's Socket.IO connection: calls changing, technicians moving. A wall screen passes its
 * token (no cookie); a session cookie does for office users. Reconnects by itself forever
 * (network loss, server restarts), with backoff up to 10 s; the server ending the session or
 * revoking the screen is final. Call from onMount; the returned function disconnects.
 */
export function connectMapLive(handlers: MapLiveHandlers, options: { wallToken?: string } = {}): () => void {
	let closed = false;
	let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
	handlers.onState('connecting');
	void import('socket.io-client').then(({ io }) => {
		if (closed) return;
		socket = io(LIVE_NAMESPACE, {
			path: '/socket.io',
			withCredentials: true,
			transports: ['websocket', 'polling'],
			query: options.wallToken ? { wall: options.wallToken } : undefined,
			reconnectionDelay: 500,
			reconnectionDelayMax: 10_000
		});
		let connectedBefore = false;
		socket.on('connect', () => {
			handlers.onState('live');
			if (connectedBefore) handlers.onResync();
			connectedBefore = true;
		});
		socket.on('disconnect', (reason) => {
			if (closed) return;
			handlers.onState('reconnecting');
			// A server-side disconnect is not retried by Socket.IO; a restart looks the same, so retry.
			if (reason === 'io server disconnect') setTimeout(() => socket?.connect(), 1000);
		});
		socket.on('connect_error', () => {
			if (!closed) handlers.onState(connectedBefore ? 'reconnecting' : 'connecting');
		});
		socket.on('session:ended', () => {
			closed = true;
			socket?.close();
			handlers.onState('ended');
		});
		socket.on('call:changed', (change) => handlers.onCall(change.id));
		socket.on('call:planned', ({ ids }) => ids.forEach((id) => handlers.onCall(id)));
		socket.on('technician:position', (position) => handlers.onPosition(position));
	});
	return () => {
		closed = true;
		socket?.close();
	};
}
