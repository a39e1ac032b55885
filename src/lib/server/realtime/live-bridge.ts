import { logger } from '../logger';
import { redis, redisKey } from '../redis';

/**
 * Sessions end in whichever process served the logout, but sockets may be open on any web
 * process; a Redis channel tells them all to drop that user's sockets.
 */
export function sessionsEndedChannel(): string {
	return redisKey('sessions-ended');
}

export function announceSessionsEnded(userId: string): void {
	redis()
		.publish(sessionsEndedChannel(), userId)
		.catch((error) => logger().warn({ err: error, userId }, 'could not announce ended sessions'));
}
