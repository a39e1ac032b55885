/**
 * Reads for the live map and the wall screen: open calls (and those done today) at their site,
 * technicians with their last position and today's jobs, today's trail. Raw SQL where PostGIS
 * functions and lateral joins say it more plainly than the builder.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

export type MapCallRow = {
	id: string;
	number: string;
	status: string;
	priority: 'low' | 'medium' | 'high';
	type: string;
	description: string;
	customerId: string;
	customerName: string;
	siteId: string;
	siteName: string;
	comune: string;
	province: string;
	lng: number;
	lat: number;
	equipmentSerial: string | null;
	equipmentModel: string | null;
	requiredSkills: string[];
	acknowledgeDue: Date | null;
	onsiteDue: Date | null;
	resolutionDue: Date | null;
	acknowledgedAt: Date | null;
	completedAt: Date | null;
	areaIds: string[];
	technicianId: string | null;
	technicianName: string | null;
	assignmentStatus: 'planned' | 'confirmed' | null;
	plannedStart: Date | null;
	plannedDay: string | null;
};

const rows = <T>(result: unknown) => result as T[];

/** Open calls, plus completed/closed ones that changed since `since` (the start of today). */
export async function mapCalls(db: Db, since: Date, callId: string | null = null): Promise<MapCallRow[]> {
	return rows<MapCallRow>(
		await db.execute(sql`
		select c.id, c.number, c.status, c.priority, c.type, c.description,
			c.customer_id as "customerId", cu.business_name as "customerName",
			s.id as "siteId", s.name as "siteName", s.comune_name as comune, s.province,
			st_x(s.location) as lng, st_y(s.location) as lat,
			e.serial_number as "equipmentSerial", m.model as "equipmentModel",
			c.required_skills as "requiredSkills",
			c.acknowledge_due as "acknowledgeDue", c.onsite_due as "onsiteDue", c.resolution_due as "resolutionDue",
			c.acknowledged_at as "acknowledgedAt",
			case when c.status in ('completed', 'closed') then
				(select max(h.at) from call_status_history h where h.call_id = c.id and h.to_status = 'completed')
			end as "completedAt",
			coalesce((select array_agg(sa.area_id::text) from site_areas sa where sa.site_id = s.id), '{}') as "areaIds",
			a.technician_id as "technicianId", t.name as "technicianName", a.status as "assignmentStatus",
			a.starts_at as "plannedStart", a.day::text as "plannedDay"
		from calls c
		join customers cu on cu.id = c.customer_id
		join sites s on s.id = c.site_id
		left join equipment e on e.id = c.equipment_id
		left join equipment_models m on m.id = e.model_id
		left join lateral (
			select x.technician_id, x.status, x.starts_at, x.day from assignments x where x.call_id = c.id order by x.starts_at desc limit 1
		) a on true
		left join technicians t on t.id = a.technician_id
		where (c.status not in ('cancelled', 'completed', 'closed') or (c.status in ('completed', 'closed') and c.updated_at >= ${since.toISOString()}::timestamptz))
			${callId ? sql`and c.id = ${callId}` : sql``}
		order by c.onsite_due nulls last, c.number`)
	);
}

export type MapTechnicianRow = {
	id: string;
	code: string;
	name: string;
	team: string | null;
	skills: string[];
	areaIds: string[];
	lng: number | null;
	lat: number | null;
	accuracy: number | null;
	heading: number | null;
	speed: number | null;
	recordedAt: Date | null;
	source: string | null;
	/** Working now by the weekly shift pattern (Europe/Rome wall clock). */
	onShift: boolean;
};

export async function mapTechnicians(db: Db, now: Date, technicianId: string | null = null): Promise<MapTechnicianRow[]> {
	return rows<MapTechnicianRow>(
		await db.execute(sql`
		with local as (select (${now.toISOString()}::timestamptz at time zone 'Europe/Rome') as t)
		select t.id, t.code, t.name, t.team,
			coalesce((select array_agg(ts.skill_code) from technician_skills ts where ts.technician_id = t.id), '{}') as skills,
			coalesce((select array_agg(ta.area_id::text) from technician_areas ta where ta.technician_id = t.id), '{}') as "areaIds",
			st_x(p.location) as lng, st_y(p.location) as lat, p.accuracy_meters as accuracy, p.heading_degrees as heading,
			p.speed_mps as speed, p.recorded_at as "recordedAt", p.source::text as source,
			exists (
				select 1 from technician_shifts sh, local
				where sh.technician_id = t.id and sh.weekday = extract(isodow from local.t)
					and local.t::time >= sh.starts_at and local.t::time < sh.ends_at
			) as "onShift"
		from technicians t
		left join technician_positions p on p.technician_id = t.id
		where t.active ${technicianId ? sql`and t.id = ${technicianId}` : sql``}
		order by t.name`)
	);
}

export type TodayJobRow = { technicianId: string; callId: string; number: string; status: string; customerName: string; comune: string; startsAt: Date; endsAt: Date; assignmentStatus: string };

/** Each technician's assignments of one day, in time order. */
export async function jobsOfDay(db: Db, day: string, technicianId: string | null = null): Promise<TodayJobRow[]> {
	return rows<TodayJobRow>(
		await db.execute(sql`
		select a.technician_id as "technicianId", c.id as "callId", c.number, c.status, cu.business_name as "customerName",
			s.comune_name as comune, a.starts_at as "startsAt", a.ends_at as "endsAt", a.status as "assignmentStatus"
		from assignments a
		join calls c on c.id = a.call_id
		join customers cu on cu.id = c.customer_id
		join sites s on s.id = c.site_id
		where a.day = ${day}::date ${technicianId ? sql`and a.technician_id = ${technicianId}` : sql``}
		order by a.technician_id, a.starts_at`)
	);
}

/** Positions recorded since `since` (today's trail), oldest first, thinned to at most `limit` points. */
export async function trailSince(db: Db, technicianId: string, since: Date, limit = 2000): Promise<{ lng: number; lat: number; recordedAt: Date }[]> {
	return rows(
		await db.execute(sql`
		with points as (
			select st_x(location) as lng, st_y(location) as lat, recorded_at as "recordedAt", row_number() over (order by recorded_at) as n, count(*) over () as total
			from position_history where technician_id = ${technicianId} and recorded_at >= ${since.toISOString()}::timestamptz
		)
		select lng, lat, "recordedAt" from points where total <= ${limit} or n % ceil(total::numeric / ${limit}) = 0 or n = total order by "recordedAt"`)
	);
}

export async function areaChoices(db: Db): Promise<{ id: string; kind: string; name: string; minLng: number; minLat: number; maxLng: number; maxLat: number }[]> {
	return rows(
		await db.execute(sql`
		select id, kind::text as kind, name, st_xmin(geometry) as "minLng", st_ymin(geometry) as "minLat", st_xmax(geometry) as "maxLng", st_ymax(geometry) as "maxLat"
		from areas order by case kind when 'custom' then 0 when 'region' then 1 else 2 end, name`)
	);
}

export async function skillChoices(db: Db): Promise<{ code: string; nameIt: string; nameEn: string }[]> {
	return rows(await db.execute(sql`select code, name_it as "nameIt", name_en as "nameEn" from skills order by code`));
}

