import type { Redis } from 'ioredis';
import { config } from '../config';
import { ThrottledError } from '../errors';
import { redis, redisKey } from '../redis';

/**
 * Login throttling with fixed windows in Redis, per account and per client IP. Counting only
 * failures means a legitimate user who types the password right is never slowed down, and
 * counting per account as well as per IP stops a botnet from spreading guesses over many IPs.
 */
export type ThrottleLimits = { perAccount: number; perIp: number; windowSeconds: number };

export function defaultLimits(): ThrottleLimits {
	const c = config();
	return { perAccount: c.LOGIN_MAX_FAILURES_PER_ACCOUNT, perIp: c.LOGIN_MAX_FAILURES_PER_IP, windowSeconds: c.LOGIN_WINDOW_SECONDS };
}

function keys(email: string, ip: string | null) {
	return {
		account: redisKey('login-failures', 'account', email.toLowerCase()),
		ip: ip ? redisKey('login-failures', 'ip', ip) : null
	};
}

async function retryAfter(client: Redis, key: string, windowSeconds: number): Promise<number> {
	const ttl = await client.ttl(key);
	return ttl > 0 ? ttl : windowSeconds;
}

/** Throws ThrottledError when either counter is at its limit. */
export async function assertLoginAllowed(email: string, ip: string | null, limits = defaultLimits(), client = redis()): Promise<void> {
	const k = keys(email, ip);
	const [accountCount, ipCount] = await Promise.all([client.get(k.account), k.ip ? client.get(k.ip) : Promise.resolve(null)]);
	if (Number(accountCount ?? 0) >= limits.perAccount) throw new ThrottledError(await retryAfter(client, k.account, limits.windowSeconds));
	if (k.ip && Number(ipCount ?? 0) >= limits.perIp) throw new ThrottledError(await retryAfter(client, k.ip, limits.windowSeconds));
}

export async function recordLoginFailure(email: string, ip: string | null, limits = defaultLimits(), client = redis()): Promise<void> {
	const k = keys(email, ip);
	const multi = client.multi().incr(k.account).expire(k.account, limits.windowSeconds, 'NX');
	if (k.ip) multi.incr(k.ip).expire(k.ip, limits.windowSeconds, 'NX');
	await multi.exec();
}

export async function clearAccountFailures(email: string, client = redis()): Promise<void> {
	await client.del(keys(email, null).account);
}
