/**
 * Shapes of the live map's data, shared by the server (src/lib/server/map) and the browser, and
 * the small pure rules the map applies to them (technician status, KPIs).
 */
import { callColours, romeDay, type CallColourKey } from '$lib/domain/call-colours';
import type { CallStatus } from '$lib/domain/call-lifecycle';

export type MapCall = {
	id: string;
	number: string;
	status: CallStatus;
	priority: 'low' | 'medium' | 'high';
	type: string;
	description: string;
	customerId: string;
	customerName: string;
	siteName: string;
	comune: string;
	province: string;
	lng: number;
	lat: number;
	equipmentSerial: string | null;
	equipmentModel: string | null;
	requiredSkills: string[];
	acknowledgeDue: string | null;
	onsiteDue: string | null;
	resolutionDue: string | null;
	acknowledgedAt: string | null;
	completedAt: string | null;
	areaIds: string[];
	technicianId: string | null;
	technicianName: string | null;
	assignment: 'none' | 'planned' | 'confirmed';
	plannedStart: string | null;
	plannedDay: string | null;
	unpaid: boolean;
};

export type TechnicianStatus = 'free' | 'travelling' | 'onSite' | 'offDuty';
export const TECHNICIAN_STATUSES: readonly TechnicianStatus[] = ['onSite', 'travelling', 'free', 'offDuty'];

export type MapPosition = {
	lng: number;
	lat: number;
	accuracy: number | null;
	heading: number | null;
	speed: number | null;
	recordedAt: string;
	source: 'phone' | 'vehicle' | 'home_base';
};

export type TechnicianJob = { callId: string; number: string; status: string; customerName: string; comune: string; startsAt: string; endsAt: string; assignmentStatus: string };

export type MapTechnician = {
	id: string;
	code: string;
	name: string;
	team: string | null;
	skills: string[];
	areaIds: string[];
	onShift: boolean;
	position: MapPosition | null;
	status: TechnicianStatus;
	jobs: TechnicianJob[];
};

export type MapArea = { id: string; kind: string; name: string; minLng: number; minLat: number; maxLng: number; maxLat: number };

export type MapSnapshot = {
	at: string;
	day: string;
	warningMinutes: number;
	staleMinutes: number;
	calls: MapCall[];
	technicians: MapTechnician[];
	areas: MapArea[];
	skills: { code: string; nameIt: string; nameEn: string }[];
	teams: string[];
};

/** Moving faster than this (m/s, ~5 km/h) counts as travelling even without a call in that state. */
export const MOVING_SPEED_MPS = 1.5;

/**
 * A technician's status: on site or travelling by their jobs' call states first (what they told
 * us), then by speed; off duty outside their shift when no job is under way; else free.
 */
export function technicianStatus(input: { onShift: boolean; jobStatuses: string[]; speed: number | null }): TechnicianStatus {
	if (input.jobStatuses.includes('on_site')) return 'onSite';
	if (input.jobStatuses.includes('travelling')) return 'travelling';
	if (!input.onShift) return 'offDuty';
	if ((input.speed ?? 0) >= MOVING_SPEED_MPS) return 'travelling';
	return 'free';
}

/** Whether a position is too old to trust (drawn faded). */
export function isStale(position: MapPosition | null, now: Date, staleMinutes: number): boolean {
	if (!position) return true;
	return now.getTime() - Date.parse(position.recordedAt) > staleMinutes * 60_000;
}

export type MapKpis = {
	openByPriority: { high: number; medium: number; low: number };
	breachedToday: number;
	dueWithin2h: number;
	unassigned: number;
	technicians: { onSite: number; travelling: number; free: number };
	completedToday: number;
};

const DONE = new Set(['completed', 'closed']);

/**
 * The wall screen's strip, recomputed on the page clock. "Breached today": open calls with a
 * due time that passed today (Rome), or done today after a due time. "Due within 2 hours": open
 * calls with a pending due time in the next two hours.
 */
export function mapKpis(calls: readonly MapCall[], technicians: readonly MapTechnician[], now: Date): MapKpis {
	// "Today" as an interval: the page runs this every second over thousands of calls, and asking
	// Intl for the day of each instant costs far more than comparing numbers.
	const [dayStart, dayEnd] = romeDayBounds(now);
	const isToday = (ms: number) => ms >= dayStart && ms < dayEnd;
	const t = now.getTime();
	const k: MapKpis = { openByPriority: { high: 0, medium: 0, low: 0 }, breachedToday: 0, dueWithin2h: 0, unassigned: 0, technicians: { onSite: 0, travelling: 0, free: 0 }, completedToday: 0 };
	for (const c of calls) {
		if (c.status === 'cancelled') continue;
		const dues = [c.acknowledgedAt ? null : c.acknowledgeDue, c.status === 'on_site' ? null : c.onsiteDue, c.resolutionDue].filter((d): d is string => !!d).map(Date.parse);
		if (DONE.has(c.status)) {
			const done = c.completedAt ? Date.parse(c.completedAt) : NaN;
			if (isToday(done)) {
				k.completedToday++;
				if ([c.onsiteDue, c.resolutionDue].some((d) => d && Date.parse(d) < done && isToday(Date.parse(d)))) k.breachedToday++;
			}
			continue;
		}
		k.openByPriority[c.priority]++;
		if (dues.some((d) => d <= t && isToday(d))) k.breachedToday++;
		if (dues.some((d) => d > t && d - t <= 2 * 3600_000)) k.dueWithin2h++;
		if (callColours(c, now, 0).includes('unassigned')) k.unassigned++;
	}
	for (const tech of technicians) if (tech.status !== 'offDuty') k.technicians[tech.status]++;
	return k;
}

/** The first instant of a Rome day (YYYY-MM-DD): midnight there is 22:00 or 23:00 UTC the day before. */
function romeDayStart(day: string): number {
	const [y, m, d] = day.split('-').map(Number);
	const utcMidnight = Date.UTC(y, m - 1, d);
	for (const hours of [2, 1]) {
		const t = utcMidnight - hours * 3600_000;
		if (romeDay(new Date(t)) === day) return t;
	}
	return utcMidnight - 3600_000;
}

/** Today in Rome as [start, end) in ms since the epoch (23 or 25 hours long on DST days). */
export function romeDayBounds(now: Date): [number, number] {
	const day = romeDay(now);
	const [y, m, d] = day.split('-').map(Number);
	const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
	return [romeDayStart(day), romeDayStart(next)];
}

export type { CallColourKey };
