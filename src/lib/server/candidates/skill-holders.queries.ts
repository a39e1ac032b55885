import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { areaFilter, planColumns, sqlArray, type NearestQuery } from './candidates.queries';

/*
 * The filter-first path for rare skill combinations. The KNN scan visits rows in distance order
 * and rejects those lacking a skill: when only 1-2 % of technicians hold every required skill
 * (two skills, say), it visits thousands of rows to find 30. Here the holders come first from
 * technician_skills' (skill_code, level, technician_id) index, then only they are measured and
 * sorted. Same columns, same distances (the same geography `<->`), same order as nearestSql, so
 * nearestTechnicians runs either; the service picks by the holders' expected share
 * (domain/nearest-path.ts). Only for the qualified class: "missing one of one skill" would be
 * every technician without it, which is no filter at all.
 */
export function nearestByHoldersSql(q: NearestQuery): SQL {
	if (q.missing !== 0 || q.skills.length === 0) throw new Error('nearestByHoldersSql serves the qualified class of calls needing skills');
	const site = sql`st_setsrid(st_makepoint(${q.lng}::float8, ${q.lat}::float8), 4326)::geography`;
	const levels = sql.join(
		q.skills.map((s) => sql`when ${s.code} then ${s.level}::int`),
		sql` `
	);
	return sql`
		select n.technician_id, n.name, n.distance, n.origin, n.lat, n.lng, n.recorded_at, n.source,
		       n.skill_tokens, ${planColumns(sql`n.technician_id`, q)}
		from (
			select t.id as technician_id, t.name,
			       coalesce(tp.location, t.home_base)::geography <-> ${site} as distance,
			       case when tp.technician_id is null then 'home' else 'live' end as origin,
			       st_y(coalesce(tp.location, t.home_base)) as lat, st_x(coalesce(tp.location, t.home_base)) as lng,
			       tp.recorded_at, tp.source::text as source, t.skill_tokens
			from (select ts.technician_id from technician_skills ts
			       where ts.skill_code = any(${sqlArray(q.skills.map((s) => s.code), 'text')}) and ts.level >= (case ts.skill_code ${levels} end)
			       group by ts.technician_id
			       having count(*) = ${q.skills.length}) holders
			join technicians t on t.id = holders.technician_id
			left join technician_positions tp on tp.technician_id = t.id and tp.recorded_at >= ${q.staleBefore.toISOString()}::timestamptz
			where t.active and ${areaFilter(sql`t.id`, q.areaId)}
			order by distance
			limit ${q.limit}
		) n
		order by n.distance`;
}

export type SkillHolderShares = { technicians: number; shares: Map<string, number> };

/** Per skill, the share of active technicians holding it at any level: what the path choice needs. */
export async function skillHolderShares(db: Db): Promise<SkillHolderShares> {
	const [active] = await db.execute<{ n: number }>(sql`select count(*)::int as n from technicians where active`);
	const rows = await db.execute<{ skill_code: string; holders: number }>(sql`
		select ts.skill_code, count(*)::int as holders
		  from technician_skills ts join technicians t on t.id = ts.technician_id
		 where t.active
		 group by ts.skill_code`);
	const technicians = Number(active?.n ?? 0);
	const shares = new Map<string, number>();
	if (technicians > 0) for (const r of rows) shares.set(r.skill_code, Number(r.holders) / technicians);
	return { technicians, shares };
}
