import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { positionHistory, technicianPositions, technicians, type PositionSource } from '../db/schema';
import type { PositionFix } from './position-input';

export type CurrentPosition = {
	technicianId: string;
	lat: number;
	lng: number;
	accuracy: number | null;
	heading: number | null;
	speed: number | null;
	recordedAt: Date;
	source: PositionSource;
};

const currentColumns = {
	technicianId: technicianPositions.technicianId,
	location: technicianPositions.location,
	accuracy: technicianPositions.accuracyMeters,
	heading: technicianPositions.headingDegrees,
	speed: technicianPositions.speedMps,
	recordedAt: technicianPositions.recordedAt,
	source: technicianPositions.source
};

type Row = { location: { lng: number; lat: number } } & Omit<CurrentPosition, 'lat' | 'lng'>;
const flatten = ({ location, ...rest }: Row): CurrentPosition => ({ ...rest, lat: location.lat, lng: location.lng });

/** Contract 4: the latest position of the given technicians (all when null); stale ones included. */
export async function currentPositions(db: Db, technicianIds: string[] | null): Promise<CurrentPosition[]> {
	if (technicianIds && technicianIds.length === 0) return [];
	const rows = await db
		.select(currentColumns)
		.from(technicianPositions)
		.where(technicianIds ? inArray(technicianPositions.technicianId, technicianIds) : undefined)
		.orderBy(asc(technicianPositions.technicianId));
	return rows.map(flatten);
}

/**
 * One statement, so atomic and one round trip: the fix is appended to the history (a repeat of
 * the same technician and instant is ignored, which makes replays harmless) and replaces the
 * current position only when it is newer than the stored one. It commits with
 * synchronous_commit off (see positions.service): set_config(..., true) inside the statement
 * applies to its implicit transaction, so no BEGIN/SET/COMMIT round trips are needed.
 */
export async function recordPosition(db: Db, technicianId: string, fix: PositionFix, source: PositionSource): Promise<{ historyAdded: boolean; currentUpdated: boolean }> {
	const point = sql`ST_SetSRID(ST_MakePoint(${fix.lng}::float8, ${fix.lat}::float8), 4326)`;
	const values = sql`(${technicianId}::uuid, ${point}, ${fix.accuracy}::real, ${fix.heading}::real, ${fix.speed}::real, ${source}::position_source, ${fix.recordedAt.toISOString()}::timestamptz)`;
	const rows = await db.execute<{ history: number; current: number }>(sql`
		with h as (
			insert into position_history (technician_id, location, accuracy_meters, heading_degrees, speed_mps, source, recorded_at)
			values ${values}
			on conflict do nothing
			returning 1
		), c as (
			insert into technician_positions (technician_id, location, accuracy_meters, heading_degrees, speed_mps, source, recorded_at)
			values ${values}
			on conflict (technician_id) do update set
				location = excluded.location, accuracy_meters = excluded.accuracy_meters, heading_degrees = excluded.heading_degrees,
				speed_mps = excluded.speed_mps, source = excluded.source, recorded_at = excluded.recorded_at, received_at = now()
			where technician_positions.recorded_at < excluded.recorded_at
			returning 1
		), relaxed as (
			-- This statement's own (implicit) transaction commits without waiting for the WAL flush.
			select set_config('synchronous_commit', 'off', true) as v
		)
		select (select count(*) from h)::int as history, (select count(*) from c)::int as current, (select v from relaxed) as commit_mode`);
	return { historyAdded: rows[0].history > 0, currentUpdated: rows[0].current > 0 };
}

export type TechnicianRef = { id: string; active: boolean };

export async function technicianOfUser(db: Db, userId: string): Promise<TechnicianRef | null> {
	const rows = await db.select({ id: technicians.id, active: technicians.active }).from(technicians).where(eq(technicians.userId, userId)).limit(1);
	return rows[0] ?? null;
}

export async function technicianById(db: Db, id: string): Promise<(TechnicianRef & { userId: string | null }) | null> {
	const rows = await db
		.select({ id: technicians.id, active: technicians.active, userId: technicians.userId })
		.from(technicians)
		.where(eq(technicians.id, id))
		.limit(1);
	return rows[0] ?? null;
}

export async function technicianByTracker(db: Db, deviceId: string): Promise<TechnicianRef | null> {
	const rows = await db.select({ id: technicians.id, active: technicians.active }).from(technicians).where(eq(technicians.trackerDeviceId, deviceId)).limit(1);
	return rows[0] ?? null;
}

export async function positionTrail(db: Db, technicianId: string, from: Date, to: Date, limit: number): Promise<CurrentPosition[]> {
	const rows = await db
		.select({
			technicianId: positionHistory.technicianId,
			location: positionHistory.location,
			accuracy: positionHistory.accuracyMeters,
			heading: positionHistory.headingDegrees,
			speed: positionHistory.speedMps,
			recordedAt: positionHistory.recordedAt,
			source: positionHistory.source
		})
		.from(positionHistory)
		.where(and(eq(positionHistory.technicianId, technicianId), gte(positionHistory.recordedAt, from), lt(positionHistory.recordedAt, to)))
		.orderBy(desc(positionHistory.recordedAt))
		.limit(limit);
	return rows.map(flatten);
}

export type NewPosition = { technicianId: string; fix: PositionFix; source: PositionSource };

/** Bulk load for the demo seed: history rows, then each technician's newest as current. */
export async function insertPositions(db: Db, rows: NewPosition[]): Promise<void> {
	if (rows.length === 0) return;
	const toRow = (r: NewPosition) => ({
		technicianId: r.technicianId,
		location: { lng: r.fix.lng, lat: r.fix.lat },
		accuracyMeters: r.fix.accuracy,
		headingDegrees: r.fix.heading,
		speedMps: r.fix.speed,
		source: r.source,
		recordedAt: r.fix.recordedAt
	});
	await db.insert(positionHistory).values(rows.map(toRow)).onConflictDoNothing();
	const newest = new Map<string, NewPosition>();
	for (const r of rows) {
		const seen = newest.get(r.technicianId);
		if (!seen || seen.fix.recordedAt < r.fix.recordedAt) newest.set(r.technicianId, r);
	}
	await db
		.insert(technicianPositions)
		.values([...newest.values()].map(toRow))
		.onConflictDoUpdate({
			target: technicianPositions.technicianId,
			set: {
				location: sql`excluded.location`,
				accuracyMeters: sql`excluded.accuracy_meters`,
				headingDegrees: sql`excluded.heading_degrees`,
				speedMps: sql`excluded.speed_mps`,
				source: sql`excluded.source`,
				recordedAt: sql`excluded.recorded_at`
			},
			setWhere: sql`${technicianPositions.recordedAt} < excluded.recorded_at`
		});
}

/** Links GPS tracker device ids to technicians (demo seed and admin tools). */
export async function setTrackerDeviceIds(db: Db, rows: { id: string; deviceId: string }[]): Promise<void> {
	for (const r of rows) await db.update(technicians).set({ trackerDeviceId: r.deviceId }).where(eq(technicians.id, r.id));
}

export async function countCurrentPositions(db: Db, technicianIds: string[]): Promise<number> {
	if (technicianIds.length === 0) return 0;
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(technicianPositions).where(inArray(technicianPositions.technicianId, technicianIds));
	return row?.n ?? 0;
}
