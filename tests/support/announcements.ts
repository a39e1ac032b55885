import { announcementsChannel, parseAnnouncement, type Announcement } from '../../src/lib/server/realtime/announce';
import { createRedis } from '../../src/lib/server/redis';

/**
 * The announcements of `event` the server publishes (on the Redis channel every web process
 * relays to its sockets) while `run` runs, and for `settleMs` after.
 */
export async function heardDuring(event: string, run: () => Promise<unknown>, settleMs = 300): Promise<Announcement[]> {
	const sub = createRedis('test-sub');
	const heard: Announcement[] = [];
	await sub.subscribe(announcementsChannel());
	sub.on('message', (_channel, raw) => {
		const a = parseAnnouncement(raw);
		if (a?.event === event) heard.push(a);
	});
	try {
		await run();
		await new Promise((r) => setTimeout(r, settleMs));
		return heard;
	} finally {
		await sub.quit();
	}
}
