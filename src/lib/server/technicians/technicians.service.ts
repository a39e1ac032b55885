import { authorize, type Actor } from '../auth/actor';
import { db } from '../db/client';
import * as queries from './technicians.queries';

/** GET /api/technicians: [{id, name, active, team, skills [{code, level}]}] (issue 5 adds positions and areas). */
export async function listTechnicians(actor: Actor) {
	authorize(actor, 'technicians.read');
	const rows = await queries.listTechniciansWithSkills(db());
	return rows.map((t) => ({ id: t.id, name: t.name, code: t.code, active: t.active, team: t.team, skills: t.skills, home: { lat: t.homeBase.lat, lng: t.homeBase.lng } }));
}
