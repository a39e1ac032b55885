import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type CallChanged, type ClientToServerEvents, type CustomerUnpaid, type ServerToClientEvents } from './events';

/**
 * Browser connection to the `/live` Socket.IO namespace (facts the server announces). The
 * session cookie authenticates it. Returns a function that closes the connection.
 */
export type LiveHandlers = {
	onCallChanged?: (payload: CallChanged) => void;
	onCustomerUnpaid?: (payload: CustomerUnpaid) => void;
	/** Connected again after a loss: announcements sent meanwhile were missed. */
	onReconnect?: () => void;
	onSessionEnded?: () => void;
	onStatus?: (connected: boolean) => void;
};

export function connectLive(handlers: LiveHandlers): () => void {
	const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(LIVE_NAMESPACE, { path: '/socket.io', withCredentials: true });
	let connectedBefore = false;
	socket.on('connect', () => {
		handlers.onStatus?.(true);
		if (connectedBefore) handlers.onReconnect?.();
		connectedBefore = true;
	});
	socket.on('disconnect', () => handlers.onStatus?.(false));
	socket.on('call:changed', (payload) => handlers.onCallChanged?.(payload));
	socket.on('customer:unpaid', (payload) => handlers.onCustomerUnpaid?.(payload));
	socket.on('session:ended', () => {
		socket.close();
		handlers.onSessionEnded?.();
	});
	return () => {
		socket.close();
	};
}
