import { AVERAGE_WINDOW_DAYS, cumulative, DAY_MS, stepUsage, type EffectiveKind, type SeriesReading } from './meter-usage';

/**
 * Decides what happens to a new meter reading, given the readings of the meter that count:
 * accepted, refused (it cannot be right: lower than the previous without a rollover or a
 * replacement, older than the latest...), or sent to review (plausible, but the usage is far
 * from what the meter's recent history predicts).
 */

/** The expected volume band: usage within +/- this share of the predicted one is accepted. */
export const VOLUME_TOLERANCE = 0.6;
/** Enough history to predict: at least this many readings over at least this many days. */
export const MIN_HISTORY_READINGS = 3;
export const MIN_HISTORY_DAYS = 30;
/** Clocks of collectors and phones drift: a reading up to this far in the future is accepted. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export type CandidateReading = {
	value: number;
	readAt: Date;
	kind: EffectiveKind;
	/** For a replacement: the old meter's final value. */
	previousMeterFinalValue?: number | null;
};

export type CheckOptions = {
	maxValue?: number | null;
	/** When given, readings later than now (plus a small tolerance) are refused. */
	now?: Date;
	/** Hard rules only (corrections, approvals): no expected-volume review. */
	skipVolumeCheck?: boolean;
};

export const REFUSAL_REASONS = [
	'invalid_value',
	'in_future',
	'same_time',
	'older_than_latest',
	'lower_than_previous',
	'above_max',
	'rollover_without_max',
	'rollover_without_previous',
	'rollover_not_lower',
	'replacement_without_final',
	'replacement_final_below_previous',
	'above_next'
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export type ReviewReason = 'above_expected' | 'below_expected';

export type ExpectedVolume = {
	/** Usage the recent average predicts for the elapsed time. */
	expected: number;
	min: number;
	max: number;
	dailyAverage: number;
	/** Days since the previous reading. */
	days: number;
};

export type CheckResult =
	| { outcome: 'accept'; usage: number | null; expected: ExpectedVolume | null }
	| { outcome: 'review'; reason: ReviewReason; usage: number; expected: ExpectedVolume }
	| { outcome: 'refuse'; reason: RefusalReason; previous: SeriesReading | null };

function refuse(reason: RefusalReason, previous: SeriesReading | null = null): CheckResult {
	return { outcome: 'refuse', reason, previous };
}

/**
 * The band the usage since `previous` should fall in, from the daily average of the three months
 * before it (grown to the last MIN_HISTORY_READINGS readings when the window holds fewer). Null
 * without enough history. For gaps shorter than a day only the upper bound applies, computed for
 * one day: a few hours of a busy copier say little.
 */
export function expectedVolume(prior: readonly SeriesReading[], at: Date, options: { maxValue?: number | null } = {}): ExpectedVolume | null {
	const points = cumulative(prior, options);
	if (points.length < MIN_HISTORY_READINGS) return null;
	const last = points[points.length - 1];
	let i = points.findIndex((p) => p.t >= last.t - AVERAGE_WINDOW_DAYS * DAY_MS);
	i = Math.min(i, points.length - MIN_HISTORY_READINGS);
	const first = points[i];
	const spanDays = (last.t - first.t) / DAY_MS;
	if (spanDays < MIN_HISTORY_DAYS) return null;
	const dailyAverage = (last.c - first.c) / spanDays;
	const days = (at.getTime() - last.t) / DAY_MS;
	const expected = dailyAverage * days;
	return {
		expected: Math.round(expected),
		min: days >= 1 ? Math.floor(expected * (1 - VOLUME_TOLERANCE)) : 0,
		max: Math.ceil(dailyAverage * Math.max(days, 1) * (1 + VOLUME_TOLERANCE)),
		dailyAverage,
		days
	};
}

/**
 * Checks a new reading against the meter's counting readings (accepted, not corrected; any
 * order). Only the latest prior reading decides the hard rules; the history feeds the volume band.
 */
export function checkReading(prior: readonly SeriesReading[], reading: CandidateReading, options: CheckOptions = {}): CheckResult {
	const { maxValue = null } = options;
	if (!Number.isSafeInteger(reading.value) || reading.value < 0 || Number.isNaN(reading.readAt.getTime())) return refuse('invalid_value');
	if (maxValue !== null && reading.value > maxValue) return refuse('above_max');
	if (options.now && reading.readAt.getTime() > options.now.getTime() + FUTURE_TOLERANCE_MS) return refuse('in_future');

	const sorted = [...prior].sort((a, b) => a.readAt.getTime() - b.readAt.getTime());
	const previous = sorted.at(-1) ?? null;
	const final = reading.previousMeterFinalValue ?? null;
	if (reading.kind === 'rollover' && maxValue === null) return refuse('rollover_without_max', previous);
	if (reading.kind === 'replacement' && (final === null || !Number.isSafeInteger(final) || final < 0)) return refuse('replacement_without_final', previous);
	if (!previous) {
		if (reading.kind === 'rollover') return refuse('rollover_without_previous');
		return { outcome: 'accept', usage: null, expected: null };
	}

	const t = reading.readAt.getTime();
	const prevT = previous.readAt.getTime();
	if (t < prevT) return refuse('older_than_latest', previous);
	if (t === prevT) return refuse('same_time', previous);

	switch (reading.kind) {
		case 'normal':
			if (reading.value < previous.value) return refuse('lower_than_previous', previous);
			break;
		case 'rollover':
			if (reading.value >= previous.value) return refuse('rollover_not_lower', previous);
			break;
		case 'replacement':
			if (final! < previous.value) return refuse('replacement_final_below_previous', previous);
			break;
	}
	const usage = stepUsage(previous, reading, { maxValue });
	const expected = options.skipVolumeCheck ? null : expectedVolume(sorted, reading.readAt, { maxValue });
	if (expected) {
		if (usage > expected.max) return { outcome: 'review', reason: 'above_expected', usage, expected };
		if (usage < expected.min) return { outcome: 'review', reason: 'below_expected', usage, expected };
	}
	return { outcome: 'accept', usage, expected };
}

/**
 * Whether `next` (a reading that already counts) still fits after `reading` is put before it:
 * used when a correction or an approval places a reading between two others. Refuses with
 * 'above_next', naming `next` as the reading in the way.
 */
export function fitsBefore(reading: CandidateReading, next: SeriesReading, options: { maxValue?: number | null } = {}): CheckResult {
	const result = checkReading(
		[{ value: reading.value, readAt: reading.readAt, kind: reading.kind, previousMeterFinalValue: reading.previousMeterFinalValue }],
		{ value: next.value, readAt: next.readAt, kind: next.kind ?? 'normal', previousMeterFinalValue: next.previousMeterFinalValue },
		{ maxValue: options.maxValue, skipVolumeCheck: true }
	);
	return result.outcome === 'refuse' ? refuse('above_next', next) : result;
}
