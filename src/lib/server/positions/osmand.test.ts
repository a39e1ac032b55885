import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { KNOTS_TO_MPS, parseOsmAndParams, parseTraccarJson, parseTrackerTime } from './osmand';
import { parsePositionFix } from './position-input';

const NOW = new Date('2026-03-29T01:30:00Z'); // the night Italy moves its clocks forward

describe('tracker timestamps', () => {
	it.each([
		['unix seconds', '1774747800', '2026-03-29T01:30:00.000Z'],
		['unix seconds with a fraction', '1774747800.5', '2026-03-29T01:30:00.500Z'],
		['unix milliseconds (2^31 and above)', '1774747800123', '2026-03-29T01:30:00.123Z'],
		['ISO with Z', '2026-03-29T01:29:00Z', '2026-03-29T01:29:00.000Z'],
		['ISO with an offset across the DST change', '2026-03-29T03:29:00+02:00', '2026-03-29T01:29:00.000Z'],
		['ISO with a compact offset', '2026-03-29T02:29:00+0100', '2026-03-29T01:29:00.000Z'],
		['"YYYY-MM-DD HH:MM:SS" without offset is UTC', '2026-03-29 01:29:00', '2026-03-29T01:29:00.000Z'],
		['absent means now', '', NOW.toISOString()]
	])('%s', (_label, value, expected) => {
		expect(parseTrackerTime(value, NOW).toISOString()).toBe(expected);
	});

	it('refuses text that is no time, naming timestamp', () => {
		expect(() => parseTrackerTime('yesterday', NOW)).toThrowError(expect.objectContaining({ field: 'timestamp' }));
	});
});

describe('OsmAnd parameters', () => {
	it('converts knots to m/s and reads bearing, accuracy; ignores altitude and battery', () => {
		const fix = parseOsmAndParams(new URLSearchParams('id=VAN-1&lat=45.1&lon=9.2&speed=10&bearing=90&accuracy=7&altitude=120&batt=55'), NOW);
		expect(fix).toMatchObject({ deviceId: 'VAN-1', lat: 45.1, lng: 9.2, heading: 90, accuracy: 7 });
		expect(fix.speed).toBeCloseTo(10 * KNOTS_TO_MPS, 10);
		expect(fix.speed).toBeCloseTo(5.144, 3);
	});

	it.each([
		['id', 'lat=45&lon=9'],
		['id', 'id=%20&lat=45&lon=9'],
		['lat', 'id=A&lon=9'],
		['lon', 'id=A&lat=45&lon=east'],
		['speed', 'id=A&lat=45&lon=9&speed=fast'],
		['bearing', 'id=A&lat=45&lon=9&bearing=x']
	])('names %s when it is missing or not a number (%s)', (field, query) => {
		expect(() => parseOsmAndParams(new URLSearchParams(query), NOW)).toThrowError(expect.objectContaining({ field }));
	});

	it('reads the Traccar Client JSON body: speed already m/s, -1 means unknown', () => {
		const fix = parseTraccarJson({ device_id: 'P1', location: { timestamp: '2026-03-29T01:29:30Z', coords: { latitude: 45, longitude: 9, speed: -1, heading: -1, accuracy: 12 } } }, NOW);
		expect(fix).toMatchObject({ deviceId: 'P1', lat: 45, lng: 9, speed: null, heading: null, accuracy: 12 });
		expect(() => parseTraccarJson({ device_id: 'P1' }, NOW)).toThrowError(expect.objectContaining({ field: 'location.coords' }));
	});
});

describe('position fix limits', () => {
	const fix = (o: Record<string, unknown>) => ({ lat: 45, lng: 9, recordedAt: '2026-03-29T01:29:00Z', ...o });
	it.each([
		['lat', { lat: 90.0001 }],
		['lng', { lng: -180.0001 }],
		['heading', { heading: 360.0001 }],
		['accuracy', { accuracy: -0.001 }],
		['speed', { speed: Number.NaN }],
		['lat', { lat: Number.POSITIVE_INFINITY }],
		['recordedAt', { recordedAt: '2026-03-29T01:32:00.001Z' }],
		['recordedAt', { recordedAt: '2025-12-29T01:29:59Z' }],
		['body', null]
	])('refuses %s in %j', (field, overrides) => {
		const input = overrides === null ? null : fix(overrides);
		expect(() => parsePositionFix(input, NOW, 90)).toThrowError(ValidationError);
		expect(() => parsePositionFix(input, NOW, 90)).toThrowError(expect.objectContaining({ field }));
	});

	it('accepts exactly 2 minutes ahead and exactly the retention age', () => {
		expect(parsePositionFix(fix({ recordedAt: '2026-03-29T01:32:00Z' }), NOW, 90).recordedAt.toISOString()).toBe('2026-03-29T01:32:00.000Z');
		expect(parsePositionFix(fix({ recordedAt: '2025-12-29T01:30:00Z' }), NOW, 90).lat).toBe(45);
	});
});
