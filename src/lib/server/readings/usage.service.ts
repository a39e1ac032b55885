import { z } from 'zod';
import { countingSeries, lastMonths, monthlyUsage, stepUsage, type MonthUsage } from '$lib/domain/meter-usage';
import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import { NotFoundError } from '../errors';
import * as queries from './readings.queries';

/** How many readings per meter the equipment page lists (newest first); older ones stay in the API list. */
export const HISTORY_LIMIT = 500;

export type MeterOverview = {
	id: string;
	meterType: string;
	name: { it: string; en: string };
	unit: { it: string; en: string };
	maxValue: number | null;
	lastReading: { id: string; value: number; readAt: Date; source: string; kind: string } | null;
	pendingReview: number;
	usage: { total: number; estimated: boolean; months: Array<Pick<MonthUsage, 'month' | 'usage' | 'estimated'>> };
};

export type HistoryRow = queries.ReadingListRow & { usage: number | null; counts: boolean };

async function loadUnit(actor: Actor | null | undefined, equipmentId: string) {
	authorize(actor, 'equipment.read');
	if (!z.uuid().safeParse(equipmentId).success) throw new NotFoundError('equipment not found');
	const unit = await queries.findEquipmentHeader(db(), equipmentId);
	if (!unit) throw new NotFoundError('equipment not found');
	const meters = await queries.listMetersOf(db(), [equipmentId]);
	const rows = await queries.readingsOfMeters(
		db(),
		meters.map((m) => m.id)
	);
	return { unit, meters, rows };
}

function overview(meter: Awaited<ReturnType<typeof queries.listMetersOf>>[number], rows: queries.ReadingRow[], months: string[], now: Date): MeterOverview {
	const series = countingSeries(rows);
	const last = series.at(-1)?.reading ?? null;
	const monthly = monthlyUsage(series, months, { maxValue: meter.maxValue, now });
	const corrected = new Set(rows.filter((r) => r.kind === 'correction' && r.status === 'accepted').map((r) => r.correctsReadingId));
	return {
		id: meter.id,
		meterType: meter.meterType,
		name: { it: meter.nameIt, en: meter.nameEn },
		unit: { it: meter.unitIt, en: meter.unitEn },
		maxValue: meter.maxValue,
		lastReading: last && { id: last.id, value: last.value, readAt: last.readAt, source: last.source, kind: last.kind },
		pendingReview: rows.filter((r) => r.status === 'review' && !corrected.has(r.id)).length,
		usage: {
			total: monthly.reduce((sum, m) => sum + (m.usage ?? 0), 0),
			estimated: monthly.some((m) => m.estimated),
			months: monthly.map((m) => ({ month: m.month, usage: m.usage, estimated: m.estimated }))
		}
	};
}

/** The meters of a unit with their last counting reading and usage per month over the last `months` months (company zone). */
export async function equipmentMeters(actor: Actor | null | undefined, equipmentId: string, now = new Date(), months = 12) {
	const { unit, meters, rows } = await loadUnit(actor, equipmentId);
	const range = lastMonths(now, months);
	return {
		equipment: { id: unit.id, serialNumber: unit.serialNumber, brand: unit.brand, model: unit.model },
		meters: meters.map((m) =>
			overview(
				m,
				rows.filter((r) => r.meterId === m.id),
				range,
				now
			)
		)
	};
}

/** Everything the unit's readings page shows: meters, usage per month, and each meter's history with usage per reading. */
export async function equipmentReadingsPage(actor: Actor | null | undefined, equipmentId: string, now = new Date()) {
	const { unit, meters, rows } = await loadUnit(actor, equipmentId);
	const range = lastMonths(now, 12);
	// Per meter, so a chatty collector on one meter does not push the others' history off the page.
	const histories = await Promise.all(meters.map((m) => queries.listReadings(db(), { equipmentId, meterType: m.meterType }, { limit: HISTORY_LIMIT, offset: 0 })));
	return {
		equipment: unit,
		meters: meters.map((m, index) => {
			const own = rows.filter((r) => r.meterId === m.id);
			const series = countingSeries(own);
			const usageById = new Map<string, number | null>();
			series.forEach((s, i) => usageById.set(s.reading.id, i === 0 ? null : stepUsage(series[i - 1], s, { maxValue: m.maxValue })));
			const history: HistoryRow[] = histories[index].items.map((r) => ({ ...r, usage: usageById.get(r.id) ?? null, counts: usageById.has(r.id) }));
			return { ...overview(m, own, range, now), history, historyTotal: own.length };
		})
	};
}
