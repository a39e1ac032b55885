import { db } from '../db/client';
import { logger } from '../logger';
import * as queries from './partitions.queries';
import { positionSettings } from './position-settings';

/** How many days of partitions exist ahead of today, so a missed daily run loses nothing. */
export const PARTITION_DAYS_AHEAD = 7;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
function addDays(day: string, n: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return dayOf(d);
}

export type PartitionReport = { created: string[]; dropped: string[]; movedRows: number; deletedDefaultRows: number };

/**
 * Daily maintenance of position_history: creates the partitions for today and the next days,
 * and for past days that still have rows in the DEFAULT partition (moving those rows in); drops
 * day partitions entirely older than the retention setting and old rows left in DEFAULT.
 * Idempotent and serialized by an advisory lock.
 */
export async function maintainPositionPartitions(now = new Date()): Promise<PartitionReport> {
	const { retentionDays } = await positionSettings();
	const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
	const report = await db().transaction(async (tx) => {
		await queries.lockPartitions(tx);
		const existing = new Set(await queries.dayPartitions(tx));
		const today = dayOf(now);
		const wanted = new Set<string>();
		for (let i = 0; i <= PARTITION_DAYS_AHEAD; i++) wanted.add(addDays(today, i));
		for (const day of await queries.daysInDefault(tx, dayOf(cutoff))) wanted.add(day);
		const result: PartitionReport = { created: [], dropped: [], movedRows: 0, deletedDefaultRows: 0 };
		for (const day of [...wanted].sort()) {
			// A day that ended before the cutoff is not worth a partition: its rows are deleted below.
			if (existing.has(day) || new Date(`${addDays(day, 1)}T00:00:00Z`) <= cutoff) continue;
			result.movedRows += await queries.createDayPartition(tx, day);
			result.created.push(day);
		}
		for (const day of existing) {
			if (new Date(`${addDays(day, 1)}T00:00:00Z`) > cutoff) continue;
			await queries.dropDayPartition(tx, day);
			result.dropped.push(day);
		}
		result.deletedDefaultRows = await queries.deleteOldDefaultRows(tx, cutoff);
		return result;
	});
	logger().info(report, 'position history partitions maintained');
	return report;
}
