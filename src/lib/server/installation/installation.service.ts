import { db } from '../db/client';
import { getMeta } from '../seed/seed.queries';
import { DEMO_SEED_VERSION, SEED_META_KEY } from '../seed/demo-constants';

let cached: { value: boolean; at: number } | undefined;
const TTL_MS = 60_000;

/**
 * Whether this installation holds the demo company. Only then may the login page print the demo
 * password; a real company's login page must not.
 */
export async function isDemoInstallation(): Promise<boolean> {
	if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
	const value = (await getMeta(db(), SEED_META_KEY)) === DEMO_SEED_VERSION;
	cached = { value, at: Date.now() };
	return value;
}
