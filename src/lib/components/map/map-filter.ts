/**
 * Which calls and technicians the map shows for the chosen filters (area, skill, priority,
 * state, team, and a search box for customer, serial or call number). Pure, for tests.
 */
import type { CallColourKey } from '$lib/domain/call-colours';
import type { MapCall, MapTechnician } from './map-types';

export type MapFilters = { area: string; skill: string; priority: string; state: string; team: string; q: string };
export const NO_FILTERS: MapFilters = { area: '', skill: '', priority: '', state: '', team: '', q: '' };

const fold = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[\s\-/.]/g, '');

export function callMatches(call: MapCall, states: readonly CallColourKey[], f: MapFilters, teamOf: (technicianId: string) => string | null): boolean {
	if (f.area && !call.areaIds.includes(f.area)) return false;
	if (f.skill && !call.requiredSkills.includes(f.skill)) return false;
	if (f.priority && call.priority !== f.priority) return false;
	if (f.state && !states.includes(f.state as CallColourKey)) return false;
	if (f.team && (!call.technicianId || teamOf(call.technicianId) !== f.team)) return false;
	if (f.q) {
		const q = fold(f.q);
		const hay = [call.number, call.customerName, call.equipmentSerial ?? '', call.siteName, call.comune].map(fold);
		if (!hay.some((h) => h.includes(q))) return false;
	}
	return true;
}

export function technicianMatches(t: MapTechnician, f: MapFilters): boolean {
	if (f.area && !t.areaIds.includes(f.area)) return false;
	if (f.skill && !t.skills.includes(f.skill)) return false;
	if (f.team && t.team !== f.team) return false;
	return true;
}
