import { describe, expect, it } from 'vitest';
import { firstFreeWindow, type BusyInterval, type ShiftSegment } from './free-windows';
import { bruteForceFreeWindow, mulberry32, randomBusy, randomShifts } from './free-windows.brute-force';

// 2026-03-29 and 2026-10-25 are the DST Sundays; the others ordinary days, one a Saturday.
const DAYS = ['2026-12-07', '2026-12-12', '2026-03-29', '2026-10-25', '2026-10-26'];

describe('firstFreeWindow equals a brute-force minute scan', () => {
	it('on 1,500 random plans', () => {
		const rand = mulberry32(20261207);
		let found = 0;
		for (let i = 0; i < 1500; i++) {
			const day = DAYS[i % DAYS.length];
			const shifts: ShiftSegment[] = randomShifts(rand);
			const busy: BusyInterval[] = randomBusy(rand, day);
			const earliest = Date.parse(`${day}T00:00:00Z`) + Math.floor(rand() * 26 * 60 - 120) * 60_000;
			const durationMinutes = 15 + Math.floor(rand() * 180);
			const travelMinutes = Math.floor(rand() * 45);
			const q = { day, timeZone: 'Europe/Rome', shifts, busy, earliest, durationMinutes, travelMinutes };
			const fast = firstFreeWindow(q);
			const slow = bruteForceFreeWindow(q);
			if (JSON.stringify(fast) !== JSON.stringify(slow)) expect({ case: i, q, fast }).toEqual({ case: i, q, fast: slow });
			if (slow) found++;
		}
		// The generator must exercise both outcomes, or the comparison proves little.
		expect(found).toBeGreaterThan(200);
		expect(found).toBeLessThan(1300);
	}, 60_000);
});
