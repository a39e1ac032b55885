import { describe, expect, it } from 'vitest';
import { metresBetween, shouldSendPosition } from './position-throttle';

const milano = { lat: 45.4642, lng: 9.19 };
// ~111 m north: 0.001 degrees of latitude.
const north111 = { lat: 45.4652, lng: 9.19 };
const north50 = { lat: 45.46465, lng: 9.19 };

describe('metresBetween', () => {
	it('is zero for the same point', () => expect(metresBetween(milano, milano)).toBe(0));
	it('measures 0.001 degrees of latitude as about 111 m', () => expect(Math.round(metresBetween(milano, north111))).toBe(111));
	it('is symmetric', () => expect(metresBetween(milano, north111)).toBeCloseTo(metresBetween(north111, milano), 6));
	it('measures Milano-Roma at about 477 km', () => expect(Math.round(metresBetween(milano, { lat: 41.9028, lng: 12.4964 }) / 1000)).toBe(477));
	it('crosses the antimeridian the short way', () => expect(Math.round(metresBetween({ lat: 0, lng: 179.9995 }, { lat: 0, lng: -179.9995 }))).toBe(111));
});

describe('shouldSendPosition', () => {
	const t0 = 1_000_000;
	const cases: Array<[string, Parameters<typeof shouldSendPosition>[0], Parameters<typeof shouldSendPosition>[1], boolean]> = [
		['first fix is always sent', null, { ...milano, at: t0 }, true],
		['same place 10 s later is not', { ...milano, sentAt: t0 }, { ...milano, at: t0 + 10_000 }, false],
		['same place 29.999 s later is not', { ...milano, sentAt: t0 }, { ...milano, at: t0 + 29_999 }, false],
		['same place exactly 30 s later is', { ...milano, sentAt: t0 }, { ...milano, at: t0 + 30_000 }, true],
		['50 m away 5 s later is not', { ...milano, sentAt: t0 }, { ...north50, at: t0 + 5_000 }, false],
		['111 m away 5 s later is', { ...milano, sentAt: t0 }, { ...north111, at: t0 + 5_000 }, true],
		['a clock that went backwards with no move is not', { ...milano, sentAt: t0 }, { ...milano, at: t0 - 60_000 }, false]
	];
	for (const [name, last, fix, expected] of cases) it(name, () => expect(shouldSendPosition(last, fix)).toBe(expected));
});
