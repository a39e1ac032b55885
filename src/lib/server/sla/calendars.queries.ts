import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { businessCalendars, calendarClosures, comuni, patronDays, slaLevels } from '../db/schema';

export type CalendarRow = typeof businessCalendars.$inferSelect;
export type NewCalendarRow = typeof businessCalendars.$inferInsert;
export type ClosureRow = typeof calendarClosures.$inferSelect;
export type PatronDayRow = typeof patronDays.$inferSelect;

export async function listCalendars(db: Db, limit: number, offset: number) {
	const usage = db
		.select({ calendarId: slaLevels.calendarId, levels: count().as('levels') })
		.from(slaLevels)
		.groupBy(slaLevels.calendarId)
		.as('usage');
	return db
		.select({ calendar: businessCalendars, levels: sql<number>`coalesce(${usage.levels}, 0)::int` })
		.from(businessCalendars)
		.leftJoin(usage, eq(usage.calendarId, businessCalendars.id))
		.orderBy(asc(businessCalendars.name))
		.limit(limit)
		.offset(offset);
}

export async function countCalendars(db: Db): Promise<number> {
	const [row] = await db.select({ n: count() }).from(businessCalendars);
	return row?.n ?? 0;
}

export async function findCalendar(db: Db, id: string): Promise<CalendarRow | null> {
	const rows = await db.select().from(businessCalendars).where(eq(businessCalendars.id, id)).limit(1);
	return rows[0] ?? null;
}

export async function findCalendarByName(db: Db, name: string): Promise<CalendarRow | null> {
	const rows = await db
		.select()
		.from(businessCalendars)
		.where(sql`lower(${businessCalendars.name}) = lower(${name})`)
		.limit(1);
	return rows[0] ?? null;
}

export async function insertCalendar(db: Db, row: NewCalendarRow): Promise<void> {
	await db.insert(businessCalendars).values(row);
}

export async function updateCalendar(db: Db, id: string, changes: Partial<Omit<NewCalendarRow, 'id'>>): Promise<void> {
	if (Object.keys(changes).length === 0) return;
	await db.update(businessCalendars).set(changes).where(eq(businessCalendars.id, id));
}

export async function levelsUsingCalendar(db: Db, calendarId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(slaLevels).where(eq(slaLevels.calendarId, calendarId));
	return row?.n ?? 0;
}

export async function deleteCalendar(db: Db, id: string): Promise<void> {
	await db.delete(businessCalendars).where(eq(businessCalendars.id, id));
}

export async function closuresOf(db: Db, calendarId: string): Promise<ClosureRow[]> {
	return db.select().from(calendarClosures).where(eq(calendarClosures.calendarId, calendarId)).orderBy(asc(calendarClosures.day));
}

export async function findClosure(db: Db, calendarId: string, day: string): Promise<ClosureRow | null> {
	const rows = await db
		.select()
		.from(calendarClosures)
		.where(and(eq(calendarClosures.calendarId, calendarId), eq(calendarClosures.day, day)))
		.limit(1);
	return rows[0] ?? null;
}

export async function insertClosure(db: Db, row: typeof calendarClosures.$inferInsert): Promise<void> {
	await db.insert(calendarClosures).values(row);
}

export async function deleteClosure(db: Db, calendarId: string, day: string): Promise<number> {
	const rows = await db
		.delete(calendarClosures)
		.where(and(eq(calendarClosures.calendarId, calendarId), eq(calendarClosures.day, day)))
		.returning({ id: calendarClosures.id });
	return rows.length;
}

export type PatronDayView = PatronDayRow & { comuneName: string | null; comuneProvince: string | null };

export async function listPatronDays(db: Db, filter: { comuneIstat?: string; province?: string }): Promise<PatronDayView[]> {
	const conditions = [];
	if (filter.comuneIstat) conditions.push(eq(patronDays.comuneIstat, filter.comuneIstat));
	if (filter.province) conditions.push(sql`coalesce(${patronDays.province}, ${comuni.province}) = ${filter.province}`);
	return db
		.select({
			id: patronDays.id,
			comuneIstat: patronDays.comuneIstat,
			province: patronDays.province,
			month: patronDays.month,
			day: patronDays.day,
			name: patronDays.name,
			comuneName: comuni.name,
			comuneProvince: comuni.province
		})
		.from(patronDays)
		.leftJoin(comuni, eq(comuni.istat, patronDays.comuneIstat))
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(sql`coalesce(${comuni.province}, ${patronDays.province})`, asc(comuni.name), asc(patronDays.month), asc(patronDays.day));
}

export async function findPatronDay(db: Db, id: string): Promise<PatronDayRow | null> {
	const rows = await db.select().from(patronDays).where(eq(patronDays.id, id)).limit(1);
	return rows[0] ?? null;
}

export async function findSamePatronDay(db: Db, where: { comuneIstat: string | null; province: string | null; month: number; day: number }) {
	const rows = await db
		.select({ id: patronDays.id })
		.from(patronDays)
		.where(
			and(
				where.comuneIstat ? eq(patronDays.comuneIstat, where.comuneIstat) : isNull(patronDays.comuneIstat),
				where.province ? eq(patronDays.province, where.province) : isNull(patronDays.province),
				eq(patronDays.month, where.month),
				eq(patronDays.day, where.day)
			)
		)
		.limit(1);
	return rows[0] ?? null;
}

export async function insertPatronDay(db: Db, row: typeof patronDays.$inferInsert): Promise<void> {
	await db.insert(patronDays).values(row);
}

export async function deletePatronDay(db: Db, id: string): Promise<number> {
	const rows = await db.delete(patronDays).where(eq(patronDays.id, id)).returning({ id: patronDays.id });
	return rows.length;
}

export async function findComune(db: Db, istat: string): Promise<{ istat: string; name: string; province: string } | null> {
	const rows = await db.select({ istat: comuni.istat, name: comuni.name, province: comuni.province }).from(comuni).where(eq(comuni.istat, istat)).limit(1);
	return rows[0] ?? null;
}

export async function provinceExists(db: Db, province: string): Promise<boolean> {
	const rows = await db.select({ istat: comuni.istat }).from(comuni).where(eq(comuni.province, province)).limit(1);
	return rows.length > 0;
}

type Day = { month: number; day: number; name: string };

/** The comune's own patron days plus the days closing its whole province. */
export async function patronDaysOfComune(db: Db, comuneIstat: string | null, province: string | null): Promise<Day[]> {
	const comuneCondition = comuneIstat ? eq(patronDays.comuneIstat, comuneIstat) : sql`false`;
	const provinceCondition = province ? and(isNull(patronDays.comuneIstat), eq(patronDays.province, province)) : sql`false`;
	return db
		.select({ month: patronDays.month, day: patronDays.day, name: patronDays.name })
		.from(patronDays)
		.where(sql`(${comuneCondition}) or (${provinceCondition})`);
}

/** Days entered for the whole province. */
export async function provinceWidePatronDays(db: Db, province: string): Promise<Day[]> {
	return db
		.select({ month: patronDays.month, day: patronDays.day, name: patronDays.name })
		.from(patronDays)
		.where(and(isNull(patronDays.comuneIstat), eq(patronDays.province, province)));
}

/**
 * The patron days of the province's chief town, taken as the most populous comune of the
 * province that has patron days (the shipped data holds the capoluoghi).
 */
export async function chiefTownPatronDays(db: Db, province: string): Promise<Day[]> {
	const [town] = await db
		.select({ istat: comuni.istat })
		.from(patronDays)
		.innerJoin(comuni, eq(comuni.istat, patronDays.comuneIstat))
		.where(eq(comuni.province, province))
		.orderBy(desc(comuni.population), asc(comuni.istat))
		.limit(1);
	if (!town) return [];
	return db
		.select({ month: patronDays.month, day: patronDays.day, name: patronDays.name })
		.from(patronDays)
		.where(eq(patronDays.comuneIstat, town.istat));
}
