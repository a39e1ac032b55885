import type { Actor } from '../../src/lib/server/auth/actor';
import { createCalendar } from '../../src/lib/server/sla/calendars.service';
import { createSlaLevel } from '../../src/lib/server/sla/sla-levels.service';

/**
 * The default SLA level, on a calendar open 08:00-18:00 every day (so due times do not depend on
 * the weekday the test runs): acknowledge in 1 h, on site in 4 h, restored in 8 h, any priority.
 */
export async function everyDaySlaLevel(admin: Actor, code: string, name: string) {
	const allWeek = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['08:00', '18:00']]]));
	const calendar = await createCalendar(admin, { name: 'Sempre', weeklyHours: allWeek, cutoffTime: '17:00' });
	const t = { acknowledgeMinutes: 60, onsiteMinutes: 240, resolutionMinutes: 480 };
	return createSlaLevel(admin, { code, name, calendarId: calendar.id, isDefault: true, targets: { low: t, medium: t, high: t } });
}
