import type { Role } from './permissions';

/**
 * Session lifetimes. Office roles sit at shared desks: short idle timeout and a hard cap.
 * Technicians live on a phone in a van: a long sliding session so they are never logged
 * out in a basement with no signal.
 */
export type SessionPolicy =
	| { kind: 'absolute-idle'; absoluteMs: number; idleMs: number }
	| { kind: 'sliding'; lifetimeMs: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const OFFICE_POLICY: SessionPolicy = { kind: 'absolute-idle', absoluteMs: 12 * HOUR, idleMs: 30 * MINUTE };
export const TECHNICIAN_POLICY: SessionPolicy = { kind: 'sliding', lifetimeMs: 14 * DAY };

/** Writing last_seen on every request would turn each page view into a write; a minute is precise enough. */
export const TOUCH_GRANULARITY_MS = MINUTE;

export function policyFor(role: Role): SessionPolicy {
	return role === 'technician' ? TECHNICIAN_POLICY : OFFICE_POLICY;
}

/** Expiry of a session created now; stored so a cleanup job can delete by index. */
export function initialExpiry(policy: SessionPolicy, now: Date): Date {
	if (policy.kind === 'sliding') return new Date(now.getTime() + policy.lifetimeMs);
	return new Date(now.getTime() + Math.min(policy.absoluteMs, policy.idleMs));
}

export type SessionTimes = { createdAt: Date; lastSeenAt: Date; expiresAt: Date };

export type SessionVerdict =
	| { valid: false; reason: 'expired' | 'idle' }
	| { valid: true; touch: false }
	| { valid: true; touch: true; lastSeenAt: Date; expiresAt: Date };

/**
 * Decides whether a stored session is still valid at `now` and, if it should be refreshed,
 * the new last-seen and expiry times. Expiry is exclusive: at exactly expiresAt it is over.
 */
export function evaluateSession(policy: SessionPolicy, session: SessionTimes, now: Date): SessionVerdict {
	const t = now.getTime();
	if (t >= session.expiresAt.getTime()) {
		if (policy.kind === 'absolute-idle' && t < session.createdAt.getTime() + policy.absoluteMs) {
			return { valid: false, reason: 'idle' };
		}
		return { valid: false, reason: 'expired' };
	}
	if (t - session.lastSeenAt.getTime() < TOUCH_GRANULARITY_MS) return { valid: true, touch: false };
	if (policy.kind === 'sliding') {
		return { valid: true, touch: true, lastSeenAt: now, expiresAt: new Date(t + policy.lifetimeMs) };
	}
	const absoluteEnd = session.createdAt.getTime() + policy.absoluteMs;
	return { valid: true, touch: true, lastSeenAt: now, expiresAt: new Date(Math.min(absoluteEnd, t + policy.idleMs)) };
}

/** Cookie lifetime: as long as the longest the session could live, so the browser keeps it. */
export function cookieExpiry(policy: SessionPolicy, session: Pick<SessionTimes, 'createdAt' | 'expiresAt'>): Date {
	if (policy.kind === 'sliding') return session.expiresAt;
	return new Date(session.createdAt.getTime() + policy.absoluteMs);
}
