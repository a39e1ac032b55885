import { describe, expect, it } from 'vitest';
import { cookieExpiry, evaluateSession, initialExpiry, OFFICE_POLICY, policyFor, TECHNICIAN_POLICY, type SessionTimes } from './session-expiry';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const t0 = new Date('2026-03-29T00:30:00Z'); // the night Italy moves to summer time: UTC maths must not care

function at(ms: number): Date {
	return new Date(t0.getTime() + ms);
}

describe('policyFor', () => {
	it.each([
		['technician', TECHNICIAN_POLICY],
		['dispatcher', OFFICE_POLICY],
		['supervisor', OFFICE_POLICY],
		['admin', OFFICE_POLICY]
	] as const)('%s', (role, policy) => expect(policyFor(role)).toBe(policy));
});

describe('initialExpiry', () => {
	it('office: idle timeout first', () => expect(initialExpiry(OFFICE_POLICY, t0)).toEqual(at(30 * MIN)));
	it('technician: 14 days', () => expect(initialExpiry(TECHNICIAN_POLICY, t0)).toEqual(at(14 * DAY)));
});

describe('evaluateSession (office: 30 min idle, 12 h absolute)', () => {
	const fresh: SessionTimes = { createdAt: t0, lastSeenAt: t0, expiresAt: at(30 * MIN) };
	const cases: Array<[string, SessionTimes, number, ReturnType<typeof evaluateSession>]> = [
		['seconds later: valid, no write', fresh, 30_000, { valid: true, touch: false }],
		['20 min later: valid, slides idle window', fresh, 20 * MIN, { valid: true, touch: true, lastSeenAt: at(20 * MIN), expiresAt: at(50 * MIN) }],
		['29:59 later: still valid', fresh, 30 * MIN - 1000, { valid: true, touch: true, lastSeenAt: at(30 * MIN - 1000), expiresAt: at(60 * MIN - 1000) }],
		['exactly 30 min idle: over', fresh, 30 * MIN, { valid: false, reason: 'idle' }],
		['31 min idle: over', fresh, 31 * MIN, { valid: false, reason: 'idle' }],
		[
			'active until 11:50, slide capped at 12 h',
			{ createdAt: t0, lastSeenAt: at(11 * HOUR + 40 * MIN), expiresAt: at(12 * HOUR) },
			11 * HOUR + 50 * MIN,
			{ valid: true, touch: true, lastSeenAt: at(11 * HOUR + 50 * MIN), expiresAt: at(12 * HOUR) }
		],
		['12 h reached despite activity: expired', { createdAt: t0, lastSeenAt: at(11 * HOUR + 59 * MIN), expiresAt: at(12 * HOUR) }, 12 * HOUR, { valid: false, reason: 'expired' }],
		['clock earlier than last seen (skew): valid, no write', { createdAt: t0, lastSeenAt: at(10 * MIN), expiresAt: at(40 * MIN) }, 5 * MIN, { valid: true, touch: false }]
	];
	it.each(cases)('%s', (_name, session, offset, expected) => {
		expect(evaluateSession(OFFICE_POLICY, session, at(offset))).toEqual(expected);
	});
});

describe('evaluateSession (technician: 14 days sliding)', () => {
	const fresh: SessionTimes = { createdAt: t0, lastSeenAt: t0, expiresAt: at(14 * DAY) };
	const cases: Array<[string, SessionTimes, number, ReturnType<typeof evaluateSession>]> = [
		['13 days later: valid and extended 14 days', fresh, 13 * DAY, { valid: true, touch: true, lastSeenAt: at(13 * DAY), expiresAt: at(27 * DAY) }],
		['no absolute cap after 40 days of use', { createdAt: t0, lastSeenAt: at(39 * DAY), expiresAt: at(53 * DAY) }, 40 * DAY, { valid: true, touch: true, lastSeenAt: at(40 * DAY), expiresAt: at(54 * DAY) }],
		['14 days unused: expired', fresh, 14 * DAY, { valid: false, reason: 'expired' }]
	];
	it.each(cases)('%s', (_name, session, offset, expected) => {
		expect(evaluateSession(TECHNICIAN_POLICY, session, at(offset))).toEqual(expected);
	});
});

describe('cookieExpiry', () => {
	it('office cookie lives to the absolute end', () => {
		expect(cookieExpiry(OFFICE_POLICY, { createdAt: t0, expiresAt: at(30 * MIN) })).toEqual(at(12 * HOUR));
	});
	it('technician cookie follows the sliding expiry', () => {
		expect(cookieExpiry(TECHNICIAN_POLICY, { createdAt: t0, expiresAt: at(20 * DAY) })).toEqual(at(20 * DAY));
	});
});
