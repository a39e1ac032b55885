import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';

export type RequiredSkill = { code: string; level: number };

export type CallForCandidates = {
	id: string;
	number: string;
	status: string;
	siteId: string;
	lat: number;
	lng: number;
	requiredSkills: string[];
	estimatedMinutes: number;
	onsiteDue: Date | null;
	resolutionDue: Date | null;
};

export async function findCallForCandidates(db: Db, callId: string): Promise<CallForCandidates | null> {
	const rows = await db.execute<{
		id: string;
		number: string;
		status: string;
		site_id: string;
		lat: number;
		lng: number;
		required_skills: string[];
		estimated_minutes: number;
		onsite_due: string | null;
		resolution_due: string | null;
	}>(sql`
		select c.id, c.number, c.status, c.site_id, st_y(s.location) as lat, st_x(s.location) as lng,
		       c.required_skills, c.estimated_minutes, c.onsite_due, c.resolution_due
		from calls c join sites s on s.id = c.site_id
		where c.id = ${callId}`);
	const r = rows[0];
	if (!r) return null;
	return {
		id: r.id,
		number: r.number,
		status: r.status,
		siteId: r.site_id,
		lat: Number(r.lat),
		lng: Number(r.lng),
		requiredSkills: r.required_skills ?? [],
		estimatedMinutes: r.estimated_minutes,
		onsiteDue: r.onsite_due ? new Date(r.onsite_due) : null,
		resolutionDue: r.resolution_due ? new Date(r.resolution_due) : null
	};
}

export type NearestQuery = {
	lat: number;
	lng: number;
	skills: readonly RequiredSkill[];
	/** 0 = qualified (every skill at its level), 1 = missing exactly one. */
	missing: 0 | 1;
	areaId: string | null;
	/** Positions recorded before this instant are stale: the technician ranks from home. */
	staleBefore: Date;
	limit: number;
	/** When given, each returned row also carries its plan facts for that day (see planColumns). */
	plan?: PlanQuery;
};

export type PlanQuery = {
	/** YYYY-MM-DD in Europe/Rome, its ISO weekday (1 = Monday) and its bounds as instants. */
	day: string;
	weekday: number;
	dayStart: Date;
	dayEnd: Date;
	/** Left out of the plan, so re-suggesting an assigned call shows its own slot as free. */
	excludeCallId: string;
};

/** What availability, the score and the reasons need of one technician on the day. */
export type PlanFacts = {
	shifts: Array<{ weekday: number; start: string; end: string }>;
	busy: Array<{ start: number; end: number; kind: 'assignment' | 'absence' }>;
	jobsToday: number;
	/** Levels held in the required skills only. */
	levels: Map<string, number>;
};

export type NearestRow = {
	technicianId: string;
	name: string;
	/** Sphere distance in metres (PostGIS geography `<->`, the same as ST_Distance(a, b, false)). */
	distanceMeters: number;
	origin: 'live' | 'home';
	lat: number;
	lng: number;
	recordedAt: Date | null;
	source: string | null;
	missingSkills: string[];
	plan: PlanFacts | null;
};

/*
 * Nearest-first over two sources, each a plain KNN scan on its own GiST index:
 *   live: technician_positions fresh enough      ORDER BY location::geography  <-> site
 *   home: active technicians without a fresh fix ORDER BY home_base::geography <-> site
 * Every technician is in exactly one source, so the k nearest overall are among the k nearest of
 * each. One statement merges them (nearestSql): a Merge Append pulls from both scans in distance
 * order and stops at k rows in all, so together they filter about half the rows two separate
 * queries of k each would. Filters are per-row scalar subqueries (never EXISTS or joins,
 * which the planner may turn into hash joins and a full sort): the index scan streams rows in
 * distance order, rejects the ones that fail, and stops at LIMIT. tests/integration checks the
 * plan with EXPLAIN on 20k technicians.
 *
 * The plan facts ride on the same statement as select-list subqueries, which PostgreSQL evaluates
 * only for the rows that pass the filters and are returned: no second round trip, no second plan.
 */
/** A parameterised ARRAY[...] literal (drizzle would expand a JS array into a parenthesised list). */
export function sqlArray(values: ReadonlyArray<string | number>, type: 'text' | 'int' | 'uuid'): SQL {
	if (values.length === 0) return sql.raw(`'{}'::${type}[]`);
	return sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::${sql.raw(type)}[]`;
}

function missingSkillsExpr(technicianId: SQL, skills: readonly RequiredSkill[]): SQL {
	if (skills.length === 0) return sql`'{}'::text[]`;
	const codes = sqlArray(skills.map((s) => s.code), 'text');
	const levels = sqlArray(skills.map((s) => s.level), 'int');
	return sql`array(select r.code from unnest(${codes}, ${levels}) as r(code, lvl)
		where coalesce((select ts.level from technician_skills ts where ts.technician_id = ${technicianId} and ts.skill_code = r.code), 0) < r.lvl
		order by r.code)`;
}

/**
 * How many required skills the technician holds at the required level: one index range scan on
 * technician_skills' primary key (technician_id, skill_code), cheap enough for every row the KNN
 * scan visits. The missing codes themselves are listed only for the rows returned.
 */
function heldSkillsExpr(technicianId: SQL, skills: readonly RequiredSkill[]): SQL {
	const level = sql.join(
		skills.map((s) => sql`when ${s.code} then ${s.level}::int`),
		sql` `
	);
	return sql`(select count(*) from technician_skills ts where ts.technician_id = ${technicianId}
		and ts.skill_code = any(${sqlArray(skills.map((s) => s.code), 'text')}) and ts.level >= (case ts.skill_code ${level} end))`;
}

/** The class filter: every skill held (missing 0) or all but one (missing 1). */
function skillClassFilter(technicianId: SQL, skills: readonly RequiredSkill[], missing: 0 | 1): SQL {
	if (skills.length === 0) return missing === 0 ? sql`true` : sql`false`;
	return sql`${heldSkillsExpr(technicianId, skills)} = ${skills.length - missing}`;
}

function areaFilter(technicianId: SQL, areaId: string | null): SQL {
	if (!areaId) return sql`true`;
	return sql`${areaId}::uuid = any(array(select ta.area_id from technician_areas ta where ta.technician_id = ${technicianId}))`;
}

const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/** The day's shift segments, busy intervals (assignments and absences) and required-skill levels of one technician. */
function planColumns(technicianId: SQL, q: NearestQuery): SQL {
	const p = q.plan;
	if (!p) return sql`null::json as plan_shifts, null::json as plan_busy, null::json as plan_levels`;
	const from = sql`${p.dayStart.toISOString()}::timestamptz`;
	const until = sql`${p.dayEnd.toISOString()}::timestamptz`;
	const codes = sqlArray(q.skills.map((s) => s.code), 'text');
	return sql`
		(select coalesce(json_agg(json_build_object('s', sh.starts_at::text, 'e', sh.ends_at::text)), '[]')
		   from technician_shifts sh where sh.technician_id = ${technicianId} and sh.weekday = ${p.weekday}::int) as plan_shifts,
		(select coalesce(json_agg(json_build_object('s', ${epochMs(sql`b.starts_at`)}, 'e', ${epochMs(sql`b.ends_at`)}, 'k', b.kind, 'd', b.on_day)), '[]')
		   from (select a.starts_at, a.ends_at, 'assignment' as kind, a.day = ${p.day}::date as on_day from assignments a
		          where a.technician_id = ${technicianId} and a.call_id <> ${p.excludeCallId} and a.starts_at < ${until} and a.ends_at > ${from}
		         union all
		         select u.starts_at, u.ends_at, 'absence', false from unavailability u
		          where u.technician_id = ${technicianId} and u.starts_at < ${until} and u.ends_at > ${from}) b) as plan_busy,
		(select coalesce(json_agg(json_build_object('c', lv.skill_code, 'l', lv.level)), '[]')
		   from technician_skills lv where lv.technician_id = ${technicianId} and lv.skill_code = any(${codes})) as plan_levels`;
}

export function nearestLiveSql(q: NearestQuery): SQL {
	const site = sql`st_setsrid(st_makepoint(${q.lng}::float8, ${q.lat}::float8), 4326)::geography`;
	const missing = missingSkillsExpr(sql`tp.technician_id`, q.skills);
	return sql`
		select tp.technician_id, (select t.name from technicians t where t.id = tp.technician_id) as name, tp.location::geography <-> ${site} as distance, 'live' as origin,
		       st_y(tp.location) as lat, st_x(tp.location) as lng, tp.recorded_at, tp.source::text as source,
		       ${missing} as missing_skills, ${planColumns(sql`tp.technician_id`, q)}
		from technician_positions tp
		-- "is true" keeps the recorded_at index out of reach: with it the planner may fetch every
		-- fresh row and sort them all, the plan that collapses at scale.
		where (tp.recorded_at >= ${q.staleBefore.toISOString()}::timestamptz) is true
		  -- a scalar subquery, not a join: inside the union the planner may pick a nested loop over a
		  -- sequential scan of technicians for a join (seen with an area filter at 20k technicians).
		  and (select t.active from technicians t where t.id = tp.technician_id)
		  and ${areaFilter(sql`tp.technician_id`, q.areaId)}
		  and ${skillClassFilter(sql`tp.technician_id`, q.skills, q.missing)}
		order by tp.location::geography <-> ${site}
		limit ${q.limit}`;
}

export function nearestHomeSql(q: NearestQuery): SQL {
	const site = sql`st_setsrid(st_makepoint(${q.lng}::float8, ${q.lat}::float8), 4326)::geography`;
	const missing = missingSkillsExpr(sql`t.id`, q.skills);
	return sql`
		select t.id as technician_id, t.name, t.home_base::geography <-> ${site} as distance, 'home' as origin,
		       st_y(t.home_base) as lat, st_x(t.home_base) as lng, null::timestamptz as recorded_at, null::text as source,
		       ${missing} as missing_skills, ${planColumns(sql`t.id`, q)}
		from technicians t
		where t.active
		  and coalesce((select tp.recorded_at >= ${q.staleBefore.toISOString()}::timestamptz from technician_positions tp where tp.technician_id = t.id), false) = false
		  and ${areaFilter(sql`t.id`, q.areaId)}
		  and ${skillClassFilter(sql`t.id`, q.skills, q.missing)}
		order by t.home_base::geography <-> ${site}
		limit ${q.limit}`;
}

type RawNearest = {
	technician_id: string;
	name: string;
	distance: number;
	origin: 'live' | 'home';
	lat: number;
	lng: number;
	recorded_at: string | null;
	source: string | null;
	missing_skills: string[];
	plan_shifts: Array<{ s: string; e: string }> | null;
	plan_busy: Array<{ s: number; e: number; k: 'assignment' | 'absence'; d: boolean }> | null;
	plan_levels: Array<{ c: string; l: number }> | null;
};

function toPlanFacts(r: RawNearest, weekday: number): PlanFacts | null {
	if (!r.plan_shifts || !r.plan_busy || !r.plan_levels) return null;
	return {
		shifts: r.plan_shifts.map((s) => ({ weekday, start: s.s, end: s.e })),
		busy: r.plan_busy.map((b) => ({ start: Number(b.s), end: Number(b.e), kind: b.k })),
		jobsToday: r.plan_busy.filter((b) => b.d).length,
		levels: new Map(r.plan_levels.map((l) => [l.c, Number(l.l)]))
	};
}

const toNearest = (r: RawNearest, weekday: number): NearestRow => ({
	technicianId: r.technician_id,
	name: r.name,
	distanceMeters: Number(r.distance),
	origin: r.origin,
	lat: Number(r.lat),
	lng: Number(r.lng),
	recordedAt: r.recorded_at ? new Date(r.recorded_at) : null,
	source: r.source,
	missingSkills: r.missing_skills ?? [],
	plan: toPlanFacts(r, weekday)
});

/** Both sources in one statement, merged in distance order by the planner's Merge Append. */
export function nearestSql(q: NearestQuery): SQL {
	return sql`select * from ((${nearestLiveSql(q)}) union all (${nearestHomeSql(q)})) as nearest order by distance limit ${q.limit}`;
}

/**
 * The `limit` nearest, ties at the cut included: the KNN scan orders by distance
 * only (a second sort key would cost the index its order), so when the row after the cut is as
 * far as the last one kept, fetch more until the tie group is complete. Callers sort by (distance, id).
 */
export async function nearestTechnicians(db: Db, q: NearestQuery): Promise<NearestRow[]> {
	// JIT is off for every connection (db/client.ts): the planner prices this scan as if it read
	// the whole index, and JIT would spend ~20 ms compiling a query that runs in 2.
	let fetch = q.limit + 1;
	for (;;) {
		const rows = (await db.execute<RawNearest>(nearestSql({ ...q, limit: fetch }))).map((r) => toNearest(r, q.plan?.weekday ?? 0));
		const last = rows[q.limit - 1];
		const tieAtCut = rows.length === fetch && last && rows[fetch - 1].distanceMeters === last.distanceMeters;
		if (!tieAtCut) return rows.filter((r) => !last || r.distanceMeters <= last.distanceMeters);
		fetch *= 2;
	}
}

export async function skillNames(db: Db, codes: string[]): Promise<Map<string, { it: string; en: string }>> {
	if (codes.length === 0) return new Map();
	const rows = await db.execute<{ code: string; name_it: string; name_en: string }>(
		sql`select code, name_it, name_en from skills where code = any(${sqlArray(codes, 'text')})`
	);
	return new Map(rows.map((r) => [r.code, { it: r.name_it, en: r.name_en }]));
}
