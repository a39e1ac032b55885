import { reportOwnPosition } from '../positions/positions.service';
import { onEvent, type LiveSocket } from './live-server';

/**
 * Contract 2: 'position:report' from the technician app. The event is open to every live
 * connection so that a refusal still answers the ack; the service asks the permission table
 * for positions.report and ties the fix to the socket's own technician.
 */
export function registerPositionEvents(socket: LiveSocket): void {
	onEvent(socket, 'position:report', 'live.connect', async (payload, ack) => {
		const result = await reportOwnPosition(socket.data.user, payload);
		if (typeof ack === 'function') ack(result);
	});
}
