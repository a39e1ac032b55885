import { describe, expect, it } from 'vitest';
import { hoursAndMinutes, slaCountdown, type SlaCountdown } from './sla-countdown';

const at = (iso: string) => Date.parse(iso);
const DUE = '2026-12-07T10:00:00+01:00';

describe('slaCountdown', () => {
	const cases: Array<[string, { due: string | null; status: string; now: number }, SlaCountdown | null]> = [
		['no due time: nothing to show', { due: null, status: 'assigned', now: at(DUE) }, null],
		['an unreadable due time: nothing to show', { due: 'not a date', status: 'assigned', now: at(DUE) }, null],
		['a cancelled call: nothing to show, even when past due', { due: DUE, status: 'cancelled', now: at('2026-12-07T12:00:00+01:00') }, null],
		['five hours left: on time', { due: DUE, status: 'assigned', now: at('2026-12-07T05:00:00+01:00') }, { state: 'on-time', minutes: 300 }],
		['two hours and one minute left: still on time', { due: DUE, status: 'confirmed', now: at('2026-12-07T07:59:00+01:00') }, { state: 'on-time', minutes: 121 }],
		['exactly two hours left: due soon (the office window includes its edge)', { due: DUE, status: 'travelling', now: at('2026-12-07T08:00:00+01:00') }, { state: 'due-soon', minutes: 120 }],
		['30 s left: 1 minute, never 0 while time is left', { due: DUE, status: 'travelling', now: at('2026-12-07T09:59:30+01:00') }, { state: 'due-soon', minutes: 1 }],
		['exactly due: 0 minutes left, not overdue yet', { due: DUE, status: 'assigned', now: at(DUE) }, { state: 'due-soon', minutes: 0 }],
		['1 ms past due: overdue by 1 minute (never "by 0")', { due: DUE, status: 'assigned', now: at(DUE) + 1 }, { state: 'overdue', minutes: 1 }],
		['90 minutes past due: overdue by 90', { due: DUE, status: 'on_hold', now: at('2026-12-07T11:30:00+01:00') }, { state: 'overdue', minutes: 90 }],
		['overdue by 2 h 59 min 59 s counts 179 minutes', { due: DUE, status: 'new', now: at('2026-12-07T12:59:59+01:00') }, { state: 'overdue', minutes: 179 }],
		['on site: met, whatever the clock', { due: DUE, status: 'on_site', now: at('2026-12-08T10:00:00+01:00') }, { state: 'met' }],
		['completed: met', { due: DUE, status: 'completed', now: at('2026-12-07T05:00:00+01:00') }, { state: 'met' }],
		['closed: met', { due: DUE, status: 'closed', now: at('2026-12-07T05:00:00+01:00') }, { state: 'met' }],
		// Daylight saving (Europe/Rome): the clocks go forward at 02:00 on 29 March 2026 and back at
		// 03:00 on 25 October 2026. Same wall-clock time a day apart is 23 h, then 25 h, of real time.
		['DST spring day: 10:00 to 10:00 next day is 23 h', { due: '2026-03-29T10:00:00+02:00', status: 'assigned', now: at('2026-03-28T10:00:00+01:00') }, { state: 'on-time', minutes: 23 * 60 }],
		['DST autumn day: 10:00 to 10:00 next day is 25 h', { due: '2026-10-25T10:00:00+01:00', status: 'assigned', now: at('2026-10-24T10:00:00+02:00') }, { state: 'on-time', minutes: 25 * 60 }],
		['DST spring night: 01:30 to 03:30 is one hour', { due: '2026-03-29T03:30:00+02:00', status: 'assigned', now: at('2026-03-29T01:30:00+01:00') }, { state: 'due-soon', minutes: 60 }],
		['a due time given in UTC counts the same instant', { due: '2026-12-07T09:00:00Z', status: 'assigned', now: at('2026-12-07T09:30:00+01:00') }, { state: 'due-soon', minutes: 30 }]
	];
	for (const [name, input, expected] of cases) it(name, () => expect(slaCountdown(input)).toEqual(expected));

	it('uses the warning window it is given', () => {
		expect(slaCountdown({ due: DUE, status: 'assigned', now: at('2026-12-07T09:00:00+01:00'), warningMinutes: 30 })).toEqual({ state: 'on-time', minutes: 60 });
		expect(slaCountdown({ due: DUE, status: 'assigned', now: at('2026-12-07T09:30:00+01:00'), warningMinutes: 30 })).toEqual({ state: 'due-soon', minutes: 30 });
	});
});

describe('hoursAndMinutes', () => {
	const cases: Array<[number, { hours: number; minutes: number }]> = [
		[0, { hours: 0, minutes: 0 }],
		[59, { hours: 0, minutes: 59 }],
		[60, { hours: 1, minutes: 0 }],
		[125, { hours: 2, minutes: 5 }],
		[25 * 60, { hours: 25, minutes: 0 }],
		[-5, { hours: 0, minutes: 0 }]
	];
	for (const [total, expected] of cases) it(`${total} min`, () => expect(hoursAndMinutes(total)).toEqual(expected));
});
