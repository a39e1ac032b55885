/**
 * The demo company: 29 logins, 25 technicians in four northern regions, ~300 customers with
 * their sites at real comuni. Everything is derived from fixed PRNG seeds and the codes
 * (T01, C0001, ...), so ids are stable and a second run inserts nothing.
 */
import { hashPassword } from '../auth/password';
import type { Database, Db } from '../db/client';
import { DEMO_EMAIL_DOMAIN } from './demo-constants';
import { DEMO_SKILLS, buildDemoPlan } from './demo-plan';
import {
	countRows,
	countUsersOutsideDomain,
	customerIdsByCode,
	getMeta,
	insertCustomers,
	insertMetaIfMissing,
	insertSites,
	insertSkills,
	insertTechnicianSkills,
	insertTechnicians,
	insertUsers,
	lockSeed,
	technicianIdsByCode,
	userIdsByEmail,
	type SeedCounts
} from './seed.queries';

// Everything this module exported before it was split, so importers need not change.
export { DEMO_EMAIL_DOMAIN, DEMO_LOGINS, DEMO_REGIONS } from './demo-constants';
export { loadComuni, type Comune } from './comuni';
export { DEMO_SKILLS, buildDemoPlan, demoUuid, type DemoPlan } from './demo-plan';

export const DEMO_PASSWORD = 'quadro-demo';
export { SEED_META_KEY, DEMO_SEED_VERSION } from './demo-constants';
import { SEED_META_KEY, DEMO_SEED_VERSION } from './demo-constants';

/** The database holds data this seed did not create; nothing was written. */
export class SeedRefusedError extends Error {
	override name = 'SeedRefusedError';
}

export type SeedResult = { created: boolean; counts: SeedCounts };

// ---------------------------------------------------------------------------------------------
// The service

let passwordHashCache: Promise<string> | undefined;

/** Why the database is not ours to seed, or null when it is. */
async function refusal(db: Db, seedMarker: string | null): Promise<string | null> {
	const foreignUsers = await countUsersOutsideDomain(db, DEMO_EMAIL_DOMAIN);
	if (foreignUsers > 0) {
		return (
			`the database has ${foreignUsers} user(s) whose email is not @${DEMO_EMAIL_DOMAIN}; ` +
			'the demo seed only fills an empty database'
		);
	}
	if (seedMarker !== null && seedMarker !== DEMO_SEED_VERSION) {
		return `the database was seeded with "${seedMarker}", not "${DEMO_SEED_VERSION}"`;
	}
	if (seedMarker === null) {
		const counts = await countRows(db);
		if (counts.customers > 0 || counts.technicians > 0) {
			return (
				`the database already has ${counts.customers} customer(s) and ${counts.technicians} technician(s) ` +
				'not created by the demo seed'
			);
		}
	}
	return null;
}

/**
 * Creates the demo company in one transaction, or completes it if an earlier run left it
 * partial; a run on a seeded database inserts nothing. Throws SeedRefusedError, writing nothing,
 * when the database holds data that is not the seed's.
 */
export async function seedDemoCompany(db: Database): Promise<SeedResult> {
	const plan = buildDemoPlan();
	passwordHashCache ??= hashPassword(DEMO_PASSWORD);
	const passwordHash = await passwordHashCache;

	return db.transaction(async (tx) => {
		await lockSeed(tx);
		const marker = await getMeta(tx, SEED_META_KEY);
		const reason = await refusal(tx, marker);
		if (reason) throw new SeedRefusedError(`refusing to seed: ${reason}`);

		await insertUsers(tx, plan.users.map((u) => ({ ...u, passwordHash })));
		const userIds = await userIdsByEmail(tx, plan.technicians.map((t) => t.email));
		await insertSkills(tx, DEMO_SKILLS);
		await insertTechnicians(
			tx,
			plan.technicians.map(({ email, skills: _skills, ...t }) => ({ ...t, userId: userIds.get(email) ?? null }))
		);
		const technicianIds = await technicianIdsByCode(tx, plan.technicians.map((t) => t.code));
		await insertTechnicianSkills(
			tx,
			plan.technicians.flatMap((t) =>
				t.skills.map(([skillCode, level]) => ({ technicianId: technicianIds.get(t.code)!, skillCode, level }))
			)
		);
		await insertCustomers(tx, plan.customers.map(({ sites: _sites, ...c }) => c));
		const customerIds = await customerIdsByCode(tx, plan.customers.map((c) => c.code));
		await insertSites(
			tx,
			plan.customers.flatMap((c) => c.sites.map((s) => ({ ...s, customerId: customerIds.get(c.code)! })))
		);
		await insertMetaIfMissing(tx, SEED_META_KEY, DEMO_SEED_VERSION);
		return { created: marker === null, counts: await countRows(tx) };
	});
}

/** True when nobody has used the database yet: no users, customers, technicians or seed marker. */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
	const [counts, marker] = await Promise.all([countRows(db), getMeta(db, SEED_META_KEY)]);
	return marker === null && counts.users === 0 && counts.customers === 0 && counts.technicians === 0;
}
