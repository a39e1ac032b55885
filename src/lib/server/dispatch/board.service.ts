import { z } from 'zod';
import { findConflicts, weeklyShiftsFromRows, type BoardFacts, type Conflict } from '$lib/domain/conflicts';
import { BOARD_TIME_ZONE } from '$lib/domain/board-projection';
import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import { listTechniciansWithSkills } from '../technicians/technicians.queries';
import { areasOfSites, areasOfTechnicians } from '../areas/areas.queries';
import * as queries from './board.queries';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T12:00:00Z`)) && new Date(`${d}T12:00:00Z`).toISOString().startsWith(d), 'not a calendar day');

function parseDay(value: string): string {
	const r = day.safeParse(value);
	if (!r.success) throw new ValidationError('date', r.error.issues[0].message);
	return r.data;
}

/** The read model of one day: what the projection wrote to PostgreSQL. */
export async function dayAssignments(actor: Actor, date: string) {
	authorize(actor, 'board.read');
	const d = parseDay(date);
	const rows = await queries.loadDayAssignments(db(), d);
	return rows.map(({ id, callId, technicianId, startsAt, endsAt, status }) => ({ id, callId, technicianId, start: startsAt, end: endsAt, status }));
}

/**
 * Facts the conflict rules need, for the technicians and calls of a plan: skills, weekly shifts
 * (null when none are stored), areas of competence (null = anywhere) and the areas containing
 * each call's site (null until the areas module has computed them).
 */
export async function boardFacts(technicianIds: string[], callIds: string[]): Promise<BoardFacts> {
	const database = db();
	const [techs, calls, shiftRows, techAreas] = await Promise.all([
		listTechniciansWithSkills(database, technicianIds),
		queries.callFacts(database, callIds),
		queries.shiftRowsOf(database, technicianIds),
		areasOfTechnicians(database, technicianIds)
	]);
	const siteAreas = await areasOfSites(database, [...new Set(calls.map((c) => c.siteId))]);
	return {
		timeZone: BOARD_TIME_ZONE,
		technicians: new Map(
			techs.map((t) => [
				t.id,
				{
					id: t.id,
					name: t.name,
					skills: Object.fromEntries(t.skills.map((s) => [s.code, s.level])),
					shifts: weeklyShiftsFromRows(shiftRows.filter((r) => r.technicianId === t.id)),
					areaIds: techAreas.get(t.id) ?? null
				}
			])
		),
		calls: new Map(
			calls.map((c) => [
				c.id,
				{
					id: c.id,
					number: c.number,
					requiredSkills: c.requiredSkills.map((code) => ({ code, level: 1 })),
					onsiteDue: c.onsiteDue?.toISOString() ?? null,
					siteAreaIds: siteAreas.get(c.siteId) ?? null,
					partsAvailable: null
				}
			])
		)
	};
}

/** The authoritative conflicts of a day, computed with the same pure rules the browser runs. */
export async function dayConflicts(actor: Actor, date: string): Promise<Array<Conflict & { message: string }>> {
	authorize(actor, 'board.read');
	const d = parseDay(date);
	const [assignments, blocks] = await Promise.all([queries.loadDayAssignments(db(), d), queries.loadDayBlocks(db(), d)]);
	const facts = await boardFacts([...new Set([...assignments.map((a) => a.technicianId), ...blocks.map((b) => b.technicianId)])], [...new Set(assignments.map((a) => a.callId))]);
	return findConflicts(assignments, blocks, facts).map((c) => ({ ...c, message: describeConflict(c, facts) }));
}

/** One sentence in Italian for API consumers; the board renders its own localized text. */
export function describeConflict(c: Conflict, facts: BoardFacts): string {
	switch (c.kind) {
		case 'overlap':
			return `Si sovrappone a un altro intervento${c.otherCallNumber ? ` (chiamata ${c.otherCallNumber})` : ''}`;
		case 'missing-skill':
			return `Competenza mancante: ${c.skill} (richiesto livello ${c.required}, tecnico ${c.actual})`;
		case 'outside-shift':
			return 'Fuori dall’orario di lavoro del tecnico';
		case 'during-absence':
			return `Durante un’assenza del tecnico (${c.reason})`;
		case 'outside-area':
			return 'Fuori dalle aree di competenza del tecnico';
		case 'after-sla':
			return `Inizio dopo la scadenza SLA di intervento (${c.lateMinutes} min di ritardo)`;
		case 'parts-unavailable':
			return 'Ricambi non disponibili';
	}
	void facts;
	throw new NotFoundError('unknown conflict');
}
