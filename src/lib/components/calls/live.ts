import { LIVE_NAMESPACE, type CallChanged, type ClientToServerEvents, type CustomerUnpaid, type ServerToClientEvents } from '$lib/realtime/events';

/**
 * Listens to `call:changed` on Socket.IO `/live` (no polling) and calls `onChange` for each.
 * Call from onMount (browser only); the returned function disconnects. Bursts are coalesced:
 * `onChange` sees the last accepted payload of changes arriving within `settleMs`, or null after
 * a reconnection (changes may have been missed while offline: refresh everything). `onUnpaid`
 * hears customers' unpaid flags change (see unpaid-flags.ts); `onReconnect` is told after a
 * reconnection, when announcements may have been missed.
 */
export function watchCalls(
	onChange: (payload: CallChanged | null) => void,
	options: { accept?: (payload: CallChanged) => boolean; settleMs?: number; onConnection?: (connected: boolean) => void; onUnpaid?: (change: CustomerUnpaid) => void; onReconnect?: () => void } = {}
): () => void {
	const { accept = () => true, settleMs = 150, onConnection = () => {}, onUnpaid = () => {}, onReconnect = () => {} } = options;
	let closed = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let disconnect = () => {};
	void import('socket.io-client').then(({ io }) => {
		if (closed) return;
		const socket = io(LIVE_NAMESPACE, { path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] }) as import('socket.io-client').Socket<
			ServerToClientEvents,
			ClientToServerEvents
		>;
		let connectedBefore = false;
		socket.on('connect', () => {
			onConnection(true);
			if (connectedBefore) {
				onChange(null);
				onReconnect();
			}
			connectedBefore = true;
		});
		socket.on('disconnect', () => onConnection(false));
		socket.on('customer:unpaid', onUnpaid);
		socket.on('call:changed', (payload) => {
			if (!accept(payload)) return;
			clearTimeout(timer);
			timer = setTimeout(() => onChange(payload), settleMs);
		});
		disconnect = () => {
			socket.disconnect();
			onConnection(false);
		};
	});
	return () => {
		closed = true;
		clearTimeout(timer);
		disconnect();
	};
}
