import type { ServerToClientEvents } from '$lib/realtime/events';
import { logger } from '../logger';
import { redis, redisKey } from '../redis';

/**
 * Server-announced facts (Socket.IO), published after the transaction that made them commits.
 * Services may run in any process (web or worker), so the announcement goes through Redis and
 * every web process emits it to its own sockets in the named rooms.
 */
export type Announcement = { rooms: string[]; event: keyof ServerToClientEvents; payload: unknown };

export function announcementsChannel(): string {
	return redisKey('live-announcements');
}

export function announce<E extends keyof ServerToClientEvents>(rooms: string[], event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
	const message: Announcement = { rooms, event, payload };
	redis()
		.publish(announcementsChannel(), JSON.stringify(message))
		.catch((error) => logger().warn({ err: error, event }, 'could not announce'));
}

export function parseAnnouncement(raw: string): Announcement | null {
	try {
		const value = JSON.parse(raw) as Announcement;
		if (Array.isArray(value?.rooms) && typeof value.event === 'string') return value;
	} catch {
		/* ignore */
	}
	return null;
}
