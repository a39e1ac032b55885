import { z } from 'zod';
import { roomOfRole, type PositionReport, type TechnicianPosition } from '$lib/realtime/events';
import { authenticateApiKey, type ApiKeyPrincipal } from '../auth/api-keys.service';
import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import type { PositionSource } from '../db/schema';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../errors';
import { announce } from '../realtime/announce';
import { OSMAND_FIELD, type TrackerFix } from './osmand';
import { parsePositionFix, INTEGRATION_SOURCES, type PositionFix } from './position-input';
import { isStale, positionSettings } from './position-settings';
import * as queries from './positions.queries';

/** Who is reporting: a signed-in technician (for themselves only) or an integration key. */
export type Reporter = { kind: 'user'; actor: Actor } | { kind: 'key'; key: ApiKeyPrincipal };

/** Office roles see live positions; technicians never see each other's. */
const OFFICE_ROOMS = [roomOfRole('admin'), roomOfRole('dispatcher'), roomOfRole('supervisor')];

// A technician's own id is looked up on every report: cache it briefly per user so a phone
// reporting every 30 s costs one statement, not two. Unlinking a user takes effect within TTL.
const OWN_TTL_MS = 60_000;
const ownCache = new Map<string, { technicianId: string | null; until: number }>();

async function ownTechnicianId(userId: string): Promise<string | null> {
	const hit = ownCache.get(userId);
	if (hit && hit.until > Date.now()) return hit.technicianId;
	const tech = await queries.technicianOfUser(db(), userId);
	const technicianId = tech?.active ? tech.id : null;
	if (ownCache.size > 10_000) ownCache.clear();
	ownCache.set(userId, { technicianId, until: Date.now() + OWN_TTL_MS });
	return technicianId;
}

async function store(technicianId: string, fix: PositionFix, source: PositionSource) {
	// Positions are frequent and replaced every few seconds: the write does not wait for the WAL
	// flush (synchronous_commit off for that statement's transaction only). A PostgreSQL crash may
	// lose the last fraction of a second of fixes, never corrupt anything; devices report again.
	const result = await queries.recordPosition(db(), technicianId, fix, source);
	// Announce only a change of the current position: an older fix goes to history silently.
	if (result.currentUpdated) {
		const payload: TechnicianPosition = {
			technicianId,
			lat: fix.lat,
			lng: fix.lng,
			accuracy: fix.accuracy,
			heading: fix.heading,
			speed: fix.speed,
			recordedAt: fix.recordedAt.toISOString(),
			source
		};
		announce(OFFICE_ROOMS, 'technician:position', payload);
	}
	return result;
}

/**
 * The one ingest path behind all three transports (Socket.IO, POST, OsmAnd trackers): checks
 * who may report for whom, validates the fix, stores history and (when newer) the current
 * position, and announces the change to the office.
 */
export async function reportPosition(reporter: Reporter, technicianId: string | null, input: unknown, now = new Date()) {
	let target: string;
	let source: PositionSource;
	if (reporter.kind === 'user') {
		authorize(reporter.actor, 'positions.report');
		const own = await ownTechnicianId(reporter.actor.id);
		if (!own) throw new ForbiddenError('this user is not an active technician');
		if (technicianId !== null && technicianId !== own) throw new ForbiddenError('a technician reports only their own position');
		target = own;
		source = 'phone';
	} else {
		if (!reporter.key.scopes.includes('positions')) throw new ForbiddenError('the key lacks scope positions');
		if (!technicianId || !z.uuid().safeParse(technicianId).success) throw new NotFoundError('technician not found');
		const tech = await queries.technicianById(db(), technicianId);
		if (!tech) throw new NotFoundError('technician not found');
		if (!tech.active) throw new ValidationError('technicianId', 'the technician is not active');
		target = tech.id;
		const requested = (input as { source?: unknown } | null)?.source;
		if (requested !== undefined && !(INTEGRATION_SOURCES as readonly unknown[]).includes(requested)) throw new ValidationError('source', 'must be phone or vehicle');
		source = (requested as PositionSource | undefined) ?? 'vehicle';
	}
	const { retentionDays } = await positionSettings();
	const fix = parsePositionFix(input, now, retentionDays);
	const result = await store(target, fix, source);
	return { technicianId: target, ...result };
}

/** Contract 2 over Socket.IO: the reply the ack carries (never throws). */
export async function reportOwnPosition(actor: Actor, payload: PositionReport | unknown, now = new Date()): Promise<{ ok: true } | { ok: false; error: string }> {
	try {
		await reportPosition({ kind: 'user', actor }, null, payload, now);
		return { ok: true };
	} catch (error) {
		if (error instanceof ValidationError) return { ok: false, error: `${error.field}: ${error.message}` };
		if (error instanceof ForbiddenError || error instanceof NotFoundError) return { ok: false, error: error.message };
		throw error;
	}
}

/**
 * An OsmAnd/Traccar fix, for the technician whose tracker_device_id the tracker reports. Trackers
 * cannot log in: they send an API key of scope `positions` as `Authorization: Bearer qk_...` or,
 * when the device can only be given a URL, as `?key=qk_...`.
 */
export async function authenticateTracker(credentials: { authorization: string | null; key: string | null }): Promise<ApiKeyPrincipal> {
	const header = credentials.authorization ?? (credentials.key ? `Bearer ${credentials.key}` : null);
	const key = await authenticateApiKey(header);
	if (!key) throw new UnauthorizedError('a valid API key is required (Authorization: Bearer or ?key=)');
	if (!key.scopes.includes('positions')) throw new ForbiddenError('the key lacks scope positions');
	return key;
}

export async function reportTrackerPosition(key: ApiKeyPrincipal, fix: TrackerFix, now = new Date()) {
	if (!key.scopes.includes('positions')) throw new ForbiddenError('the key lacks scope positions');
	const tech = await queries.technicianByTracker(db(), fix.deviceId);
	if (!tech) throw new NotFoundError(`no technician has tracker device id ${fix.deviceId}`);
	if (!tech.active) throw new ValidationError('id', 'the technician with this device is not active');
	const { retentionDays } = await positionSettings();
	let parsed: PositionFix;
	try {
		parsed = parsePositionFix(fix, now, retentionDays);
	} catch (error) {
		// Name the protocol's parameter (lon, bearing, timestamp), not ours.
		if (error instanceof ValidationError) throw new ValidationError(OSMAND_FIELD[error.field] ?? error.field, error.message.replace(/^lng\b/, 'lon').replace(/^heading\b/, 'bearing').replace(/^recordedAt\b/, 'timestamp'));
		throw error;
	}
	return { technicianId: tech.id, ...(await store(tech.id, parsed, 'vehicle')) };
}

const MAX_TRAIL = 5000;

/** GET /api/technicians/:id/positions?from=&to=&limit= : current (with stale flag) and the trail. */
export async function positionsOfTechnician(actor: Actor, technicianId: string, params: URLSearchParams, now = new Date()) {
	authorize(actor, 'positions.read');
	if (!z.uuid().safeParse(technicianId).success || !(await queries.technicianById(db(), technicianId))) throw new NotFoundError('technician not found');
	const instant = (name: string, fallback: Date) => {
		const raw = params.get(name);
		if (raw === null) return fallback;
		const d = new Date(raw);
		if (!z.iso.datetime({ offset: true }).safeParse(raw).success || Number.isNaN(d.getTime())) throw new ValidationError(name, 'must be an ISO date-time with offset');
		return d;
	};
	const to = instant('to', new Date(now.getTime() + 60_000));
	const from = instant('from', new Date(to.getTime() - 86_400_000));
	if (from >= to) throw new ValidationError('from', 'must be before to');
	const limit = params.has('limit') ? Number(params.get('limit')) : 1000;
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRAIL) throw new ValidationError('limit', `must be between 1 and ${MAX_TRAIL}`);
	const { staleMinutes } = await positionSettings();
	const [current] = await queries.currentPositions(db(), [technicianId]);
	const trail = await queries.positionTrail(db(), technicianId, from, to, limit);
	return {
		current: current ? { ...current, stale: isStale(current.recordedAt, staleMinutes, now) } : null,
		staleMinutes,
		trail
	};
}
