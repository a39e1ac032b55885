/**
 * Map data for dispatchers, supervisors and wall screens: every open call at its site with what
 * the colours need (due times, assignment, unpaid flag), every technician with last position and
 * status, today's jobs and trail. Colours and KPIs are computed in the browser on its own clock
 * (src/lib/domain/call-colours.ts, map-kpis.ts) so they change as due times pass with no event.
 */
import { z } from 'zod';
import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import { todayInRome } from '../dispatch/board-page.service';
import { NotFoundError } from '../errors';
import { positionStaleMinutes } from '../positions/position-settings';
import { dueSoonMinutes } from '../sla/due-soon.service';
import { unpaidCustomers } from '../receivables/receivables.service';
import * as queries from './map.queries';
import { technicianStatus, type MapCall, type MapSnapshot, type MapTechnician, type TechnicianJob } from '$lib/components/map/map-types';


/** 00:00 today in Rome as an instant. */
export function startOfRomeDay(now: Date): Date {
	const day = todayInRome(now);
	for (const offset of ['+01:00', '+02:00']) {
		const candidate = new Date(`${day}T00:00:00${offset}`);
		if (todayInRome(candidate) === day && todayInRome(new Date(candidate.getTime() - 1)) !== day) return candidate;
	}
	return new Date(`${day}T00:00:00+01:00`);
}

const iso = (d: Date | string | null) => (d === null ? null : typeof d === 'string' ? new Date(d).toISOString() : d.toISOString());

function toCall(row: queries.MapCallRow, unpaid: Set<string>): MapCall {
	return {
		id: row.id,
		number: row.number,
		status: row.status as MapCall['status'],
		priority: row.priority,
		type: row.type,
		description: row.description,
		customerId: row.customerId,
		customerName: row.customerName,
		siteName: row.siteName,
		comune: row.comune,
		province: row.province,
		lng: Number(row.lng),
		lat: Number(row.lat),
		equipmentSerial: row.equipmentSerial,
		equipmentModel: row.equipmentModel,
		requiredSkills: row.requiredSkills ?? [],
		acknowledgeDue: iso(row.acknowledgeDue),
		onsiteDue: iso(row.onsiteDue),
		resolutionDue: iso(row.resolutionDue),
		acknowledgedAt: iso(row.acknowledgedAt),
		completedAt: iso(row.completedAt),
		areaIds: row.areaIds ?? [],
		technicianId: row.technicianId,
		technicianName: row.technicianName,
		assignment: row.assignmentStatus ?? 'none',
		plannedStart: iso(row.plannedStart),
		plannedDay: row.plannedDay,
		unpaid: unpaid.has(row.customerId)
	};
}

function toTechnician(row: queries.MapTechnicianRow, jobs: TechnicianJob[], now: Date): MapTechnician {
	const position =
		row.lng === null || row.lat === null || row.recordedAt === null
			? null
			: {
					lng: Number(row.lng),
					lat: Number(row.lat),
					accuracy: row.accuracy,
					heading: row.heading,
					speed: row.speed,
					recordedAt: iso(row.recordedAt)!,
					source: (row.source ?? 'phone') as 'phone' | 'vehicle' | 'home_base'
				};
	return {
		id: row.id,
		code: row.code,
		name: row.name,
		team: row.team,
		skills: row.skills ?? [],
		areaIds: row.areaIds ?? [],
		onShift: row.onShift,
		position,
		status: technicianStatus({ onShift: row.onShift, jobStatuses: jobs.map((j) => j.status), speed: position?.speed ?? null }),
		jobs
	};
}

function jobsByTechnician(rows: queries.TodayJobRow[]): Map<string, TechnicianJob[]> {
	const out = new Map<string, TechnicianJob[]>();
	for (const r of rows) {
		const list = out.get(r.technicianId) ?? [];
		list.push({ callId: r.callId, number: r.number, status: r.status, customerName: r.customerName, comune: r.comune, startsAt: iso(r.startsAt)!, endsAt: iso(r.endsAt)!, assignmentStatus: r.assignmentStatus });
		out.set(r.technicianId, list);
	}
	return out;
}

export async function mapSnapshot(actor: Actor | null | undefined, now = new Date()): Promise<MapSnapshot> {
	authorize(actor, 'map.read');
	const database = db();
	const day = todayInRome(now);
	const [callRows, techRows, jobRows, warningMinutes, areas, skills, staleMinutes] = await Promise.all([
		queries.mapCalls(database, startOfRomeDay(now)),
		queries.mapTechnicians(database, now),
		queries.jobsOfDay(database, day),
		dueSoonMinutes(),
		queries.areaChoices(database),
		queries.skillChoices(database),
		positionStaleMinutes()
	]);
	const unpaid = await unpaidCustomers([...new Set(callRows.map((c) => c.customerId))], now);
	const jobs = jobsByTechnician(jobRows);
	const technicians = techRows.map((t) => toTechnician(t, jobs.get(t.id) ?? [], now));
	return {
		at: now.toISOString(),
		day,
		warningMinutes,
		staleMinutes,
		calls: callRows.map((c) => toCall(c, unpaid)),
		technicians,
		areas,
		skills,
		teams: [...new Set(technicians.map((t) => t.team).filter((t): t is string => !!t))].sort()
	};
}

const idInput = z.uuid({ message: 'not an id' });

/**
 * One call as the map shows it (null once it leaves the map: cancelled, or done on another day),
 * with its technician's row, which the change may have moved (free -> travelling...).
 */
export async function mapCall(actor: Actor | null | undefined, id: string, now = new Date()): Promise<{ call: MapCall | null; technicians: MapTechnician[] }> {
	authorize(actor, 'map.read');
	if (!idInput.safeParse(id).success) throw new NotFoundError('call not found');
	const database = db();
	const [row] = await queries.mapCalls(database, startOfRomeDay(now), id);
	const unpaid = row ? await unpaidCustomers([row.customerId], now) : new Set<string>();
	const technicians = row?.technicianId ? await mapTechnicianRows(row.technicianId, now) : [];
	return { call: row ? toCall(row, unpaid) : null, technicians };
}

async function mapTechnicianRows(technicianId: string, now: Date): Promise<MapTechnician[]> {
	const database = db();
	const [rows, jobRows] = await Promise.all([queries.mapTechnicians(database, now, technicianId), queries.jobsOfDay(database, todayInRome(now), technicianId)]);
	const jobs = jobsByTechnician(jobRows);
	return rows.map((t) => toTechnician(t, jobs.get(t.id) ?? [], now));
}

export async function mapTechnician(actor: Actor | null | undefined, id: string, now = new Date()): Promise<MapTechnician> {
	authorize(actor, 'map.read');
	if (!idInput.safeParse(id).success) throw new NotFoundError('technician not found');
	const [tech] = await mapTechnicianRows(id, now);
	if (!tech) throw new NotFoundError('technician not found');
	return tech;
}

/** Today's path of one technician (Rome day), thinned for drawing. */
export async function todaysTrail(actor: Actor | null | undefined, technicianId: string, now = new Date()) {
	authorize(actor, 'map.read');
	if (!idInput.safeParse(technicianId).success) throw new NotFoundError('technician not found');
	const points = await queries.trailSince(db(), technicianId, startOfRomeDay(now));
	return points.map((p) => ({ lng: Number(p.lng), lat: Number(p.lat), recordedAt: iso(p.recordedAt)! }));
}

/** Areas to pick from (wall screen rotation, filters). */
export async function areaChoicesFor(actor: Actor | null | undefined) {
	authorize(actor, 'map.read');
	return queries.areaChoices(db());
}
