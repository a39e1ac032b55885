import { Redis } from 'ioredis';
import { config } from './config';

type Slot = { client?: Redis };
const holder = globalThis as unknown as { __quadroRedis?: Slot };

export function createRedis(name: string): Redis {
	// BullMQ workers need maxRetriesPerRequest null; other clients are fine with it too.
	return new Redis(config().REDIS_URL, { maxRetriesPerRequest: null, connectionName: `quadro-${name}` });
}

/** The shared command connection (rate limits, health). Pub/sub and BullMQ make their own. */
export function redis(): Redis {
	holder.__quadroRedis ??= {};
	holder.__quadroRedis.client ??= createRedis('main');
	return holder.__quadroRedis.client;
}

export function redisKey(...parts: string[]): string {
	return [config().REDIS_PREFIX, ...parts].join(':');
}

export async function closeRedis(): Promise<void> {
	const client = holder.__quadroRedis?.client;
	if (holder.__quadroRedis) holder.__quadroRedis.client = undefined;
	if (client) await client.quit().catch(() => client.disconnect());
}
