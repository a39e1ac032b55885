import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor';
import { audit } from '../auth/audit.service';
import { db } from '../db/client';
import { ValidationError } from '../errors';
import { readMeta, writeMeta } from './position-settings.queries';

/** Kept in app_meta (one row each) so every web and worker process reads the same values. */
const KEYS = { staleMinutes: 'positions.stale_minutes', retentionDays: 'positions.retention_days' } as const;
export const POSITION_DEFAULTS = { staleMinutes: 15, retentionDays: 90 } as const;
export type PositionSettings = { staleMinutes: number; retentionDays: number };

// Ingest reads the retention on every report: a short in-process cache keeps that off the
// database; another process sees a change within CACHE_MS.
const CACHE_MS = 10_000;
let cached: { value: PositionSettings; until: number } | null = null;

function intOr(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : fallback;
}

export async function positionSettings(): Promise<PositionSettings> {
	if (cached && cached.until > Date.now()) return cached.value;
	const meta = await readMeta(db(), Object.values(KEYS));
	const value = {
		staleMinutes: intOr(meta.get(KEYS.staleMinutes), POSITION_DEFAULTS.staleMinutes),
		retentionDays: intOr(meta.get(KEYS.retentionDays), POSITION_DEFAULTS.retentionDays)
	};
	cached = { value, until: Date.now() + CACHE_MS };
	return value;
}

/** Contract 4: a position older than this many minutes is stale (shown as such, never ranked as live). */
export async function positionStaleMinutes(): Promise<number> {
	return (await positionSettings()).staleMinutes;
}

export function isStale(recordedAt: Date, staleMinutes: number, now = new Date()): boolean {
	return now.getTime() - recordedAt.getTime() > staleMinutes * 60_000;
}

/** Forgets the cached values (after an update, and in tests that change app_meta directly). */
export function forgetPositionSettings(): void {
	cached = null;
}

const settingsInput = z.object({
	staleMinutes: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'at least 1 minute').max(1440, 'at most 1440 minutes (one day)'),
	retentionDays: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'at least 1 day').max(3650, 'at most 3650 days')
});

export async function readPositionSettings(actor: Actor): Promise<PositionSettings> {
	authorize(actor, 'settings.manage');
	forgetPositionSettings();
	return positionSettings();
}

export async function updatePositionSettings(actor: Actor, input: unknown, ip: string | null = null): Promise<PositionSettings> {
	authorize(actor, 'settings.manage');
	const parsed = settingsInput.safeParse(input);
	if (!parsed.success) throw ValidationError.fromZod(parsed.error);
	const value = parsed.data;
	await db().transaction(async (tx) => {
		await writeMeta(tx, [
			{ key: KEYS.staleMinutes, value: String(value.staleMinutes) },
			{ key: KEYS.retentionDays, value: String(value.retentionDays) }
		]);
		await audit({ action: 'settings.positions', actorUserId: actor.id, ip, details: value }, tx);
	});
	forgetPositionSettings();
	return value;
}
