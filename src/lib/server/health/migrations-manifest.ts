import journal from '../../../../drizzle/meta/_journal.json';

/** How many migrations this build ships; readiness fails until the database has them all. */
export function expectedMigrationCount(): number {
	return journal.entries.length;
}
