import { describe, expect, it } from 'vitest';
import { callColours, mostUrgent, nextColourChange, romeDay, type ColourInput } from './call-colours';

const NOW = new Date('2026-03-10T10:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
const W = 120;

describe('callColours', () => {
	const cases: [string, ColourInput, Date, string[]][] = [
		['new, no due times, nobody planned', { status: 'new' }, NOW, ['unassigned']],
		['new, on-site due in 3 h', { status: 'new', onsiteDue: at(180) }, NOW, ['unassigned']],
		['new, on-site due in 2 h exactly (inside the window)', { status: 'new', onsiteDue: at(120) }, NOW, ['dueSoon', 'unassigned']],
		['new, on-site due 1 minute ago: unassigned and overdue', { status: 'new', onsiteDue: at(-1) }, NOW, ['overdue', 'unassigned']],
		['due at this very instant counts as passed', { status: 'new', onsiteDue: at(0) }, NOW, ['overdue', 'unassigned']],
		['overdue wins over due soon of another due time', { status: 'new', acknowledgeDue: at(-5), onsiteDue: at(30) }, NOW, ['overdue', 'unassigned']],
		['acknowledged: the acknowledge due time no longer counts', { status: 'new', acknowledgeDue: at(-5), acknowledgedAt: at(-10) }, NOW, ['unassigned']],
		['assigned, not accepted', { status: 'assigned', onsiteDue: at(600) }, NOW, ['unconfirmed']],
		['planned on the board before the status moved', { status: 'new', assignment: 'planned' }, NOW, ['unconfirmed']],
		['accepted by the technician', { status: 'confirmed', onsiteDue: at(600) }, NOW, ['planned']],
		['unpaid customer and assigned', { status: 'assigned', unpaid: true }, NOW, ['unpaid', 'unconfirmed']],
		['everything at once', { status: 'new', onsiteDue: at(-1), unpaid: true }, NOW, ['overdue', 'unpaid', 'unassigned']],
		['on site: the on-site due time is met, resolution still runs', { status: 'on_site', onsiteDue: at(-60), resolutionDue: at(60) }, NOW, ['dueSoon', 'inProgress']],
		['travelling past the on-site due time', { status: 'travelling', onsiteDue: at(-1) }, NOW, ['overdue', 'inProgress']],
		['on hold counts as in progress', { status: 'on_hold' }, NOW, ['inProgress']],
		['completed today (Rome)', { status: 'completed', completedAt: at(-60), onsiteDue: at(-600) }, NOW, ['doneToday']],
		['closed yesterday: not shown', { status: 'closed', completedAt: at(-24 * 60) }, NOW, []],
		['cancelled: nothing, even if late and unpaid', { status: 'cancelled', onsiteDue: at(-60), unpaid: true }, NOW, []],
		['completed at 00:30 Rome time counts for that Rome day (23:30 UTC before)', { status: 'completed', completedAt: '2026-03-09T23:30:00Z' }, new Date('2026-03-10T22:00:00Z'), ['doneToday']],
		['completed 23:30 Rome is not "today" after midnight Rome', { status: 'completed', completedAt: '2026-03-10T22:30:00Z' }, new Date('2026-03-10T23:05:00Z'), []],
		['DST spring forward: completed 01:30 Rome, now 03:30 Rome same day', { status: 'completed', completedAt: '2026-03-29T00:30:00Z' }, new Date('2026-03-29T01:30:00Z'), ['doneToday']],
		['an unreadable due time is ignored', { status: 'new', onsiteDue: 'not a date' }, NOW, ['unassigned']]
	];
	it.each(cases)('%s', (_label, input, now, expected) => {
		expect(callColours(input, now, W)).toEqual(expected);
	});

	it('the warning window is a setting', () => {
		const call: ColourInput = { status: 'assigned', onsiteDue: at(45) };
		expect(callColours(call, NOW, 30)).toEqual(['unconfirmed']);
		expect(callColours(call, NOW, 60)).toEqual(['dueSoon', 'unconfirmed']);
	});

	it('the clock alone turns a call from due soon to overdue', () => {
		const call: ColourInput = { status: 'new', onsiteDue: at(10) };
		expect(callColours(call, NOW, W)[0]).toBe('dueSoon');
		expect(callColours(call, new Date(NOW.getTime() + 9 * 60_000 + 59_999), W)[0]).toBe('dueSoon');
		expect(callColours(call, new Date(NOW.getTime() + 10 * 60_000), W)[0]).toBe('overdue');
	});
});

describe('mostUrgent', () => {
	it.each([
		[[], null],
		[['unassigned'], 'unassigned'],
		[['doneToday', 'unpaid', 'inProgress'], 'unpaid'],
		[['unassigned', 'overdue'], 'overdue'],
		[['planned', 'unconfirmed'], 'unconfirmed']
	] as const)('%j -> %s', (keys, expected) => {
		expect(mostUrgent(keys)).toBe(expected);
	});
});

describe('nextColourChange', () => {
	it('is the next window entry or due time', () => {
		expect(nextColourChange({ status: 'new', onsiteDue: at(180) }, NOW, W)?.toISOString()).toBe(at(60));
		expect(nextColourChange({ status: 'new', onsiteDue: at(30) }, NOW, W)?.toISOString()).toBe(at(30));
		expect(nextColourChange({ status: 'new', onsiteDue: at(-30) }, NOW, W)).toBeNull();
		expect(nextColourChange({ status: 'completed', onsiteDue: at(30) }, NOW, W)).toBeNull();
		expect(nextColourChange({ status: 'new', acknowledgeDue: at(200), onsiteDue: at(150) }, NOW, W)?.toISOString()).toBe(at(30));
	});
});

describe('romeDay', () => {
	it.each([
		['2026-03-10T22:59:59Z', '2026-03-10'],
		['2026-03-10T23:00:00Z', '2026-03-11'],
		['2026-07-10T21:59:59Z', '2026-07-10'],
		['2026-07-10T22:00:00Z', '2026-07-11'],
		['2026-10-25T00:30:00Z', '2026-10-25']
	])('%s -> %s', (iso, day) => {
		expect(romeDay(new Date(iso))).toBe(day);
	});
});
