import type { SeriesReading } from '$lib/domain/meter-usage';
import type { ExpectedVolume, RefusalReason, ReviewReason } from '$lib/domain/reading-check';
import { ValidationError } from '../errors';

/**
 * Sentences for readings the check refused or sent to review. The API speaks English with
 * Italian-style dates (the office reads dd/mm/yyyy); pages translate from `reason` and `params`.
 */

const ZONE = 'Europe/Rome';
export const count = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
export const day = (d: Date) => new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: ZONE }).format(d);
export const dayTime = (d: Date) =>
	new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: ZONE }).format(d);

export type RefusalParams = {
	value: number;
	readAt: string;
	previousValue: number | null;
	previousAt: string | null;
	maxValue: number | null;
	finalValue: number | null;
};

const FIELD: Record<RefusalReason, string> = {
	invalid_value: 'value',
	in_future: 'readAt',
	same_time: 'readAt',
	older_than_latest: 'readAt',
	lower_than_previous: 'value',
	above_max: 'value',
	rollover_without_max: 'kind',
	rollover_without_previous: 'kind',
	rollover_not_lower: 'value',
	replacement_without_final: 'previousMeterFinalValue',
	replacement_final_below_previous: 'previousMeterFinalValue',
	above_next: 'value'
};

export function refusalMessage(reason: RefusalReason, p: RefusalParams): string {
	const prev = p.previousValue !== null && p.previousAt ? `${count(p.previousValue)} of ${day(new Date(p.previousAt))}` : '';
	switch (reason) {
		case 'invalid_value':
			return 'value must be a whole number from 0';
		case 'in_future':
			return `reading time ${dayTime(new Date(p.readAt))} is in the future`;
		case 'same_time':
			return `there is already a reading at ${dayTime(new Date(p.previousAt!))} (${count(p.previousValue!)})`;
		case 'older_than_latest':
			return `reading of ${dayTime(new Date(p.readAt))} is older than the latest accepted reading, ${prev}`;
		case 'lower_than_previous':
			return `reading ${count(p.value)} is lower than the previous ${prev}; mark it as a counter rollover or a meter replacement if that is what happened`;
		case 'above_max':
			return `reading ${count(p.value)} is above the counter maximum ${count(p.maxValue!)}`;
		case 'rollover_without_max':
			return 'a counter rollover needs the counter maximum, which is not known for this meter';
		case 'rollover_without_previous':
			return 'a counter rollover needs a previous reading';
		case 'rollover_not_lower':
			return `a rollover reading must be lower than the previous ${prev}`;
		case 'replacement_without_final':
			return "a meter replacement needs the old meter's final value";
		case 'replacement_final_below_previous':
			return `the old meter's final value ${count(p.finalValue!)} is lower than its previous reading ${prev}`;
		case 'above_next':
			return `reading ${count(p.value)} is higher than the following reading ${prev}`;
	}
}

/** A reading the check refused: a 400 naming the field, with the reason and figures for pages. */
export class ReadingRefusedError extends ValidationError {
	constructor(
		readonly reason: RefusalReason,
		readonly params: RefusalParams
	) {
		super(FIELD[reason], refusalMessage(reason, params));
	}
}

export function refusedError(
	reason: RefusalReason,
	reading: { value: number; readAt: Date; previousMeterFinalValue?: number | null },
	previous: SeriesReading | null,
	maxValue: number | null
): ReadingRefusedError {
	return new ReadingRefusedError(reason, {
		value: reading.value,
		readAt: reading.readAt.toISOString(),
		previousValue: previous?.value ?? null,
		previousAt: previous?.readAt.toISOString() ?? null,
		maxValue,
		finalValue: reading.previousMeterFinalValue ?? null
	});
}

/**
 * Why a reading waits for review, stored in `review_reason` in a form both people and the pages
 * can read: `above_expected usage=10000 expected=3000 min=1200 max=4800 days=30`.
 */
export function reviewReasonText(reason: ReviewReason, usage: number, expected: ExpectedVolume): string {
	return `${reason} usage=${usage} expected=${expected.expected} min=${expected.min} max=${expected.max} days=${Math.round(expected.days * 10) / 10}`;
}
