/**
 * Scale data for nearest-technician measures, generated inside PostgreSQL with generate_series
 * (fast: no rows cross the wire). Used by `npm run bench:nearest` and by the EXPLAIN test.
 * setseed() makes the data the same on every run.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';

export type NearestScale = {
	technicians: number;
	/** Historical calls (the calls table the candidates query must not be slowed by). */
	calls: number;
	/** Assignments on `day`. */
	assignments: number;
	day: string;
	/** Positions fresh when recorded within this many minutes of now. */
	freshShare?: number;
};

export const BENCH_SKILLS = Array.from({ length: 20 }, (_, i) => `b${String(i + 1).padStart(2, '0')}`);

/** Technicians over Italy's bounding box, 1-4 skills of 20 at levels 1-3, 80% with a position (fresh or stale), weekday shifts. */
export async function generateTechnicians(db: Db, n: number, freshShare = 0.5): Promise<void> {
	await db.execute(sql`select setseed(0.42)`);
	await db.execute(
		sql.raw(`insert into skills (code, name_it, name_en) select 'b' || lpad(i::text, 2, '0'), 'Abilità ' || i, 'Skill ' || i from generate_series(1, 20) i on conflict do nothing`)
	);
	await db.execute(
		sql.raw(`insert into technicians (id, code, name, team, home_base, active)
		select gen_random_uuid(), 'BN' || i, 'Tecnico ' || i, 'Squadra ' || (i % 50),
		       st_setsrid(st_makepoint(7 + random() * 11, 38 + random() * 8), 4326), random() > 0.05
		from generate_series(1, ${n}) i`)
	);
	await db.execute(
		sql.raw(`insert into technician_skills (technician_id, skill_code, level)
		select t.id, 'b' || lpad((1 + floor(random() * 20))::int::text, 2, '0'), 1 + floor(random() * 3)::int
		from technicians t cross join generate_series(1, 4) k
		where k = 1 or random() < 0.5
		on conflict do nothing`)
	);
	await db.execute(
		sql.raw(`insert into technician_positions (technician_id, location, source, recorded_at)
		select id, st_setsrid(st_makepoint(st_x(home_base) + (random() - 0.5) * 0.4, st_y(home_base) + (random() - 0.5) * 0.3), 4326),
		       (case when random() < 0.7 then 'phone' else 'vehicle' end)::position_source,
		       now() - (case when random() < ${freshShare / 0.8} then random() * 10 else 20 + random() * 600 end) * interval '1 minute'
		from technicians where random() < 0.8`)
	);
	await db.execute(
		sql.raw(`insert into technician_shifts (id, technician_id, weekday, starts_at, ends_at)
		select gen_random_uuid(), t.id, d, s.a, s.b
		from technicians t cross join generate_series(1, 5) d cross join (values ('08:00'::time, '12:30'::time), ('13:30'::time, '17:30'::time)) s(a, b)`)
	);
	await db.execute(sql.raw(`analyze technicians; analyze technician_positions; analyze technician_skills; analyze technician_shifts`));
}

/**
 * Customers and sites, and `scale.calls` historical calls (the first assignments+1000 still open).
 * Like intake makes them, 80% of calls need one skill (their unit's category) and 10% none; 10%
 * need two, the hard case for a filtered nearest-first scan, measured apart by the bench.
 */
export async function generateCalls(db: Db, scale: Pick<NearestScale, 'calls' | 'assignments' | 'day'>): Promise<void> {
	await db.execute(sql`select setseed(0.17)`);
	await db.execute(
		sql.raw(`insert into customers (id, code, business_name, address)
		select gen_random_uuid(), 'BC' || i, 'Cliente ' || i, 'Via Roma ' || i from generate_series(1, 1000) i`)
	);
	await db.execute(
		sql.raw(`insert into sites (id, customer_id, name, address, comune_istat, comune_name, province, region_code, location)
		select gen_random_uuid(), c.id, 'Sede', c.address, '015146', 'Milano', 'MI', '03',
		       st_setsrid(st_makepoint(7 + random() * 11, 38 + random() * 8), 4326)
		from customers c where c.code like 'BC%'`)
	);
	// One statement each (a CTE, not a temporary table): the pool may run them on different connections.
	await db.execute(
		sql.raw(`with bench_sites as (select row_number() over (order by s.id) as rn, s.id, s.customer_id from sites s join customers c on c.id = s.customer_id where c.code like 'BC%')
		insert into calls (id, number, year, seq, customer_id, site_id, priority, type, status, description, required_skills, estimated_minutes, onsite_due, created_at)
		select gen_random_uuid(), '2025/' || lpad(i::text, 7, '0'), 2025, i, s.customer_id, s.id,
		       (array['low','medium','high'])[1 + (i % 3)]::priority, 'breakdown', (case when i <= ${scale.assignments + 1000} then 'new' else 'closed' end)::call_status,
		       'Guasto ' || i, (case when i % 10 = 0 then array[]::text[] when i % 10 = 1 then array['b' || lpad((1 + (i * 7) % 20)::text, 2, '0'), 'b' || lpad((1 + (i * 7 + 10) % 20)::text, 2, '0')] else array['b' || lpad((1 + (i * 7) % 20)::text, 2, '0')] end),
		       30 + (i % 4) * 30, '${scale.day}T12:00:00+01:00'::timestamptz, now() - (i % 700) * interval '1 day'
		from generate_series(1, ${scale.calls}) i join bench_sites s on s.rn = 1 + (i % 1000)`)
	);
	await db.execute(sql.raw(`analyze customers; analyze sites; analyze calls`));
}

/** `scale.assignments` one-hour assignments on `scale.day`, spread over the technicians' shifts. */
export async function generateAssignments(db: Db, scale: Pick<NearestScale, 'technicians' | 'assignments' | 'day'>): Promise<void> {
	await db.execute(
		sql.raw(`with bench_techs as (select row_number() over (order by id) as rn, id from technicians where code like 'BN%')
		insert into assignments (id, day, call_id, technician_id, starts_at, ends_at, status)
		select gen_random_uuid(), '${scale.day}', c.id, t.id,
		       '${scale.day}T08:00:00+01:00'::timestamptz + ((c.seq * 37) % 32) * interval '15 minutes',
		       '${scale.day}T08:00:00+01:00'::timestamptz + ((c.seq * 37) % 32) * interval '15 minutes' + interval '60 minutes', 'planned'
		from calls c join bench_techs t on t.rn = 1 + ((c.seq * 7919) % ${scale.technicians})
		where c.year = 2025 and c.seq <= ${scale.assignments}`)
	);
	await db.execute(sql.raw(`analyze assignments`));
}
