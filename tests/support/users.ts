import type { Role } from '../../src/lib/domain/permissions';
import { hashPassword } from '../../src/lib/server/auth/password';
import { insertUser } from '../../src/lib/server/auth/users.queries';
import type { Db } from '../../src/lib/server/db/client';
import { uuidv7 } from '../../src/lib/server/ids';

export const TEST_PASSWORD = 'correct horse battery';
let hashed: Promise<string> | undefined;

/** Inserts a user directly (test arrangement, not the behaviour under test). */
export async function createTestUser(db: Db, role: Role, email = `${role}-${uuidv7().slice(-8)}@test.local`, active = true) {
	hashed ??= hashPassword(TEST_PASSWORD);
	const id = uuidv7();
	await insertUser(db, { id, email, name: `Test ${role}`, role, passwordHash: await hashed, active });
	return { id, email, role, password: TEST_PASSWORD };
}

/** Logs in through the real HTTP API and returns the Cookie header value. */
export async function loginCookie(baseUrl: string, email: string, password = TEST_PASSWORD): Promise<string> {
	const res = await fetch(`${baseUrl}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password })
	});
	if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('quadro_session='));
	if (!cookie) throw new Error('no session cookie');
	return cookie.split(';')[0];
}

/** One user of each role, for tests that check what every role may do over HTTP. */
export async function oneUserPerRole(db: Db) {
	return {
		admin: await createTestUser(db, 'admin'),
		dispatcher: await createTestUser(db, 'dispatcher'),
		supervisor: await createTestUser(db, 'supervisor'),
		technician: await createTestUser(db, 'technician')
	};
}

/** Logs each of these users in; the Cookie header value per role. */
export async function loginEach<R extends string>(baseUrl: string, users: Record<R, { email: string }>): Promise<Record<R, string>> {
	const cookies = {} as Record<R, string>;
	for (const role of Object.keys(users) as R[]) cookies[role] = await loginCookie(baseUrl, users[role].email);
	return cookies;
}
