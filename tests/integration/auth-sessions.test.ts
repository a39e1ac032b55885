import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/lib/server/auth/audit.queries';
import { login, logout, logoutEverywhere } from '../../src/lib/server/auth/login.service';
import { countUserSessions } from '../../src/lib/server/auth/session.queries';
import { createSession, extendSessions, validateSessionToken } from '../../src/lib/server/auth/session.service';
import { ThrottledError, UnauthorizedError, ValidationError } from '../../src/lib/server/errors';
import { freshDatabase, type FreshDatabase } from './support/database';
import { createTestUser, TEST_PASSWORD } from '../support/users';

let fresh: FreshDatabase;
beforeAll(async () => {
	fresh = await freshDatabase({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '6', LOGIN_WINDOW_SECONDS: '120' });
});
afterAll(async () => {
	await fresh.close();
});

const MIN = 60_000;

describe('login', () => {
	it('accepts the right password, creates a session and audits it', async () => {
		const user = await createTestUser(fresh.db, 'dispatcher');
		const result = await login({ email: user.email.toUpperCase(), password: TEST_PASSWORD }, { ip: '10.0.0.1' });
		expect(result.user).toMatchObject({ id: user.id, email: user.email, role: 'dispatcher' });
		expect(await validateSessionToken(result.token)).not.toBeNull();
		const rows = await listAudit(fresh.db, { action: 'login.success', actorUserId: user.id });
		expect(rows).toHaveLength(1);
		expect(rows[0].ip).toBe('10.0.0.1');
	});

	it('gives the same answer for a wrong password, an unknown email and a deactivated user', async () => {
		const user = await createTestUser(fresh.db, 'dispatcher');
		const inactive = await createTestUser(fresh.db, 'dispatcher', undefined, false);
		const attempts = [
			login({ email: user.email, password: 'wrong password!' }, { ip: '10.0.0.2' }),
			login({ email: 'nobody@test.local', password: TEST_PASSWORD }, { ip: '10.0.0.3' }),
			login({ email: inactive.email, password: TEST_PASSWORD }, { ip: '10.0.0.4' })
		];
		const errors = await Promise.all(attempts.map((p) => p.then(() => null, (e: unknown) => e)));
		for (const e of errors) {
			expect(e).toBeInstanceOf(UnauthorizedError);
			expect((e as Error).message).toBe('invalid credentials');
		}
		const failures = await listAudit(fresh.db, { action: 'login.failure' });
		const reasons = failures.map((f) => f.details?.reason).sort();
		expect(reasons).toEqual(expect.arrayContaining(['inactive', 'password', 'unknown-email']));
	});

	it('refuses malformed input with the field at fault', async () => {
		await expect(login({ email: 'not-an-email', password: 'x' })).rejects.toMatchObject({ field: 'email' });
		await expect(login({ email: 'a@b.it' })).rejects.toBeInstanceOf(ValidationError);
		await expect(login(null)).rejects.toBeInstanceOf(ValidationError);
	});

	it('throttles an account after 3 failures, even with the right password, and tells when to retry', async () => {
		const user = await createTestUser(fresh.db, 'supervisor');
		for (let i = 0; i < 3; i++) {
			await expect(login({ email: user.email, password: 'wrong password!' }, { ip: `10.1.0.${i}` })).rejects.toBeInstanceOf(UnauthorizedError);
		}
		const error = await login({ email: user.email, password: TEST_PASSWORD }, { ip: '10.1.0.9' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ThrottledError);
		expect((error as ThrottledError).retryAfterSeconds).toBeGreaterThan(0);
		expect((error as ThrottledError).retryAfterSeconds).toBeLessThanOrEqual(120);
	});

	it('throttles an IP that guesses across many accounts', async () => {
		const ip = '10.2.0.1';
		for (let i = 0; i < 6; i++) {
			await expect(login({ email: `guess${i}@test.local`, password: 'wrong password!' }, { ip })).rejects.toBeInstanceOf(UnauthorizedError);
		}
		const user = await createTestUser(fresh.db, 'admin');
		await expect(login({ email: user.email, password: TEST_PASSWORD }, { ip })).rejects.toBeInstanceOf(ThrottledError);
		// The same account from another address still works.
		await expect(login({ email: user.email, password: TEST_PASSWORD }, { ip: '10.2.0.2' })).resolves.toMatchObject({ user: { id: user.id } });
	});
});

describe('session lifetimes', () => {
	it('office: slides while used, ends after 30 idle minutes', async () => {
		const user = await createTestUser(fresh.db, 'dispatcher');
		const t0 = new Date('2026-11-28T08:00:00Z');
		const { token } = await createSession(user, {}, t0);
		expect(await validateSessionToken(token, new Date(t0.getTime() + 20 * MIN))).not.toBeNull();
		expect(await validateSessionToken(token, new Date(t0.getTime() + 49 * MIN))).not.toBeNull();
		expect(await validateSessionToken(token, new Date(t0.getTime() + 80 * MIN))).toBeNull();
		// Ended sessions are deleted, not just refused.
		expect(await validateSessionToken(token, new Date(t0.getTime() + 81 * MIN))).toBeNull();
		expect(await countUserSessions(fresh.db, user.id)).toBe(0);
	});

	it('office: ends at 12 hours however active', async () => {
		const user = await createTestUser(fresh.db, 'admin');
		const t0 = new Date('2026-11-28T06:00:00Z');
		const { token } = await createSession(user, {}, t0);
		for (let m = 20; m < 12 * 60; m += 20) {
			expect(await validateSessionToken(token, new Date(t0.getTime() + m * MIN)), `minute ${m}`).not.toBeNull();
		}
		expect(await validateSessionToken(token, new Date(t0.getTime() + 12 * 60 * MIN))).toBeNull();
	});

	it('technician: 14 days sliding', async () => {
		const user = await createTestUser(fresh.db, 'technician');
		const t0 = new Date('2026-11-01T07:00:00Z');
		const { token } = await createSession(user, {}, t0);
		const day = 24 * 60 * MIN;
		expect(await validateSessionToken(token, new Date(t0.getTime() + 13 * day))).not.toBeNull();
		expect(await validateSessionToken(token, new Date(t0.getTime() + 26 * day))).not.toBeNull();
		expect(await validateSessionToken(token, new Date(t0.getTime() + 41 * day))).toBeNull();
	});

	it('edits over sockets keep an office session alive (extendSessions)', async () => {
		const user = await createTestUser(fresh.db, 'dispatcher');
		const t0 = new Date(Date.now() - 25 * MIN);
		const { token, session } = await createSession(user, {}, t0);
		await extendSessions([session.id, 'no-such-session']);
		// Without the extension the session would have died 5 minutes from now.
		expect(await validateSessionToken(token, new Date(Date.now() + 20 * MIN))).not.toBeNull();
	});

	it('garbage and unknown tokens are refused', async () => {
		expect(await validateSessionToken('')).toBeNull();
		expect(await validateSessionToken('x'.repeat(32))).toBeNull();
		expect(await validateSessionToken('abcdefghijklmnopqrstuvwxyz234567')).toBeNull();
	});
});

describe('logout', () => {
	it('ends one session and audits it', async () => {
		const user = await createTestUser(fresh.db, 'dispatcher');
		const a = await login({ email: user.email, password: TEST_PASSWORD });
		const b = await login({ email: user.email, password: TEST_PASSWORD });
		const sessionA = (await validateSessionToken(a.token))!;
		await logout(sessionA.session.id, user.id, '10.9.9.9');
		expect(await validateSessionToken(a.token)).toBeNull();
		expect(await validateSessionToken(b.token)).not.toBeNull();
		expect(await listAudit(fresh.db, { action: 'logout', actorUserId: user.id })).toHaveLength(1);
	});

	it('everywhere ends every session of the user only', async () => {
		const user = await createTestUser(fresh.db, 'technician');
		const other = await createTestUser(fresh.db, 'technician');
		const tokens = await Promise.all([1, 2, 3].map(() => login({ email: user.email, password: TEST_PASSWORD })));
		const otherLogin = await login({ email: other.email, password: TEST_PASSWORD });
		expect(await logoutEverywhere(user.id)).toBe(3);
		for (const t of tokens) expect(await validateSessionToken(t.token)).toBeNull();
		expect(await validateSessionToken(otherLogin.token)).not.toBeNull();
		const [row] = await listAudit(fresh.db, { action: 'logout.everywhere', actorUserId: user.id });
		expect(row.details).toEqual({ sessions: 3 });
	});
});
