import type { Db } from '../db/client';
import { mapSettings } from '../db/schema';
import { SLA_WARNING_MINUTES } from '$lib/components/calls/sla-colours';

/** The admin's "due soon" window; the default until an admin sets one. */
export async function dueSoonMinutes(db: Db): Promise<number> {
	const [row] = await db.select({ w: mapSettings.warningMinutes }).from(mapSettings).limit(1);
	return row?.w ?? SLA_WARNING_MINUTES;
}

export async function saveDueSoonMinutes(db: Db, minutes: number, now: Date): Promise<void> {
	await db
		.insert(mapSettings)
		.values({ id: 1, warningMinutes: minutes, updatedAt: now })
		.onConflictDoUpdate({ target: mapSettings.id, set: { warningMinutes: minutes, updatedAt: now } });
}
