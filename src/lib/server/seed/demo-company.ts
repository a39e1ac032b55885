/**
 * The demo company: 29 logins, 25 technicians in four northern regions, ~300 customers with
 * their sites at real comuni, and their installed base: ~900 units with meters and a year of
 * readings, SLA levels and service contracts. Everything is derived from fixed PRNG seeds and
 * the codes (T01, C0001, U0001, ...), so ids are stable and a second run inserts nothing.
 */
import { hashPassword } from '../auth/password';
import type { Database, Db } from '../db/client';
import { DEMO_EMAIL_DOMAIN } from './demo-constants';
import { DemoCalendar } from './demo-dates';
import { DEMO_SKILLS, buildDemoPlan } from './demo-plan';
import { countInstalledBase, type InstalledBaseCounts } from './installed-base.queries';
import { seedInstalledBase } from './seed-installed-base';
import { seedPositions } from './seed-positions';
import { seedTechnicianPlans } from './seed-technician-plans';
import { seedMaintenancePlans } from './seed-maintenance-plans';
import { seedCompanyProfile } from './seed-company-profile';
import { seedReceivables } from './seed-receivables';
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

export type SeedResult = {
	/** True when the database had no demo seed before this run. */
	created: boolean;
	/** Rows this run added, all tables together: 0 on a complete demo database. */
	added: number;
	counts: SeedCounts & InstalledBaseCounts;
};

export type SeedOptions = {
	/** The day the seed takes as today (Europe/Rome, YYYY-MM-DD): contract terms and readings are placed around it. */
	today?: string;
};

async function allCounts(db: Db): Promise<SeedCounts & InstalledBaseCounts> {
	return { ...(await countRows(db)), ...(await countInstalledBase(db)) };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

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
export async function seedDemoCompany(db: Database, options: SeedOptions = {}): Promise<SeedResult> {
	const plan = buildDemoPlan();
	const calendar = new DemoCalendar(options.today);
	passwordHashCache ??= hashPassword(DEMO_PASSWORD);
	const passwordHash = await passwordHashCache;

	return db.transaction(async (tx) => {
		await lockSeed(tx);
		const marker = await getMeta(tx, SEED_META_KEY);
		const reason = await refusal(tx, marker);
		if (reason) throw new SeedRefusedError(`refusing to seed: ${reason}`);
		const before = await allCounts(tx);

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
		await insertCustomers(tx, plan.customers.map(({ sites: _sites, kind: _kind, ...c }) => c));
		const customerIds = await customerIdsByCode(tx, plan.customers.map((c) => c.code));
		await insertSites(
			tx,
			plan.customers.flatMap((c) => c.sites.map((s) => ({ ...s, customerId: customerIds.get(c.code)! })))
		);
		await seedInstalledBase(tx, plan, calendar);
		await seedMaintenancePlans(tx, calendar);
		await seedCompanyProfile(tx, calendar);
		await seedReceivables(tx, customerIds, calendar);
		await seedPositions(tx, plan.technicians.map((t) => ({ id: technicianIds.get(t.code)!, code: t.code, homeBase: t.homeBase })));
		await seedTechnicianPlans(tx, plan.technicians.map((t) => ({ id: technicianIds.get(t.code)!, code: t.code, homeComuneName: t.homeComuneName ?? null, homeBase: t.homeBase })));
		await insertMetaIfMissing(tx, SEED_META_KEY, DEMO_SEED_VERSION);
		const counts = await allCounts(tx);
		return { created: marker === null, added: total(counts) - total(before), counts };
	});
}

/** True when nobody has used the database yet: no users, customers, technicians or seed marker. */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
	const [counts, marker] = await Promise.all([countRows(db), getMeta(db, SEED_META_KEY)]);
	return marker === null && counts.users === 0 && counts.customers === 0 && counts.technicians === 0;
}
