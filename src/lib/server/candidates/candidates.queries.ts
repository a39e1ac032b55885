import { sql, type SQL } from 'drizzle-orm';
import { missingSkills, skillLevelsFromTokens, skillToken } from '$lib/domain/skill-tokens';
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
	/** Names of the required skills, for the reasons (read with the call: one round trip fewer). */
	skillNames: Map<string, { it: string; en: string }>;
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
		skill_names: Array<{ code: string; it: string; en: string }>;
	}>(sql`
		select c.id, c.number, c.status, c.site_id, st_y(s.location) as lat, st_x(s.location) as lng,
		       c.required_skills, c.estimated_minutes, c.onsite_due, c.resolution_due,
		       (select coalesce(json_agg(json_build_object('code', k.code, 'it', k.name_it, 'en', k.name_en)), '[]')
		          from skills k where k.code = any(c.required_skills)) as skill_names
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
		resolutionDue: r.resolution_due ? new Date(r.resolution_due) : null,
		skillNames: new Map(r.skill_names.map((k) => [k.code, { it: k.it, en: k.en }]))
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
	/** Levels held, from the skill tokens. */
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



/**
 * The class filter on a row's skill_tokens (kept by triggers from technician_skills): every skill
 * held at its level (missing 0: one array containment) or all but one (missing 1: the held ones
 * counted). No probe of another table, so it costs next to nothing on every row the nearest-first
 * scan visits; the missing codes are read back from the tokens of the rows returned.
 */
function skillClassFilter(tokens: SQL, skills: readonly RequiredSkill[], missing: 0 | 1): SQL {
	if (skills.length === 0) return missing === 0 ? sql`true` : sql`false`;
	if (missing === 0) return sql`${tokens} @> ${sqlArray(skills.map(skillToken), 'text')}`;
	const held = sql.join(
		skills.map((s) => sql`(case when ${skillToken(s)}::text = any(${tokens}) then 1 else 0 end)`),
		sql` + `
	);
	return sql`(${held}) = ${skills.length - 1}`;
}

/**
 * Conditions checked in this order, each only when the ones before it held. PostgreSQL reorders
 * plain AND-ed quals by estimated cost, and all these probes cost about the same to it, so it may
 * run the least selective first; CASE is the documented way to fix the order. The skill check
 * goes first: it rejects ~85% of the rows the scan visits and reads only the row itself.
 */
function inOrder(...conditions: SQL[]): SQL {
	return conditions.reduceRight((rest, condition) => sql`(case when ${condition} then ${rest} else false end)`);
}

export function areaFilter(technicianId: SQL, areaId: string | null): SQL {
	if (!areaId) return sql`true`;
	return sql`${areaId}::uuid = any(array(select ta.area_id from technician_areas ta where ta.technician_id = ${technicianId}))`;
}

const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/** Busy interval kinds as numbers, so the intervals travel as one float8[][] (cheaper than JSON). */
const BUSY_ASSIGNMENT = 0;
const BUSY_ASSIGNMENT_ON_DAY = 1;
const BUSY_ABSENCE = 2;

/**
 * The day's shift segments, busy intervals (assignments and absences) and required-skill levels
 * of one technician, as arrays: ARRAY(subquery) needs no aggregate node and no JSON building, and
 * these run once for every row returned.
 */
export function planColumns(technicianId: SQL, q: NearestQuery): SQL {
	const p = q.plan;
	if (!p) return sql`null::text[] as plan_shifts, null::float8[] as plan_busy`;
	const from = sql`${p.dayStart.toISOString()}::timestamptz`;
	const until = sql`${p.dayEnd.toISOString()}::timestamptz`;
	return sql`
		array(select sh.starts_at::text || '-' || sh.ends_at::text
		        from technician_shifts sh where sh.technician_id = ${technicianId} and sh.weekday = ${p.weekday}::int) as plan_shifts,
		array(select array[${epochMs(sql`a.starts_at`)}, ${epochMs(sql`a.ends_at`)}, case when a.day = ${p.day}::date then ${BUSY_ASSIGNMENT_ON_DAY} else ${BUSY_ASSIGNMENT} end::float8]
		        from assignments a
		       where a.technician_id = ${technicianId} and a.call_id <> ${p.excludeCallId} and a.starts_at < ${until} and a.ends_at > ${from}
		       union all
		      select array[${epochMs(sql`u.starts_at`)}, ${epochMs(sql`u.ends_at`)}, ${BUSY_ABSENCE}::float8]
		        from unavailability u
		       where u.technician_id = ${technicianId} and u.starts_at < ${until} and u.ends_at > ${from}) as plan_busy`;
}

export function nearestLiveSql(q: NearestQuery): SQL {
	const site = sql`st_setsrid(st_makepoint(${q.lng}::float8, ${q.lat}::float8), 4326)::geography`;
	return sql`
		select tp.technician_id, (select t.name from technicians t where t.id = tp.technician_id) as name, tp.location::geography <-> ${site} as distance, 'live' as origin,
		       st_y(tp.location) as lat, st_x(tp.location) as lng, tp.recorded_at, tp.source::text as source,
		       tp.skill_tokens, ${planColumns(sql`tp.technician_id`, q)}
		from technician_positions tp
		-- "is true" keeps the recorded_at index out of reach: with it the planner may fetch every
		-- fresh row and sort them all, the plan that collapses at scale.
		where (tp.recorded_at >= ${q.staleBefore.toISOString()}::timestamptz) is true
		  -- active by a scalar subquery, not a join: inside the union the planner may pick a nested
		  -- loop over a sequential scan of technicians for a join (seen with an area filter at 20k).
		  and ${inOrder(skillClassFilter(sql`tp.skill_tokens`, q.skills, q.missing), areaFilter(sql`tp.technician_id`, q.areaId), sql`(select t.active from technicians t where t.id = tp.technician_id)`)}
		order by tp.location::geography <-> ${site}
		limit ${q.limit}`;
}

export function nearestHomeSql(q: NearestQuery): SQL {
	const site = sql`st_setsrid(st_makepoint(${q.lng}::float8, ${q.lat}::float8), 4326)::geography`;
	return sql`
		select t.id as technician_id, t.name, t.home_base::geography <-> ${site} as distance, 'home' as origin,
		       st_y(t.home_base) as lat, st_x(t.home_base) as lng, null::timestamptz as recorded_at, null::text as source,
		       t.skill_tokens, ${planColumns(sql`t.id`, q)}
		from technicians t
		where t.active
		  and ${inOrder(
				skillClassFilter(sql`t.skill_tokens`, q.skills, q.missing),
				areaFilter(sql`t.id`, q.areaId),
				sql`coalesce((select tp.recorded_at >= ${q.staleBefore.toISOString()}::timestamptz from technician_positions tp where tp.technician_id = t.id), false) = false`
			)}
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
	skill_tokens: string[];
	plan_shifts: string[] | null;
	plan_busy: number[][] | null;
};

function toPlanFacts(r: RawNearest, weekday: number): PlanFacts | null {
	if (!r.plan_shifts || !r.plan_busy) return null;
	const busy = r.plan_busy.map(([start, end, kind]) => ({ start, end, kind: Number(kind) }));
	return {
		shifts: r.plan_shifts.map((text) => {
			const [start, end] = text.split('-');
			return { weekday, start, end };
		}),
		busy: busy.map((b) => ({ start: b.start, end: b.end, kind: b.kind === BUSY_ABSENCE ? ('absence' as const) : ('assignment' as const) })),
		jobsToday: busy.filter((b) => b.kind === BUSY_ASSIGNMENT_ON_DAY).length,
		levels: skillLevelsFromTokens(r.skill_tokens)
	};
}

const toNearest = (r: RawNearest, q: NearestQuery): NearestRow => ({
	technicianId: r.technician_id,
	name: r.name,
	distanceMeters: Number(r.distance),
	origin: r.origin,
	lat: Number(r.lat),
	lng: Number(r.lng),
	recordedAt: r.recorded_at ? new Date(r.recorded_at) : null,
	source: r.source,
	missingSkills: missingSkills(r.skill_tokens ?? [], q.skills),
	plan: toPlanFacts(r, q.plan?.weekday ?? 0)
});

/** Both sources in one statement, merged in distance order by the planner's Merge Append. */
export function nearestSql(q: NearestQuery): SQL {
	return sql`select * from ((${nearestLiveSql(q)}) union all (${nearestHomeSql(q)})) as nearest order by distance limit ${q.limit}`;
}

/**
 * The `limit` nearest (by the KNN statement, or another with the same columns and order such as
 * nearestByHoldersSql), ties at the cut included: the KNN scan orders by distance
 * only (a second sort key would cost the index its order), so when the row after the cut is as
 * far as the last one kept, fetch more until the tie group is complete. Callers sort by (distance, id).
 */
export async function nearestTechnicians(db: Db, q: NearestQuery, build: (q: NearestQuery) => SQL = nearestSql): Promise<NearestRow[]> {
	// JIT is off for every connection (db/client.ts): the planner prices this scan as if it read
	// the whole index, and JIT would spend ~20 ms compiling a query that runs in 2.
	let fetch = q.limit + 1;
	for (;;) {
		const rows = (await db.execute<RawNearest>(build({ ...q, limit: fetch }))).map((r) => toNearest(r, q));
		const last = rows[q.limit - 1];
		const tieAtCut = rows.length === fetch && last && rows[fetch - 1].distanceMeters === last.distanceMeters;
		if (!tieAtCut) return rows.filter((r) => !last || r.distanceMeters <= last.distanceMeters);
		fetch *= 2;
	}
}
