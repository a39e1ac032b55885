/**
 * Demo technicians' weekly shifts and areas of competence. Everyone works Monday to Friday
 * 08:00-12:30 and 13:30-17:30 (the lunch break is the gap); every fourth technician also works
 * Saturday 08:00-12:00. Each is competent for the region and the province of their home comune
 * (areas loaded from the ISTAT data at migrate time; without them no links are made).
 * Idempotent: shifts only for technicians that have none, area links on conflict do nothing.
 */
import type { Db } from '../db/client';
import { insertShiftsWhereNone, istatAreaIds, linkAreasIfMissing } from '../technicians/technicians.queries';
import { loadComuni, type Comune } from './comuni';
import { demoUuid } from './random';

export type PlanTechnician = { id: string; code: string; homeComuneName: string | null; homeBase: { lat: number; lng: number } };

const WEEKDAY_SEGMENTS: Array<[string, string]> = [
	['08:00', '12:30'],
	['13:30', '17:30']
];
const SATURDAY: [string, string] = ['08:00', '12:00'];
const SATURDAY_EVERY = 4;

export function planShifts(technicians: PlanTechnician[]) {
	return technicians.flatMap((t) => {
		const n = Number(t.code.replace(/\D/g, '')) || 0;
		const segments = [1, 2, 3, 4, 5].flatMap((weekday) => WEEKDAY_SEGMENTS.map(([start, end]) => ({ weekday, start, end })));
		if (n % SATURDAY_EVERY === 0) segments.push({ weekday: 6, start: SATURDAY[0], end: SATURDAY[1] });
		return segments.map((s, i) => ({ ...s, id: demoUuid(`shift:${t.code}:${i}`, 700_000 + n * 20 + i), technicianId: t.id }));
	});
}

/** The home comune: by name, the one nearest the home base when several share it. */
function homeComune(t: PlanTechnician, comuni: Comune[]): Comune | null {
	const named = comuni.filter((c) => c.name === t.homeComuneName);
	const d = (c: Comune) => (c.lat - t.homeBase.lat) ** 2 + (c.lng - t.homeBase.lng) ** 2;
	return named.sort((a, b) => d(a) - d(b))[0] ?? null;
}

export async function seedTechnicianPlans(db: Db, technicians: PlanTechnician[]): Promise<void> {
	await insertShiftsWhereNone(db, planShifts(technicians));
	const areaIds = await istatAreaIds(db);
	if (areaIds.size === 0) return;
	const comuni = loadComuni();
	const links = technicians.flatMap((t) => {
		const c = homeComune(t, comuni);
		if (!c) return [];
		return [areaIds.get(`region|${c.region}`), areaIds.get(`province|${c.province}`)].filter((id): id is string => !!id).map((areaId) => ({ technicianId: t.id, areaId }));
	});
	await linkAreasIfMissing(db, links);
}
