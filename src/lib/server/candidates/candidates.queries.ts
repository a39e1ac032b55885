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
};

/*
 * Nearest-first over two sources, each a plain KNN scan on its own GiST index:
 *   live: technician_positions fresh enough      ORDER BY location::geography  <-> site
 *   home: active technicians without a fresh fix ORDER BY home_base::geography <-> site
 * Every technician is in exactly one source, so the k nearest overall are among the k nearest of
 * each; the service merges them. Filters are per-row scalar subqueries (never EXISTS or joins,
 * which the planner may turn into hash joins and a full sort): the index scan streams rows in
 * distance order, rejects the ones that fail, and stops at LIMIT. tests/integration checks the
 * plan with EXPLAIN on 20k technicians.
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

export function nearestLiveSql(q: NearestQuery): SQL {
	const site = sql`st_setsrid(st_makepoint(${q.lng}::float8, ${q.lat}::float8), 4326)::geography`;
	const missing = missingSkillsExpr(sql`tp.technician_id`, q.skills);
	return sql`
		select tp.technician_id, t.name, tp.location::geography <-> ${site} as distance, 'live' as origin,
		       st_y(tp.location) as lat, st_x(tp.location) as lng, tp.recorded_at, tp.source::text as source,
		       ${missing} as missing_skills
		from technician_positions tp join technicians t on t.id = tp.technician_id
		-- "is true" keeps the recorded_at index out of reach: with it the planner may fetch every
		-- fresh row and sort them all, the plan that collapses at scale.
		where (tp.recorded_at >= ${q.staleBefore.toISOString()}::timestamptz) is true
		  and t.active
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
		       ${missing} as missing_skills
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
};

const toNearest = (r: RawNearest): NearestRow => ({
	technicianId: r.technician_id,
	name: r.name,
	distanceMeters: Number(r.distance),
	origin: r.origin,
	lat: Number(r.lat),
	lng: Number(r.lng),
	recordedAt: r.recorded_at ? new Date(r.recorded_at) : null,
	source: r.source,
	missingSkills: r.missing_skills ?? []
});

/**
 * The `limit` nearest of one source, ties at the cut included: the KNN scan orders by distance
 * only (a second sort key would cost the index its order), so when the row after the cut is as
 * far as the last one kept, fetch more until the tie group is complete. Callers sort by (distance, id).
 */
async function nearestOfSource(db: Db, build: (q: NearestQuery) => SQL, q: NearestQuery): Promise<NearestRow[]> {
	// The planner prices a filtered KNN scan as if it read the whole index (it cannot know LIMIT
	// stops it after a few hundred rows), which crosses jit_above_cost: JIT would then spend
	// ~20 ms compiling a query that runs in 2. Off for this transaction only.
	return db.transaction(async (tx) => {
		await tx.execute(sql`set local jit = off`);
		let fetch = q.limit + 1;
		for (;;) {
			const rows = (await tx.execute<RawNearest>(build({ ...q, limit: fetch }))).map(toNearest);
			const last = rows[q.limit - 1];
			const tieAtCut = rows.length === fetch && last && rows[fetch - 1].distanceMeters === last.distanceMeters;
			if (!tieAtCut) return rows.filter((r) => !last || r.distanceMeters <= last.distanceMeters);
			fetch *= 2;
		}
	});
}

/** The `limit` nearest from each source (live and home), not yet merged. */
export async function nearestTechnicians(db: Db, q: NearestQuery): Promise<NearestRow[]> {
	const [live, home] = await Promise.all([nearestOfSource(db, nearestLiveSql, q), nearestOfSource(db, nearestHomeSql, q)]);
	return [...live, ...home];
}

export type PlanFacts = {
	shifts: Array<{ technicianId: string; weekday: number; start: string; end: string }>;
	busy: Array<{ technicianId: string; start: Date; end: Date; kind: 'assignment' | 'absence' }>;
	jobsToday: Map<string, number>;
	skillLevels: Array<{ technicianId: string; code: string; level: number }>;
};

/**
 * Everything availability and the score need for a shortlist, in four indexed reads. The call
 * itself is left out of the plan, so re-suggesting an assigned call shows its own slot as free.
 */
export async function planFacts(db: Db, technicianIds: string[], day: string, dayStart: Date, dayEnd: Date, excludeCallId: string): Promise<PlanFacts> {
	if (technicianIds.length === 0) return { shifts: [], busy: [], jobsToday: new Map(), skillLevels: [] };
	const ids = sqlArray(technicianIds, 'uuid');
	const [shifts, busy, jobs, levels] = await Promise.all([
		db.execute<{ technician_id: string; weekday: number; starts_at: string; ends_at: string }>(
			sql`select technician_id, weekday, starts_at::text, ends_at::text from technician_shifts where technician_id = any(${ids})`
		),
		db.execute<{ technician_id: string; starts_at: string; ends_at: string; kind: 'assignment' | 'absence' }>(sql`
			select technician_id, starts_at, ends_at, 'assignment' as kind from assignments
			 where technician_id = any(${ids}) and call_id <> ${excludeCallId} and starts_at < ${dayEnd.toISOString()}::timestamptz and ends_at > ${dayStart.toISOString()}::timestamptz
			union all
			select technician_id, starts_at, ends_at, 'absence' from unavailability
			 where technician_id = any(${ids}) and starts_at < ${dayEnd.toISOString()}::timestamptz and ends_at > ${dayStart.toISOString()}::timestamptz`),
		db.execute<{ technician_id: string; n: number }>(
			sql`select technician_id, count(*)::int as n from assignments where technician_id = any(${ids}) and day = ${day}::date and call_id <> ${excludeCallId} group by technician_id`
		),
		db.execute<{ technician_id: string; skill_code: string; level: number }>(
			sql`select technician_id, skill_code, level from technician_skills where technician_id = any(${ids})`
		)
	]);
	return {
		shifts: shifts.map((s) => ({ technicianId: s.technician_id, weekday: Number(s.weekday), start: s.starts_at, end: s.ends_at })),
		busy: busy.map((b) => ({ technicianId: b.technician_id, start: new Date(b.starts_at), end: new Date(b.ends_at), kind: b.kind })),
		jobsToday: new Map(jobs.map((j) => [j.technician_id, Number(j.n)])),
		skillLevels: levels.map((l) => ({ technicianId: l.technician_id, code: l.skill_code, level: Number(l.level) }))
	};
}

export async function skillNames(db: Db, codes: string[]): Promise<Map<string, { it: string; en: string }>> {
	if (codes.length === 0) return new Map();
	const rows = await db.execute<{ code: string; name_it: string; name_en: string }>(
		sql`select code, name_it, name_en from skills where code = any(${sqlArray(codes, 'text')})`
	);
	return new Map(rows.map((r) => [r.code, { it: r.name_it, en: r.name_en }]));
}
