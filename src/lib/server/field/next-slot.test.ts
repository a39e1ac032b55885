import { describe, expect, it } from 'vitest';
import { nextFreeSlot } from './next-slot';

const t = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`);
const b = (from: string, to: string) => ({ start: t(from), end: t(to) });

describe('nextFreeSlot', () => {
	const cases: Array<{ name: string; busy: Array<{ start: Date; end: Date }>; from: string; minutes: number; until: string; expected: [string, string] | null }> = [
		{ name: 'empty day starts at the next quarter hour', busy: [], from: '09:07', minutes: 60, until: '20:00', expected: ['09:15', '10:15'] },
		{ name: 'exactly on a quarter stays', busy: [], from: '09:00', minutes: 30, until: '20:00', expected: ['09:00', '09:30'] },
		{ name: 'skips a job in the way', busy: [b('09:00', '10:00')], from: '09:00', minutes: 60, until: '20:00', expected: ['10:00', '11:00'] },
		{ name: 'uses a gap that fits', busy: [b('09:00', '10:00'), b('11:00', '12:00')], from: '09:00', minutes: 60, until: '20:00', expected: ['10:00', '11:00'] },
		{ name: 'skips a gap too short', busy: [b('09:00', '10:00'), b('10:30', '12:00')], from: '09:00', minutes: 60, until: '20:00', expected: ['12:00', '13:00'] },
		{ name: 'overlapping and unordered intervals', busy: [b('10:30', '12:00'), b('09:00', '11:00')], from: '09:00', minutes: 30, until: '20:00', expected: ['12:00', '12:30'] },
		{ name: 'an odd end rounds up to the quarter', busy: [b('09:00', '10:05')], from: '09:00', minutes: 15, until: '20:00', expected: ['10:15', '10:30'] },
		{ name: 'past intervals are ignored', busy: [b('07:00', '08:00')], from: '09:00', minutes: 60, until: '20:00', expected: ['09:00', '10:00'] },
		{ name: 'no room before the end of the day', busy: [b('09:00', '19:30')], from: '09:00', minutes: 60, until: '20:00', expected: null },
		{ name: 'exactly fits the end of the day', busy: [], from: '23:00', minutes: 60, until: '24:00'.replace('24:00', '23:59'), expected: null },
		{ name: 'late evening with room', busy: [], from: '22:50', minutes: 60, until: '23:59', expected: null },
		{ name: 'short job late evening', busy: [], from: '22:50', minutes: 30, until: '23:59', expected: ['23:00', '23:30'] }
	];
	for (const c of cases) {
		it(c.name, () => {
			const slot = nextFreeSlot({ busy: c.busy, from: t(c.from), minutes: c.minutes, until: t(c.until) });
			expect(slot ? [slot.start.toISOString().slice(11, 16), slot.end.toISOString().slice(11, 16)] : null).toEqual(c.expected);
		});
	}
});
