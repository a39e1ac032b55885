import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { z } from 'zod';
import { API_KEY_SCOPES, type ApiKeyScope } from '$lib/domain/permissions';
import { db } from '../db/client';
import { NotFoundError, ThrottledError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { redis, redisKey } from '../redis';
import { authorize, type Actor } from './actor';
import { audit } from './audit.service';
import * as queries from './api-keys.queries';

const KEY_PREFIX = 'qk_';
/** Requests per key per minute; a collector sending one reading per device per hour is far below. */
export const API_KEY_RATE_PER_MINUTE = 600;

export type ApiKeyPrincipal = { id: string; name: string; scopes: ApiKeyScope[] };

function hashKey(key: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(key)));
}

const createInput = z.object({
	name: z.string().trim().min(1, 'required').max(120),
	scopes: z.array(z.enum(API_KEY_SCOPES, { message: 'unknown scope' })).min(1, 'at least one scope')
});

/** Creates a key and returns it once; only its hash is kept. */
export async function createApiKey(actor: Actor, input: unknown, ip: string | null = null) {
	authorize(actor, 'integrations.manage');
	const parsed = createInput.safeParse(input);
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	const bytes = new Uint8Array(24);
	crypto.getRandomValues(bytes);
	const key = KEY_PREFIX + encodeBase32LowerCaseNoPadding(bytes);
	const id = uuidv7();
	await db().transaction(async (tx) => {
		await queries.insertApiKey(tx, { id, name: parsed.data.name, prefix: key.slice(0, 8), hash: hashKey(key), scopes: parsed.data.scopes, createdBy: actor.id });
		await audit({ action: 'api-key.create', actorUserId: actor.id, subject: id, ip, details: { name: parsed.data.name, scopes: parsed.data.scopes } }, tx);
	});
	return { id, key };
}

export async function listApiKeys(actor: Actor) {
	authorize(actor, 'integrations.manage');
	return queries.listApiKeys(db());
}

export async function revokeApiKey(actor: Actor, id: string, ip: string | null = null) {
	authorize(actor, 'integrations.manage');
	if (!z.uuid().safeParse(id).success) throw new NotFoundError('api key not found');
	await db().transaction(async (tx) => {
		if (!(await queries.revokeApiKey(tx, id, new Date()))) throw new NotFoundError('api key not found');
		await audit({ action: 'api-key.revoke', actorUserId: actor.id, subject: id, ip }, tx);
	});
}

/**
 * Resolves an `Authorization: Bearer qk_...` header to the key's principal, or null. Counts the
 * request against the key's per-minute budget (ThrottledError past it).
 */
export async function authenticateApiKey(authorization: string | null): Promise<ApiKeyPrincipal | null> {
	const match = /^Bearer\s+(qk_[a-z2-7]{39})$/.exec(authorization ?? '');
	if (!match) return null;
	const row = await queries.findActiveApiKeyByHash(db(), hashKey(match[1]));
	if (!row) return null;
	const minute = Math.floor(Date.now() / 60_000);
	const key = redisKey('api-key-rate', row.id, String(minute));
	const [[, count]] = (await redis().multi().incr(key).expire(key, 120).exec()) as [[unknown, number]];
	if (count > API_KEY_RATE_PER_MINUTE) throw new ThrottledError(60 - Math.floor((Date.now() / 1000) % 60));
	void queries.touchApiKey(db(), row.id, new Date()).catch(() => {});
	return { id: row.id, name: row.name, scopes: row.scopes as ApiKeyScope[] };
}
