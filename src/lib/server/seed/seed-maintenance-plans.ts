/**
 * Demo scheduled-maintenance plans, so the unit pages and the daily generation have something to
 * show: lifts get the six-monthly visit, HVAC units a seasonal service (both first due 10 to 40
 * days from the seed's today, generated 7 days ahead), and colour copiers a drum kit every
 * 100,000 copies counted from their last reading. Nothing is due on the seed's day. Idempotent:
 * fixed ids, so a second run inserts nothing.
 */
import type { Db } from '../db/client';
import type { DemoCalendar } from './demo-dates';
import { insertPlans, metersWithLastReading, unitsForPlans } from './maintenance-plans.queries';

const PER_KIND = 20;
const planId = (n: number) => `0190d001-0000-7000-8000-${String(n).padStart(12, '0')}`;

export async function seedMaintenancePlans(tx: Db, calendar: DemoCalendar): Promise<void> {
	const periodic = await unitsForPlans(tx, ['lift', 'hvac'], PER_KIND * 2);
	const copiers = await unitsForPlans(tx, ['copier_colour'], PER_KIND);
	const baselines = await metersWithLastReading(tx, copiers.map((c) => c.id), 'mono');
	const rows: Parameters<typeof insertPlans>[1] = [];
	periodic.forEach((unit, i) => {
		const lift = unit.category === 'lift';
		rows.push({
			id: planId(i),
			equipmentId: unit.id,
			kind: 'interval',
			description: lift ? 'Visita semestrale di manutenzione (DPR 162/99)' : 'Manutenzione stagionale: filtri, batterie, gas refrigerante',
			priority: lift ? 'medium' : 'low',
			estimatedMinutes: lift ? 90 : 120,
			everyMonths: 6,
			anchorDate: calendar.daysAgo(-(10 + (i % 30))),
			leadDays: 7
		});
	});
	baselines.forEach((b, i) => {
		rows.push({
			id: planId(1000 + i),
			equipmentId: b.equipmentId,
			kind: 'counter',
			description: 'Sostituzione kit tamburo',
			priority: 'low',
			estimatedMinutes: 60,
			meterId: b.meterId,
			everyUnits: 100_000,
			baselineValue: b.value,
			baselineAt: b.readAt
		});
	});
	await insertPlans(tx, rows);
}
