/**
 * Wall screens: kiosk TVs that open /wall/<token> with no login. An admin creates one (the URL
 * is shown once; only the token's SHA-256 is stored), names it, picks areas to rotate through,
 * and revokes it. A revoked token stops working at once: HTTP checks the database on every
 * request, and open sockets are closed through the same channel that ends sessions.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { z } from 'zod';
import { WALL_SCREEN_ROLE } from '$lib/domain/permissions';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import { uuidv7 } from '../ids';
import { announceSessionEnded } from '../realtime/live-bridge';
import * as queries from './wall.queries';

export type WallScreen = { id: string; name: string; areaIds: string[]; rotateSeconds: number | null };

const TOKEN_PATTERN = /^[a-z2-7]{32}$/;
/** Sockets of a wall screen carry this pseudo session id, so ending it closes them. */
export const wallSessionId = (screenId: string) => `wall:${screenId}`;
export const isWallSessionId = (sessionId: string) => sessionId.startsWith('wall:');

function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

const screenInput = z.object({
	name: z.string().trim().min(1, 'required').max(80, 'at most 80 characters'),
	areaIds: z.array(z.uuid({ message: 'not an area id' })).max(20, 'at most 20 areas').default([]),
	rotateSeconds: z
		.union([z.null(), z.coerce.number().int('whole seconds').min(10, 'at least 10 seconds').max(3600, 'at most 3600 seconds')])
		.default(null)
});

function parse(input: unknown) {
	const parsed = screenInput.safeParse(input);
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	return parsed.data;
}

/** Creates a screen; the token is returned this once and never again. */
export async function createWallScreen(actor: Actor | null | undefined, input: unknown, ip: string | null = null): Promise<{ id: string; token: string; path: string }> {
	authorize(actor, 'wall.manage');
	const value = parse(input);
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const id = uuidv7();
	await db().transaction(async (tx) => {
		await queries.insertWallScreen(tx, { id, name: value.name, tokenHash: hashToken(token), areaIds: value.areaIds, rotateSeconds: value.rotateSeconds, createdBy: actor.id });
		await audit({ action: 'wall-screen.create', actorUserId: actor.id, subject: id, ip, details: { name: value.name } }, tx);
	});
	return { id, token, path: `/wall/${token}` };
}

export async function listWallScreens(actor: Actor | null | undefined) {
	authorize(actor, 'wall.manage');
	return queries.listWallScreens(db());
}

export async function updateWallScreen(actor: Actor | null | undefined, id: string, input: unknown, ip: string | null = null): Promise<void> {
	authorize(actor, 'wall.manage');
	if (!z.uuid().safeParse(id).success) throw new NotFoundError('wall screen not found');
	const value = parse(input);
	await db().transaction(async (tx) => {
		if (!(await queries.renameWallScreen(tx, id, value))) throw new NotFoundError('wall screen not found');
		await audit({ action: 'wall-screen.update', actorUserId: actor.id, subject: id, ip, details: { name: value.name } }, tx);
	});
}

export async function revokeWallScreen(actor: Actor | null | undefined, id: string, ip: string | null = null): Promise<void> {
	authorize(actor, 'wall.manage');
	if (!z.uuid().safeParse(id).success) throw new NotFoundError('wall screen not found');
	await db().transaction(async (tx) => {
		if (!(await queries.revokeWallScreen(tx, id, new Date()))) throw new NotFoundError('wall screen not found');
		await audit({ action: 'wall-screen.revoke', actorUserId: actor.id, subject: id, ip }, tx);
	});
	// After commit: every web process closes this screen's open sockets.
	announceSessionEnded(wallSessionId(id));
}

/** The screen a token opens, or null (unknown, malformed or revoked). Checked on every request. */
export async function authenticateWallToken(token: string | null | undefined, now = new Date()): Promise<WallScreen | null> {
	if (!token || !TOKEN_PATTERN.test(token)) return null;
	const row = await queries.findActiveByHash(db(), hashToken(token));
	if (!row) return null;
	// "Last seen" for the admin list; at most once a minute per screen.
	if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > 60_000) void queries.touchWallScreen(db(), row.id, now).catch(() => {});
	return { id: row.id, name: row.name, areaIds: row.areaIds, rotateSeconds: row.rotateSeconds };
}

/** The actor a wall screen's reads run as: the permission table's wall role (a supervisor's view). */
export function wallActor(screen: WallScreen): Actor {
	return { id: wallSessionId(screen.id), role: WALL_SCREEN_ROLE };
}

/** Which of these screens are still active (the socket sweep closes the others). */
export async function activeWallScreens(ids: string[]): Promise<Set<string>> {
	return queries.activeIds(db(), ids);
}
