import { Temporal } from 'temporal-polyfill';

/**
 * Meter usage from a meter's readings. A meter is a counter that only grows, except when it
 * wraps past its maximum (rollover) or is swapped for a new one (replacement): the usage between
 * two readings is then not simply the difference of their values. Between readings usage is
 * taken as even in time (linear interpolation); before the first or after the last reading it is
 * extrapolated from the daily average of the nearest three months and marked as estimated.
 */

export const DAY_MS = 86_400_000;
/** The "recent" window for daily averages: three months. */
export const AVERAGE_WINDOW_DAYS = 90;
export const COMPANY_ZONE = 'Europe/Rome';

export type EffectiveKind = 'normal' | 'rollover' | 'replacement';

/** One reading that counts (accepted, not corrected), as the usage maths sees it. */
export type SeriesReading = {
	value: number;
	readAt: Date;
	/** normal when absent. */
	kind?: EffectiveKind;
	/** For a replacement: the old meter's final value; `value` is then the new meter's first value. */
	previousMeterFinalValue?: number | null;
};

export type MeterOptions = {
	/** Highest value before the counter wraps to zero, when known. */
	maxValue?: number | null;
};

/**
 * Usage from one reading to the next one.
 * - normal: the difference.
 * - rollover: the counter went up to `maxValue`, wrapped to 0 and reached `value`.
 * - replacement: the old meter ran from `prev.value` to its final value; the new meter starts at
 *   `next.value`, which is its first reading (so it adds nothing yet).
 * A rollover with an unknown maximum can only count from zero (an underestimate); the reading
 * check refuses such a rollover, so this only matters for data entered before the maximum was
 * cleared.
 */
export function stepUsage(prev: SeriesReading, next: SeriesReading, options: MeterOptions = {}): number {
	switch (next.kind ?? 'normal') {
		case 'rollover':
			return options.maxValue != null ? options.maxValue - prev.value + next.value + 1 : next.value;
		case 'replacement':
			return Math.max(0, (next.previousMeterFinalValue ?? prev.value) - prev.value);
		default:
			return Math.max(0, next.value - prev.value);
	}
}

export type CumulativePoint = { t: number; c: number };

/** Readings sorted by time, each with the usage accumulated since the first one. */
export function cumulative(readings: readonly SeriesReading[], options: MeterOptions = {}): CumulativePoint[] {
	const sorted = [...readings].sort((a, b) => a.readAt.getTime() - b.readAt.getTime());
	const points: CumulativePoint[] = [];
	for (let i = 0; i < sorted.length; i++) {
		const c = i === 0 ? 0 : points[i - 1].c + stepUsage(sorted[i - 1], sorted[i], options);
		points.push({ t: sorted[i].readAt.getTime(), c });
	}
	return points;
}

/**
 * Average daily usage over the three months that end at the last point (`side` 'end') or start at
 * the first one (`side` 'start'); the window grows to the neighbouring reading when it holds only
 * one. Null with fewer than two readings or no elapsed time.
 */
export function dailyAverage(points: readonly CumulativePoint[], side: 'start' | 'end', windowDays = AVERAGE_WINDOW_DAYS): number | null {
	if (points.length < 2) return null;
	const window = windowDays * DAY_MS;
	let a: CumulativePoint, b: CumulativePoint;
	if (side === 'end') {
		b = points[points.length - 1];
		let i = points.findIndex((p) => p.t >= b.t - window);
		i = Math.min(i, points.length - 2);
		a = points[i];
	} else {
		a = points[0];
		let j = points.length - 1;
		while (j > 0 && points[j].t > a.t + window) j--;
		j = Math.max(j, 1);
		b = points[j];
	}
	const days = (b.t - a.t) / DAY_MS;
	return days > 0 ? (b.c - a.c) / days : null;
}

/** How a boundary's counter value was found. */
export type BoundaryMethod = 'reading' | 'interpolated' | 'extrapolated' | 'unknown';

export type UsageResult = {
	/** Whole units (copies, hours...); null when there is nothing to estimate from. */
	usage: number | null;
	/** True when a boundary lies outside the readings and was extrapolated (or could not be). */
	estimated: boolean;
	estimatedBoundaries: Array<'from' | 'to'>;
	from: BoundaryMethod;
	to: BoundaryMethod;
};

function counterAt(points: readonly CumulativePoint[], t: number): { c: number | null; method: BoundaryMethod } {
	if (points.length === 0) return { c: null, method: 'unknown' };
	const first = points[0];
	const last = points[points.length - 1];
	if (t < first.t) {
		const avg = dailyAverage(points, 'start');
		return avg === null ? { c: null, method: 'unknown' } : { c: first.c - (avg * (first.t - t)) / DAY_MS, method: 'extrapolated' };
	}
	if (t > last.t) {
		const avg = dailyAverage(points, 'end');
		return avg === null ? { c: null, method: 'unknown' } : { c: last.c + (avg * (t - last.t)) / DAY_MS, method: 'extrapolated' };
	}
	// Several readings at the same instant: the last of them is the value "at" that instant.
	let hi = points.length - 1;
	while (hi > 0 && points[hi - 1].t >= t) hi--;
	const exact = points.filter((p) => p.t === t);
	if (exact.length) return { c: exact[exact.length - 1].c, method: 'reading' };
	const a = points[hi - 1];
	const b = points[hi];
	return { c: a.c + ((b.c - a.c) * (t - a.t)) / (b.t - a.t), method: 'interpolated' };
}

/**
 * Usage of a meter between two instants from the readings that count (see `countingSeries`).
 * Boundaries between readings are interpolated; boundaries outside them are extrapolated from the
 * three-month daily average and reported in `estimatedBoundaries`.
 */
export function usageBetween(readings: readonly SeriesReading[], from: Date, to: Date, options: MeterOptions = {}): UsageResult {
	if (to.getTime() < from.getTime()) throw new RangeError('usageBetween: `to` is before `from`');
	const points = cumulative(readings, options);
	const a = counterAt(points, from.getTime());
	const b = counterAt(points, to.getTime());
	const estimatedBoundaries: Array<'from' | 'to'> = [];
	if (a.method === 'extrapolated' || a.method === 'unknown') estimatedBoundaries.push('from');
	if (b.method === 'extrapolated' || b.method === 'unknown') estimatedBoundaries.push('to');
	const usage = a.c === null || b.c === null ? null : Math.max(0, Math.round(b.c - a.c));
	return { usage, estimated: estimatedBoundaries.length > 0, estimatedBoundaries, from: a.method, to: b.method };
}

// ---------------------------------------------------------------------------------------------
// Which stored readings count

export type StoredReadingKind = EffectiveKind | 'correction';
export type StoredReadingStatus = 'accepted' | 'review' | 'rejected';

/** A reading as stored; only what deciding "does it count, and as what" needs. */
export type StoredReading = {
	id: string;
	value: number;
	readAt: Date;
	kind: StoredReadingKind;
	status: StoredReadingStatus;
	correctsReadingId?: string | null;
	previousMeterFinalValue?: number | null;
};

export type CountingReading<R extends StoredReading = StoredReading> = SeriesReading & { kind: EffectiveKind; reading: R };

/** The kind a reading stands for: a correction stands for what the reading it corrects was. */
export function effectiveKind(reading: StoredReading, byId: ReadonlyMap<string, StoredReading>): EffectiveKind {
	let current: StoredReading | undefined = reading;
	const seen = new Set<string>();
	while (current && current.kind === 'correction') {
		if (seen.has(current.id)) return 'normal';
		seen.add(current.id);
		current = current.correctsReadingId ? byId.get(current.correctsReadingId) : undefined;
	}
	return current ? (current.kind as EffectiveKind) : 'normal';
}

/** A replacement's old-meter final value: the reading's own, else the one of the reading it corrects (and so on). */
export function inheritedFinalValue(reading: StoredReading, byId: ReadonlyMap<string, StoredReading>): number | null {
	let current: StoredReading | undefined = reading;
	const seen = new Set<string>();
	while (current && !seen.has(current.id)) {
		if (current.previousMeterFinalValue != null) return current.previousMeterFinalValue;
		seen.add(current.id);
		current = current.kind === 'correction' && current.correctsReadingId ? byId.get(current.correctsReadingId) : undefined;
	}
	return null;
}

/**
 * The readings that count for usage: accepted, and not replaced by an accepted correction. A
 * correction counts as the kind of the reading it corrects (a corrected rollover is still a
 * rollover), keeping its own replacement final value when it has one.
 */
export function countingSeries<R extends StoredReading>(rows: readonly R[]): CountingReading<R>[] {
	const byId = new Map<string, StoredReading>(rows.map((r) => [r.id, r]));
	const corrected = new Set(rows.filter((r) => r.kind === 'correction' && r.status === 'accepted' && r.correctsReadingId).map((r) => r.correctsReadingId!));
	return rows
		.filter((r) => r.status === 'accepted' && !corrected.has(r.id))
		.map((r) => {
			const kind = effectiveKind(r, byId);
			const final = kind === 'replacement' ? inheritedFinalValue(r, byId) : (r.previousMeterFinalValue ?? null);
			return { value: r.value, readAt: r.readAt, kind, previousMeterFinalValue: final, reading: r };
		})
		.sort((a, b) => a.readAt.getTime() - b.readAt.getTime());
}

// ---------------------------------------------------------------------------------------------
// Months in the company's zone

/** "2026-03" -> the instants its first day starts and the next month's first day starts, in `zone`. */
export function monthRange(yearMonth: string, zone = COMPANY_ZONE): { from: Date; to: Date } {
	const month = Temporal.PlainYearMonth.from(yearMonth);
	const start = month.toPlainDate({ day: 1 }).toZonedDateTime({ timeZone: zone });
	const end = month.add({ months: 1 }).toPlainDate({ day: 1 }).toZonedDateTime({ timeZone: zone });
	return { from: new Date(start.epochMilliseconds), to: new Date(end.epochMilliseconds) };
}

/** The `count` months up to and including the one `now` falls in (company zone), oldest first. */
export function lastMonths(now: Date, count: number, zone = COMPANY_ZONE): string[] {
	const current = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone).toPlainDate().toPlainYearMonth();
	return Array.from({ length: count }, (_, i) => current.subtract({ months: count - 1 - i }).toString());
}

export type MonthUsage = UsageResult & { month: string };

/**
 * Usage per calendar month (company zone), for charts and billing previews. The current month
 * stops at `now`. Nothing is known before a meter's first reading (the unit may not have
 * existed): a month that ends before it has no data (usage null), and the month it falls in
 * counts from it. Months after the last reading are extrapolated and marked estimated.
 */
export function monthlyUsage(
	readings: readonly SeriesReading[],
	months: readonly string[],
	options: MeterOptions & { now?: Date; zone?: string } = {}
): MonthUsage[] {
	const firstAt = readings.length ? Math.min(...readings.map((r) => r.readAt.getTime())) : null;
	return months.map((month) => {
		const range = monthRange(month, options.zone);
		const to = options.now && options.now.getTime() < range.to.getTime() ? options.now : range.to;
		if (firstAt === null || range.to.getTime() <= firstAt || to.getTime() < range.from.getTime()) {
			return { month, usage: null, estimated: false, estimatedBoundaries: [], from: 'unknown', to: 'unknown' };
		}
		const from = range.from.getTime() < firstAt ? new Date(firstAt) : range.from;
		return { month, ...usageBetween(readings, from, to, options) };
	});
}
