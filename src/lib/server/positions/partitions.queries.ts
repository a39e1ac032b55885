import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/**
 * Day partitions of position_history are named position_history_pYYYYMMDD and cover one UTC day
 * [YYYY-MM-DD 00:00Z, next day 00:00Z). Names are built from validated dates only, so the raw
 * DDL below never contains user input.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PARTITION = /^position_history_p(\d{4})(\d{2})(\d{2})$/;

function partitionName(day: string): string {
	if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
	return `position_history_p${day.replaceAll('-', '')}`;
}

function nextDay(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

/** Serializes partition maintenance (two job runs at once, or a run beside the seed). */
export async function lockPartitions(tx: Db): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext('position_history_partitions'))`);
	// Holds new reports back for these milliseconds: a row landing in DEFAULT between moving a
	// day's rows out and creating its partition would make the creation fail.
	await tx.execute(sql`lock table position_history in share row exclusive mode`);
}

/** Existing day partitions by day (YYYY-MM-DD); the DEFAULT partition is not listed. */
export async function dayPartitions(db: Db): Promise<string[]> {
	const rows = await db.execute<{ name: string }>(sql`
		select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
		where i.inhparent = 'position_history'::regclass order by c.relname`);
	return rows
		.map((r) => PARTITION.exec(r.name))
		.filter((m): m is RegExpExecArray => m !== null)
		.map((m) => `${m[1]}-${m[2]}-${m[3]}`);
}

/** UTC days that have rows waiting in the DEFAULT partition, from `sinceDay` on. */
export async function daysInDefault(db: Db, sinceDay: string): Promise<string[]> {
	const rows = await db.execute<{ day: string }>(sql`
		select distinct to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD') as day from position_history_default
		where recorded_at >= ${sinceDay + 'T00:00:00Z'}::timestamptz order by 1`);
	return rows.map((r) => r.day);
}

/**
 * Creates the day's partition. PostgreSQL refuses to attach a range that rows in the DEFAULT
 * partition already fall into, so those rows are first moved out and put back through the
 * parent (landing in the new partition), all inside the caller's transaction.
 */
export async function createDayPartition(tx: Db, day: string): Promise<number> {
	const name = partitionName(day);
	const from = `${day}T00:00:00Z`;
	const to = `${nextDay(day)}T00:00:00Z`;
	await tx.execute(sql`create temp table if not exists position_history_moving (like position_history) on commit drop`);
	await tx.execute(sql`delete from position_history_moving`);
	const moved = await tx.execute(sql`
		with gone as (delete from position_history_default where recorded_at >= ${from}::timestamptz and recorded_at < ${to}::timestamptz returning *)
		insert into position_history_moving select * from gone`);
	await tx.execute(
		sql.raw(`create table if not exists "${name}" partition of position_history for values from ('${from}') to ('${to}')`)
	);
	await tx.execute(sql`insert into position_history select * from position_history_moving`);
	return moved.count ?? 0;
}

export async function dropDayPartition(tx: Db, day: string): Promise<void> {
	await tx.execute(sql.raw(`drop table if exists "${partitionName(day)}"`));
}

/** Rows older than the cutoff that wait in the DEFAULT partition go with the retention too. */
export async function deleteOldDefaultRows(tx: Db, cutoff: Date): Promise<number> {
	const result = await tx.execute(sql`delete from position_history_default where recorded_at < ${cutoff.toISOString()}::timestamptz`);
	return result.count ?? 0;
}
