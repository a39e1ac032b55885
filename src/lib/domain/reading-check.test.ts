import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { SeriesReading } from './meter-usage';
import { checkReading, expectedVolume, fitsBefore, type CandidateReading, type CheckOptions } from './reading-check';

const at = (iso: string) => new Date(iso);
const r = (iso: string, value: number, kind: SeriesReading['kind'] = 'normal', previousMeterFinalValue: number | null = null): SeriesReading => ({
	readAt: at(iso),
	value,
	kind,
	previousMeterFinalValue
});
const n = (iso: string, value: number, kind: CandidateReading['kind'] = 'normal', previousMeterFinalValue: number | null = null): CandidateReading => ({
	readAt: at(iso),
	value,
	kind,
	previousMeterFinalValue
});

// 100 a day for 90 days, read monthly: enough history for the expected-volume band.
const steady = [r('2026-01-01T10:00Z', 0), r('2026-01-31T10:00Z', 3_000), r('2026-03-02T10:00Z', 6_000), r('2026-04-01T10:00Z', 9_000)];
// 30 days after the last reading: 3,000 expected, band 1,200..4,800.
const MAY = '2026-05-01T10:00Z';
const short = [r('2026-01-01T10:00Z', 0), r('2026-03-02T10:00Z', 6_000)];
const crowded = [r('2026-03-01T10:00Z', 0), r('2026-03-11T10:00Z', 1_000), r('2026-03-21T10:00Z', 2_000)];
const nearMax = [r('2026-01-01T10:00Z', 99_000)];

// Rome midnights from 20/02 to 29/03/2026 at 100 per real hour; 29/03 lasts 23 hours.
const romeMidnights: SeriesReading[] = [];
{
	let day = Temporal.PlainDate.from('2026-02-20');
	const start = day.toZonedDateTime('Europe/Rome').epochMilliseconds;
	while (Temporal.PlainDate.compare(day, Temporal.PlainDate.from('2026-03-29')) <= 0) {
		const ms = day.toZonedDateTime('Europe/Rome').epochMilliseconds;
		romeMidnights.push({ readAt: new Date(ms), value: Math.round((ms - start) / 36_000), kind: 'normal' });
		day = day.add({ days: 1 });
	}
}
const lastRome = romeMidnights.at(-1)!;
const march30Rome = new Date(Temporal.ZonedDateTime.from('2026-03-30T00:00[Europe/Rome]').epochMilliseconds);

type Case = [string, SeriesReading[], CandidateReading, CheckOptions, string, string | null, number | null];

describe('checkReading', () => {
	const cases: Case[] = [
		// name, prior, new, options, outcome, reason, usage
		['first reading of a meter', [], n(MAY, 1_234), {}, 'accept', null, null],
		['first reading may be a replacement (final value kept)', [], n(MAY, 0, 'replacement', 50_000), {}, 'accept', null, null],
		['normal, within the expected band', steady, n(MAY, 12_000), {}, 'accept', null, 3_000],
		['lower than the previous', steady, n(MAY, 8_999), {}, 'refuse', 'lower_than_previous', null],
		['zero usage with enough history goes to review', steady, n(MAY, 9_000), {}, 'review', 'below_expected', 0],
		['zero usage without enough history is accepted', short, n(MAY, 6_000), {}, 'accept', null, 0],
		['jump above +60% goes to review', steady, n(MAY, 19_000), {}, 'review', 'above_expected', 10_000],
		['exactly +60% is accepted', steady, n(MAY, 13_800), {}, 'accept', null, 4_800],
		['one above +60% goes to review', steady, n(MAY, 13_801), {}, 'review', 'above_expected', 4_801],
		['exactly -60% is accepted', steady, n(MAY, 10_200), {}, 'accept', null, 1_200],
		['one below -60% goes to review', steady, n(MAY, 10_199), {}, 'review', 'below_expected', 1_199],
		['big jump with only two readings: no band, accepted', short, n(MAY, 90_000), {}, 'accept', null, 84_000],
		['three readings over only 20 days: no band, accepted', crowded, n(MAY, 90_000), {}, 'accept', null, 88_000],
		['volume check skipped (corrections)', steady, n(MAY, 19_000), { skipVolumeCheck: true }, 'accept', null, 10_000],
		['older than the latest accepted reading', steady, n('2026-03-15T10:00Z', 9_500), {}, 'refuse', 'older_than_latest', null],
		['same timestamp as the latest, same value', steady, n('2026-04-01T10:00Z', 9_000), {}, 'refuse', 'same_time', null],
		['same timestamp as the latest, higher value', steady, n('2026-04-01T10:00Z', 9_100), {}, 'refuse', 'same_time', null],
		['one millisecond after the latest', short, n('2026-03-02T10:00:00.001Z', 6_001), {}, 'accept', null, 1],
		['rollover with a known maximum', nearMax, n('2026-02-01T10:00Z', 500, 'rollover'), { maxValue: 99_999 }, 'accept', null, 1_500],
		['rollover landing exactly on zero', [r('2026-01-01T10:00Z', 99_999)], n('2026-02-01T10:00Z', 0, 'rollover'), { maxValue: 99_999 }, 'accept', null, 1],
		['rollover without a known maximum', nearMax, n('2026-02-01T10:00Z', 500, 'rollover'), {}, 'refuse', 'rollover_without_max', null],
		['rollover whose value is not lower', nearMax, n('2026-02-01T10:00Z', 99_500, 'rollover'), { maxValue: 99_999 }, 'refuse', 'rollover_not_lower', null],
		['rollover as the first reading', [], n('2026-02-01T10:00Z', 500, 'rollover'), { maxValue: 99_999 }, 'refuse', 'rollover_without_previous', null],
		['lower value not marked as rollover, even near the maximum', nearMax, n('2026-02-01T10:00Z', 500), { maxValue: 99_999 }, 'refuse', 'lower_than_previous', null],
		['replacement: old meter final >= previous', short, n(MAY, 0, 'replacement', 6_500), {}, 'accept', null, 500],
		['replacement with final equal to the previous', short, n(MAY, 3, 'replacement', 6_000), {}, 'accept', null, 0],
		['replacement without the final value', short, n(MAY, 0, 'replacement'), {}, 'refuse', 'replacement_without_final', null],
		['replacement whose final value is below the previous', short, n(MAY, 0, 'replacement', 5_999), {}, 'refuse', 'replacement_final_below_previous', null],
		['replacement: usage still checked against the band', steady, n(MAY, 0, 'replacement', 30_000), {}, 'review', 'above_expected', 21_000],
		['above the counter maximum', short, n(MAY, 100_000), { maxValue: 99_999 }, 'refuse', 'above_max', null],
		['negative value', short, n(MAY, -1), {}, 'refuse', 'invalid_value', null],
		['fractional value', short, n(MAY, 6_000.5), {}, 'refuse', 'invalid_value', null],
		['in the future', short, n('2026-05-01T10:06Z', 7_000), { now: at(MAY) }, 'refuse', 'in_future', null],
		['a clock a few minutes ahead is tolerated', short, n('2026-05-01T10:04Z', 7_000), { now: at(MAY) }, 'accept', null, 1_000],
		['DST day (23 hours) at the usual hourly pace', romeMidnights, { readAt: march30Rome, value: lastRome.value + 2_300, kind: 'normal' }, {}, 'accept', null, 2_300],
		['DST day: a gap under a day has no lower bound', romeMidnights, { readAt: march30Rome, value: lastRome.value, kind: 'normal' }, {}, 'accept', null, 0],
		['DST day: far above a day of usage', romeMidnights, { readAt: march30Rome, value: lastRome.value + 4_000, kind: 'normal' }, {}, 'review', 'above_expected', 4_000],
		['huge gap (two years) at the usual pace', steady, n('2028-03-31T10:00Z', 9_000 + 73_000), {}, 'accept', null, 73_000],
		['huge gap with far more usage than the pace', steady, n('2028-03-31T10:00Z', 9_000 + 200_000), {}, 'review', 'above_expected', 200_000],
		['prior readings in any order', [steady[3], steady[0], steady[2], steady[1]], n(MAY, 12_000), {}, 'accept', null, 3_000]
	];

	it.each(cases)('%s', (_name, prior, reading, options, outcome, reason, usage) => {
		const result = checkReading(prior, reading, options);
		expect(result.outcome).toBe(outcome);
		if (result.outcome === 'refuse') expect(result.reason).toBe(reason);
		else {
			if (result.outcome === 'review') expect(result.reason).toBe(reason);
			expect(result.usage).toBe(usage);
		}
	});

	it('names the previous reading when refusing a lower one', () => {
		const result = checkReading(steady, n(MAY, 8_000), {});
		expect(result).toEqual({ outcome: 'refuse', reason: 'lower_than_previous', previous: steady[3] });
	});

	it('reports the expected band with a review', () => {
		const result = checkReading(steady, n(MAY, 19_000), {});
		expect(result.outcome === 'review' && result.expected).toMatchObject({ expected: 3_000, min: 1_200, max: 4_800, days: 30 });
	});
});

describe('expectedVolume', () => {
	it.each([
		['steady history, 30 days on', steady, MAY, { expected: 3_000, min: 1_200, max: 4_800 }],
		['half a day on: upper bound for a whole day, no lower bound', steady, '2026-04-01T22:00Z', { expected: 50, min: 0, max: 160 }],
		['too few readings', short, MAY, null],
		['too short a span', crowded, MAY, null]
	])('%s', (_name, prior, when, expected) => {
		const result = expectedVolume(prior, at(when));
		if (expected === null) expect(result).toBeNull();
		else expect(result).toMatchObject(expected);
	});

	it('uses the last three months, grown to three readings', () => {
		// Fast in the last three months (200/day), slow before: the band follows the recent pace.
		const history = [r('2025-01-01T10:00Z', 0), r('2025-10-01T10:00Z', 2_730), r('2025-11-30T10:00Z', 14_730), r('2025-12-30T10:00Z', 20_730)];
		expect(expectedVolume(history, at('2026-01-29T10:00Z'))).toMatchObject({ expected: 6_000 });
	});
});

describe('fitsBefore', () => {
	it.each([
		['a corrected value still below the next reading', n('2026-02-01T10:00Z', 1_000), r('2026-03-01T10:00Z', 2_000), 'accept'],
		['a corrected value above the next reading breaks it', n('2026-02-01T10:00Z', 2_500), r('2026-03-01T10:00Z', 2_000), 'refuse'],
		['the next reading is a rollover: a corrected value below it breaks the rollover', n('2026-02-01T10:00Z', 100), r('2026-03-01T10:00Z', 500, 'rollover'), 'refuse']
	])('%s', (_name, reading, next, outcome) => {
		const result = fitsBefore(reading, next, { maxValue: 99_999 });
		expect(result.outcome).toBe(outcome);
		if (result.outcome === 'refuse') expect(result).toMatchObject({ reason: 'above_next', previous: next });
	});
});
